"""Hostile uploads, built in memory: each is small, and each would hurt a careless reader.

Shared by the text engine, library and agency-report tests so every upload route is
tried with the same files.
"""

from __future__ import annotations

import io
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with(document_xml: bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A real Word document (made by python-docx) whose word/document.xml is replaced by `document_xml`."""
    import docx

    original = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Learning point 1: agencies should share information about the family.")
    document.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def docx_document_xml(text: str = "Learning point 1: agencies should share information about the family.") -> bytes:
    """A minimal, valid word/document.xml with one paragraph."""
    return _body(text)


def _body(text: str) -> bytes:
    return f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'.encode()


def billion_laughs_docx() -> bytes:
    """Ten nested entities, each ten times the last: 10^9 'lol's if expanded (a few GB)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = "<!DOCTYPE w:document [" + "".join(entities) + "]>"
    return docx_with(b'<?xml version="1.0"?>' + doctype.encode() + _body("&lol9;"))


def xxe_docx(secret_path: str) -> bytes:
    """word/document.xml whose text is an external entity naming a file on the server."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{secret_path}">]>'
    return docx_with(b'<?xml version="1.0"?>' + doctype.encode() + _body("Learning point 1: &secret;"))


def malformed_xml_docx() -> bytes:
    """word/document.xml cut off half way through an element."""
    return docx_with(_body("Learning point 1: agencies should share")[:-30])


def zip_bomb_docx() -> bytes:
    """A real DOCX with 30 MB of spaces inside word/document.xml, about 30 KB compressed (a ratio of 1,000)."""
    return docx_with(b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")


def many_pages_pdf(pages: int) -> bytes:
    """A PDF whose page tree lists one page of text `pages` times: a few bytes a page, so 100,000 fit in 600 KB."""
    text = b"BT /F1 12 Tf 72 720 Td (Learning point: agencies should share information.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b"4 0 R " * pages + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


class CountingFile(io.BytesIO):
    """An upload that counts how many bytes anyone read from it (to prove a refusal read nothing past the limit)."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.size = len(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def chunks(self, chunk_size: int = 64 * 1024):
        self.seek(0)
        while chunk := self.read(chunk_size):
            yield chunk
