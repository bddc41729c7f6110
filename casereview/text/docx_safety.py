"""Vet a DOCX package before python-docx (and so lxml) opens it.

A DOCX is a zip of XML parts, so a hostile one can be a zip bomb (a few KB that
unpack to gigabytes) or carry XML with a DOCTYPE: entity declarations that expand
exponentially ("billion laughs") or external entities pointing at files on the
server (XXE). python-docx's lxml parser does not resolve entities, but Word never
writes a DOCTYPE, so a part that has one is refused outright rather than trusted to
parser settings. Every XML part is streamed once through defusedxml (expat, no tree
kept), which also catches malformed XML and names the part.

Used by the text engine's DOCX reader and by the agency-report upload check.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from casereview.text import resources as r


class UnsafeDocx(ValueError):
    """The package is not a DOCX that can be opened safely.

    str() is the text engine's whole message (what is wrong and what to do); `reason`
    is only what is wrong, for callers that word their own advice around it.
    """

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


#: The parts python-docx parses as XML carry these names; media (images, fonts) are never parsed.
_XML_SUFFIXES = (".xml", ".rels")
# Reading a member can fail in all of these ways on a damaged or hostile archive:
# bad CRC, truncated stream, encrypted member, unsupported compression method.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError,
               NotImplementedError, ValueError)


def check_docx_package(data: bytes) -> None:
    """Raise UnsafeDocx unless `data` is a zip of modest size whose XML parts are well formed and DTD-free."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise UnsafeDocx("corrupt DOCX: not a valid Word document (zip); save it again from Word",
                         "it is not a valid zip package") from None
    with archive:
        infos = archive.infolist()
        _check_sizes(infos)
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                try:
                    with archive.open(info) as stream:
                        _check_xml(stream, info.filename)
                except UnsafeDocx:
                    raise
                except _ZIP_ERRORS:
                    raise UnsafeDocx(f"corrupt DOCX: the part {info.filename} cannot be unpacked; "
                                     "save it again from Word", f"the part {info.filename} cannot be unpacked") from None


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse on the sizes the archive declares; zipfile never yields more than a member declares."""
    if len(infos) > r.DOCX_MAX_MEMBERS:
        raise UnsafeDocx(f"DOCX has {len(infos):,} parts (a Word document has a few dozen): "
                         "refused as a possible zip bomb",
                         f"it holds {len(infos):,} parts where a Word document has a few dozen (a possible zip bomb)")
    total = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos) or 1
    if total > r.DOCX_MAX_UNCOMPRESSED or total / compressed > r.DOCX_MAX_RATIO:
        raise UnsafeDocx(
            f"DOCX expands to more than {r.DOCX_MAX_UNCOMPRESSED // 1_048_576} MB or {r.DOCX_MAX_RATIO}x its size "
            f"({total / 1_048_576:.0f} MB): refused as a possible zip bomb",
            f"it unpacks to {total / 1_048_576:.0f} MB, {total / compressed:,.0f} times its size (a possible zip bomb)",
        )


def _check_xml(stream: IO[bytes], part: str) -> None:
    """Stream one part through expat with every DTD refused; elements are dropped as soon as they end."""
    try:
        for _event, element in iterparse(stream, forbid_dtd=True, forbid_entities=True, forbid_external=True):
            element.clear()
    except DefusedXmlException:
        raise UnsafeDocx(f"DOCX refused: the part {part} declares a DOCTYPE or XML entities, which Word never "
                         "writes and which are refused for safety; save it again from Word",
                         f"the part {part} declares XML entities (a DOCTYPE), which Word never writes") from None
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise UnsafeDocx(f"corrupt DOCX: the part {part} is not well-formed XML (line {line}, column {column}); "
                         "save it again from Word",
                         f"the part {part} is not well-formed XML (line {line}, column {column})") from None
