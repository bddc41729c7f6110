"""Readers: turn the bytes of a PDF, HTML, DOCX, TXT or MD file into raw text.

Each reader returns a `RawDocument` whose text keeps the structure the format gives
for free (page breaks as form feeds, headings as Markdown `#` lines, list items as
`- ` lines) so that normalisation and segmentation can use it. Every failure is a
`ReadError` whose message says what is wrong and what the user can do about it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from casereview.text import ocr
from casereview.text import resources as r

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument


class ReadError(ValueError):
    """A file the engine cannot read; the message is shown to the user as is."""


@dataclass
class RawDocument:
    """Text as read from a file, before normalisation."""

    text: str
    links: list[str] = field(default_factory=list)
    title: str | None = None
    #: Pages (1-based) whose text came from OCR rather than a text layer.
    ocr_pages: list[int] = field(default_factory=list)


def suffix_of(filename: str) -> str:
    """Lower-case extension including the dot ("" when there is none)."""
    return PurePath(filename).suffix.lower()


def check_suffix(filename: str) -> str:
    """The file's extension, or ReadError when the engine has no reader for it."""
    suffix = suffix_of(filename)
    if suffix not in r.SUPPORTED_SUFFIXES:
        raise ReadError(f"unsupported file type {suffix or '(none)'}: use PDF, HTML, DOCX, TXT or MD")
    return suffix


def check_size(size: int, max_bytes: int | None) -> None:
    """Refuse files over the configured limit before parsing anything."""
    limit = r.DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    if size > limit:
        raise ReadError(
            f"file too large ({size / 1_048_576:.1f} MB > limit {limit / 1_048_576:.1f} MB): "
            "split the document or ask an administrator to raise the limit"
        )


def read_bytes(data: bytes, filename: str, *, max_bytes: int | None = None) -> RawDocument:
    """Dispatch on the file extension; the extension is the user's declared format."""
    suffix = check_suffix(filename)
    check_size(len(data), max_bytes)
    if not data.strip():
        raise ReadError("empty file: nothing to read")
    if suffix == ".pdf":
        return read_pdf(data)
    if suffix in (".html", ".htm"):
        return read_html(data)
    if suffix == ".docx":
        return read_docx(data)
    return RawDocument(text=decode_text(data))


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252 as Word exports do."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def read_pdf(data: bytes) -> RawDocument:
    """Text of every page, pages separated by form feeds; image-only pages are OCR'd.

    pypdfium2 is used because it gives the best text quality of the permissively
    licensed PDF libraries and is fast. A page whose text layer has enough letters is
    read from it and never OCR'd; a page without one (a scan) is rendered and read by
    Tesseract (casereview.text.ocr), so a mixed PDF keeps its text layer where it has one.
    """
    import pypdfium2 as pdfium

    if not data.lstrip().startswith(b"%PDF"):
        raise ReadError("corrupt PDF: the file does not start with a PDF header; export it again")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ReadError("encrypted PDF: remove the password and upload again") from None
        raise ReadError(f"corrupt PDF: cannot be opened ({exc}); export or download it again") from None
    if len(pdf) > r.PDF_MAX_PAGES:
        count = len(pdf)
        pdf.close()
        raise ReadError(f"PDF has {count:,} pages (limit {r.PDF_MAX_PAGES:,}): split the document and upload the parts")
    pages: list[str] = []
    ocr_pages: list[int] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = _page_text(textpage)
            textpage.close()
            if not _has_alnum(text, r.MIN_PDF_PAGE_TEXT_CHARS) and _has_drawing(page):
                ocr_pages.append(index + 1)
                if len(ocr_pages) > r.OCR_MAX_PAGES:
                    raise ReadError(
                        f"scanned PDF: more than {r.OCR_MAX_PAGES} pages are images and need OCR; "
                        "split the document or upload a text PDF"
                    )
                text = _ocr_page(page, index + 1)
            pages.append(text)
            page.close()
    except pdfium.PdfiumError as exc:
        raise ReadError(f"corrupt PDF: a page cannot be read ({exc}); export or download it again") from None
    finally:
        pdf.close()
    text = "\f".join(pages)
    if not _has_alnum(text, r.MIN_PDF_TEXT_CHARS):
        if ocr_pages:
            raise ReadError("scanned PDF: OCR found no text on its pages; upload a clearer scan or a text PDF")
        raise ReadError("empty PDF: no text to read and no images to OCR; export the document again")
    return RawDocument(text=text, ocr_pages=ocr_pages)


def _has_drawing(page: object) -> bool:
    """Does the page draw anything (an image, or paths such as outlined text) that OCR could read?"""
    import pypdfium2.raw as pdfium_c

    kinds = [pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH]
    return next(iter(page.get_objects(filter=kinds)), None) is not None  # type: ignore[attr-defined]


