"""Check an uploaded agency document by its content, not only its name.

A PDF starts with "%PDF-"; a DOCX is a ZIP package holding word/document.xml
and [Content_Types].xml. Anything else is refused, whatever its extension says.
Every upload is hostile until checked: its size is checked before it is read (and
no more than the limit is ever read), and a DOCX must be a package Word could have
written: no zip bomb, no malformed XML, no entity declarations (billion laughs, XXE),
because whoever downloads it opens it in their own word processor.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from casereview.tabular.reader import megabytes
from casereview.text.docx_safety import UnsafeDocx, check_docx_package

ALLOWED = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int
    sha256: str


class UploadRefused(ValueError):
    pass


def sniff(head: bytes, data: bytes) -> str | None:
    """'pdf', 'docx' or None, from the bytes alone."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def read_limited(file: IO[bytes], *, max_bytes: int) -> bytes:
    """The upload's bytes, refusing one over `max_bytes` without reading it (or reading one byte past the limit).

    Django's UploadedFile knows its size (counted as it arrived); other file objects are
    read no further than max_bytes + 1, which is enough to know they are too big.
    """
    size = getattr(file, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {megabytes(max_bytes)} (it is {megabytes(size)}).")
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {megabytes(max_bytes)}.")
    return data


def check_upload(*, name: str, data: bytes, max_bytes: int) -> CheckedUpload:
    """Refuse empty, oversized, mis-named or unrecognised files with a message that says what to fix."""
    if not data:
        raise UploadRefused("The selected file is empty: choose the agency's report as a PDF or Word (.docx) file.")
    if len(data) > max_bytes:
        raise UploadRefused(f"The selected file must be smaller than {megabytes(max_bytes)} "
                            f"(it is {megabytes(len(data))}).")
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise UploadRefused("The selected file must be a PDF or a Word document (.docx).")
    actual = sniff(data[:8], data)
    if actual is None:
        raise UploadRefused(f"The selected file is called .{extension} but is not a real "
                            f"{'PDF' if extension == 'pdf' else 'Word document'}: save it again as PDF or .docx.")
    if actual != extension:
        raise UploadRefused(f"The selected file is a {actual.upper()} but is named .{extension}: rename it to .{actual}.")
    if actual == "docx":
        try:
            check_docx_package(data)
        except UnsafeDocx as exc:
            raise UploadRefused(f"The selected Word document cannot be accepted: {exc.reason}. "
                                "Open it in Word, save it again as .docx and upload that.") from None
    return CheckedUpload(extension=actual, content_type=ALLOWED[actual], size=len(data),
                         sha256=hashlib.sha256(data).hexdigest())