def _ocr_page(page: object, number: int) -> str:
    """Tesseract's text of one rendered page; a ReadError naming the page if OCR fails."""
    try:
        return ocr.read_page(page)
    except ocr.OcrUnavailable as exc:
        raise ReadError(f"scanned PDF (page {number}): {exc}") from None
    except TimeoutError as exc:
        raise ReadError(f"scanned PDF (page {number}): {exc}; upload a text PDF or a clearer scan") from None


def _page_text(textpage: object) -> str:
    """A page's lines in content order, with a blank line where the vertical gap is wide.

    PDF text layers carry no paragraph marks; the gap between lines is the only
    evidence of a paragraph break, so lines are rebuilt from PDFium's text rectangles
    and a blank line is inserted where the line pitch jumps well above its median (or
    goes back up the page, as at a new column).
    """
    count = textpage.count_rects()  # type: ignore[attr-defined]
    if count == 0:
        return textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")  # type: ignore[attr-defined]
    lines: list[list] = []  # [top, bottom, text]
    for index in range(count):
        left, bottom, right, top = textpage.get_rect(index)  # type: ignore[attr-defined]
        text = textpage.get_text_bounded(left, bottom, right, top)  # type: ignore[attr-defined]
        text = " ".join(text.replace("\r", "\n").split("\n"))
        if lines and abs(lines[-1][0] - top) < 0.5 * max(top - bottom, 1.0):
            lines[-1][2] = lines[-1][2] + " " + text
            lines[-1][1] = min(lines[-1][1], bottom)
        else:
            lines.append([top, bottom, text])
    # The usual line pitch is a low percentile of the jumps (paragraph gaps are the
    # larger ones, and can be the majority on a page of short paragraphs); a jump
    # well beyond the pitch or twice the glyph height is a paragraph gap.
    pitches = sorted(a[0] - b[0] for a, b in zip(lines, lines[1:], strict=False) if a[0] > b[0])
    pitch = pitches[len(pitches) // 5] if pitches else 0.0
    heights = sorted(line[0] - line[1] for line in lines)
    glyph = heights[len(heights) // 2] if heights else 0.0
    out = [lines[0][2]]
    for prev, cur in zip(lines, lines[1:], strict=False):
        jump = prev[0] - cur[0]
        if jump <= 0 or (pitch and jump > 1.35 * pitch) or (glyph and jump > 2.0 * glyph):
            out.append("")
        out.append(cur[2])
    return "\n".join(out)


def _has_alnum(text: str, count: int) -> bool:
    """At least `count` letters or digits (`sum(ch.isalnum() ...) >= count`, stopping once there are enough)."""
    if count <= 0:
        return True
    for ch in text:
        if ch.isalnum():
            count -= 1
            if count == 0:
                return True
    return False


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------


def read_html(data: bytes) -> RawDocument:
    """Main text of a web page without site chrome.

    trafilatura finds the main content (dropping navigation, cookie banners, footers)
    and keeps headings and list items as Markdown. Very short pages defeat its
    heuristics, so they fall back to an lxml pass that removes chrome by tag and by
    class/id.
    """
    import trafilatura
    from lxml import etree
    from lxml import html as lxml_html

    html = decode_text(data)
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):
        raise ReadError("empty HTML: no main text found; save the page's article text or upload the PDF") from None
    title = _html_title(tree)
    # One parse serves both the title and trafilatura, which accepts an lxml tree.
    extracted = trafilatura.extract(
        tree,
        output_format="markdown",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_comments=False,
        favor_recall=True,
        deduplicate=False,
    )
    text = extracted or ""
    if len(text.strip()) < r.HTML_FALLBACK_CHARS:
        fallback = _html_fallback_text(html)
        if len(fallback.strip()) > len(text.strip()):
            text = fallback
    links: list[str] = []
    if "](" in text:  # every Markdown link has it: most pages' text needs no scan
        links = [url for _, url in r.MARKDOWN_LINK_RE.findall(text) if url.lower().startswith(("http", "www."))]
        text = r.MARKDOWN_LINK_RE.sub(lambda m: m.group(1), text)
    if not _has_alnum(text, 20):
        raise ReadError("empty HTML: no main text found; save the page's article text or upload the PDF")
    return RawDocument(text=text, links=links, title=title)


def _html_title(tree: object) -> str | None:
    """The page's first <h1>, else its <title>: only a hint for the review title."""
    for path in (".//h1", ".//title"):
        element = tree.find(path)  # type: ignore[attr-defined]
        if element is not None:
            text = " ".join(element.text_content().split())
            if text:
                return text
    return None


_BLOCK_TAGS = {"p", "div", "section", "article", "main", "br", "tr", "table", "blockquote", "dd", "dt"}


def _html_fallback_text(html: str) -> str:
    """Block-aware text of the page with chrome elements removed (for short pages)."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        attrs = " ".join(filter(None, (element.get("class"), element.get("id"), element.get("role"))))
        if element.tag in r.CHROME_TAGS or (attrs and r.CHROME_ATTR_RE.search(attrs)):
            parent = element.getparent()
            if parent is not None:
                element.drop_tree()
    lines: list[str] = []

    def walk(node: object) -> None:
        tag = getattr(node, "tag", None)
        if not isinstance(tag, str):
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            lines.append("#" * int(tag[1]) + " " + " ".join(node.text_content().split()))  # type: ignore[attr-defined]
            return
        if tag == "li":
            lines.append("- " + " ".join(node.text_content().split()))  # type: ignore[attr-defined]
            return
        if tag in _BLOCK_TAGS and not any(
            isinstance(child.tag, str) and (child.tag in _BLOCK_TAGS or child.tag in ("ul", "ol", "h1", "h2", "h3"))
            for child in node  # type: ignore[attr-defined]
        ):
            content = " ".join(node.text_content().split())  # type: ignore[attr-defined]
            if content:
                lines.append(content)
            return
        if node.text and node.text.strip():  # type: ignore[attr-defined]
            lines.append(" ".join(node.text.split()))  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
            if child.tail and child.tail.strip():
                lines.append(" ".join(child.tail.split()))

    body = root.find("body")
    walk(body if body is not None else root)
    return "\n\n".join(line for line in lines if line.strip("#- "))


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def check_docx(data: bytes) -> None:
    """Refuse a zip bomb, malformed XML or any DOCTYPE (entity expansion, XXE) before python-docx opens it."""
    from casereview.text.docx_safety import UnsafeDocx, check_docx_package

    try:
        check_docx_package(data)
    except UnsafeDocx as exc:
        raise ReadError(str(exc)) from None


def read_docx(data: bytes) -> RawDocument:
    """Paragraphs and tables in document order; headings as `#`, list paragraphs as `- `."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    check_docx(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError) as exc:
        raise ReadError(f"corrupt DOCX: cannot be opened ({exc}); save it again from Word") from None
    try:
        blocks, links = _docx_content(document)
        title = document.core_properties.title or None
    except (AttributeError, TypeError, ValueError, KeyError) as exc:
        # Well-formed XML that is not Word's structure (a root other than w:document, say).
        raise ReadError(f"corrupt DOCX: the document's structure is not Word's ({type(exc).__name__}); "
                        "save it again from Word") from None
    text = "\n\n".join(block for block in blocks if block.strip())
    if not text.strip():
        raise ReadError("empty DOCX: the document has no text")
    return RawDocument(text=text, links=links, title=title)


def _docx_content(document: DocxDocument) -> tuple[list[str], list[str]]:
    """The document's blocks (paragraphs, table cells) in order, and its external hyperlinks."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(_docx_paragraph_text(Paragraph(child, document)))
        elif tag == "tbl":
            blocks.extend(_docx_table_blocks(Table(child, document)))
    links = [
        rel.target_ref
        for rel in document.part.rels.values()
        if rel.reltype.endswith("/hyperlink") and rel.is_external
    ]
    return blocks, links


_HEADING_STYLE_RE = re.compile(r"^(?:heading\s*(\d)|title)$", re.IGNORECASE)


def _docx_paragraph_text(paragraph: object) -> str:
    """One paragraph, marked as heading or list item from its style or numbering."""
    text = paragraph.text.strip()  # type: ignore[attr-defined]
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""  # type: ignore[attr-defined]
    heading = _HEADING_STYLE_RE.match(style.strip())
    if heading:
        return "#" * int(heading.group(1) or 1) + " " + " ".join(text.split())
    ppr = paragraph._p.pPr  # type: ignore[attr-defined]
    numbered = ppr is not None and ppr.numPr is not None
    if numbered or style.lower().startswith("list"):
        return "- " + text
    return text


def _docx_table_blocks(table: object) -> list[str]:
    """Each distinct cell's paragraphs as blocks, row by row (merged cells once)."""
    # The set holds the lxml elements themselves, which keeps their proxies alive so
    # identity comparison is stable for merged cells that python-docx repeats.
    seen: set[object] = set()
    blocks: list[str] = []
    for row in table.rows:  # type: ignore[attr-defined]
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            for paragraph in cell.paragraphs:
                blocks.append(_docx_paragraph_text(paragraph))
            for inner in cell.tables:
                blocks.extend(_docx_table_blocks(inner))
    return blocks
