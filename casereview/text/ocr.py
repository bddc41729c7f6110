"""OCR of scanned PDF pages with Tesseract (Debian's tesseract-ocr and its English data).

Only pages without a usable text layer come here (readers.read_pdf decides). Each page
is rendered by PDFium to a greyscale image and read by Tesseract through pytesseract,
offline, with the traineddata Debian installs. Damaged low-resolution scans need more:
heavy noise reduction for speckled pages below 250 dpi, bullets Tesseract dropped put
back from word positions, and specks' lone marks removed (`tidy_ocr_text`). The text
then goes through the same normalisation as any other reader's output, which already
repairs OCR noise ("e " bullets, hyphenated line ends, running headers).

Every failure is a `ReadError` the user can act on: Tesseract missing, a page too
large to render, a page that takes too long.
"""

from __future__ import annotations

import os
import re
from typing import Any

from casereview.text import resources as r


class OcrUnavailable(RuntimeError):
    """Tesseract (or its English data) is not installed on this server."""


def render_page(page: Any, dpi: int = r.OCR_DPI) -> Any:
    """A PDFium page as a greyscale PIL image at `dpi`, scaled down for huge pages.

    A hostile PDF can declare a page of many square metres; rendering it at 300 dpi
    would exhaust memory, so the scale is capped to keep the image under
    OCR_MAX_PIXELS (a real A0 scan still renders, at a lower resolution).
    """
    width, height = page.get_size()  # points (1/72 inch)
    scale = dpi / 72
    pixels = width * scale * height * scale
    if pixels > r.OCR_MAX_PIXELS:
        scale *= (r.OCR_MAX_PIXELS / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil()


def skew_angle(image: Any) -> float:
    """The small rotation (degrees, PIL's counter-clockwise sense) that levels a page image's text lines.

    Tesseract drops whole lines of a page scanned a degree or two askew (measured on
    generated scans), so pages are levelled first. The angle whose horizontal
    projection is sharpest (text lines and the gaps between them most distinct) is
    the skew; rows are averaged by PIL's box resize, so the search stays in C.
    """
    from PIL import Image

    small = image.convert("L")
    small.thumbnail((r.OCR_DESKEW_WIDTH, r.OCR_DESKEW_WIDTH * 2))
    ink = small.point(lambda v: 255 if v < 160 else 0)
    best_angle, best_score = 0.0, -1.0
    steps = int(r.OCR_DESKEW_MAX_DEGREES / r.OCR_DESKEW_STEP)
    for step in range(-steps, steps + 1):
        angle = step * r.OCR_DESKEW_STEP
        rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST)
        rows = rotated.resize((1, ink.height), Image.Resampling.BOX).tobytes()  # one byte a row
        score = float(sum((a - b) ** 2 for a, b in zip(rows, rows[1:], strict=False)))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def deskew(image: Any) -> Any:
    """The page image rotated level (unchanged when it already is)."""
    from PIL import Image

    angle = skew_angle(image)
    if abs(angle) < r.OCR_DESKEW_STEP:
        return image
    return image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)


def is_speckled(image: Any) -> bool:
    """Does a page image carry scanner dust? Dark pixels in its side margins say so.

    Margins are blank on a clean page (text, headers and page numbers stay inside them),
    so a few dark pixels there are specks; counted from PIL's histogram, so it stays in C.
    """
    grey = image.convert("L")
    width, height = grey.size
    dark = area = 0
    for left, right in ((0.01, 0.05), (0.95, 0.99)):
        box = (int(width * left), int(height * 0.05), int(width * right), int(height * 0.95))
        dark += sum(grey.crop(box).histogram()[:128])
        area += max(1, (box[2] - box[0]) * (box[3] - box[1]))
    return dark / area > r.OCR_SPECK_MARGIN_INK


def scan_dpi(page: Any) -> float | None:
    """The resolution of the widest image drawn on a PDFium page (None without one)."""
    import pypdfium2.raw as pdfium_c

    best: float | None = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, _, right, _ = obj.get_bounds()
        if right - left > 1:
            dpi = obj.get_px_size()[0] / ((right - left) / 72)
            best = dpi if best is None else max(best, dpi)
    return best


def read_page(page: Any) -> str:
    """A scanned PDFium page's text: rendered, levelled, read by Tesseract, specks' marks removed.

    Heavy noise reduction is for speckled scans below OCR_SPECKLED_MAX_DPI only: there a
    speck is a blob as big as a bullet, while at 300 dpi Tesseract's own filtering copes
    and heavy reduction only costs small marks such as a colon's dots.
    """
    image = deskew(render_page(page))
    dpi = scan_dpi(page)
    low_resolution = dpi is not None and dpi < r.OCR_SPECKLED_MAX_DPI
    return tidy_ocr_text(ocr_image(image, speckled=low_resolution and is_speckled(image)))


#: A token of nothing but one or two of these marks is a speck of dust, not text: real
#: punctuation clings to a word ("home. :" -> "home.", "conferences _ include").
#: Dashes stand alone in real text, so they are not among them.
_SPECK_TOKEN_RE = re.compile(r"(?<!\S)[.,:;'\"`_|~\u2018\u2019\u201c\u201d]{1,2}(?!\S)")
#: Marks no line of text starts with: a speck run into the first word ("_Northshire").
_GLUED_SPECKS = "_~|"
#: A lone dash ending a line is a speck too: "Key learning points -" would otherwise run
#: into the next line as if the dash joined them.
_END_DASH_RE = re.compile(r"(?<=\S) +[-_~]$")
#: Bullet glyphs as Tesseract misreads them, at the start of a line.
_BULLET_GLYPHS = "*\u2022\u00b7\u00ab\u00bb\u00a9\u00a2\u00ae\u00b0#"
#: A bullet misread at a line start: specks' marks before it ("_ *Return", ". \u00a9 Staff")
#: and no space after it ("*The", "\u00a2Co-sleeping"); the item then starts with a capital.
_LINE_BULLET_RE = re.compile(
    rf"^[ .,:;'\"`_|~\u2018\u2019-]*[{re.escape(_BULLET_GLYPHS)}][ ]*(?=[A-Z0-9\"'(\u2018\u201c])"
)


def tidy_ocr_text(text: str) -> str:
    """Tesseract's page text without the marks specks and small bullets leave (OCR text only).

    At 150-200 dpi a speck beside a line reads as a lone "'", ":" or "_", and a round
    bullet as "*", "\u00a9" or "\u00a2" run into the next word; normalisation would then
    take "... home. :" for a lead-in and "*The ..." for a paragraph and lose both items.
    Text layers never come here, so their normalisation is unchanged.
    """
    lines = []
    for line in text.split("\n"):
        line = _LINE_BULLET_RE.sub("\u2022 ", line)
        if line and line[0] in _GLUED_SPECKS:
            line = line.lstrip(_GLUED_SPECKS)
        if _SPECK_TOKEN_RE.search(line) or _END_DASH_RE.search(line):
            line = " ".join(_END_DASH_RE.sub("", _SPECK_TOKEN_RE.sub(" ", line)).split())
        lines.append(line)
    return "\n".join(lines)


def ocr_image(image: Any, *, speckled: bool = False) -> str:
    """Tesseract's text for one page image (English, automatic page segmentation).

    psm 3 (fully automatic layout) keeps Tesseract's blank line between text blocks,
    which is the paragraph evidence normalisation needs; psm 6 would run paragraphs
    together. A speckled page gets Tesseract's heavy noise reduction. A page that takes
    longer than OCR_PAGE_TIMEOUT seconds is abandoned.
    """
    import pytesseract

    options = f"--psm {r.OCR_PSM} {r.OCR_SPECKLED_OPTIONS if speckled else ''}".strip()

    # Tesseract's OpenMP threads make it several times slower on a busy server (measured:
    # 22 s against 6 s a page with two cores shared); one thread a page, unless the
    # administrator set a limit.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            image, lang=r.OCR_LANG, config=options, timeout=r.OCR_PAGE_TIMEOUT,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable(
            "the page is an image and needs OCR, but Tesseract is not installed on this server: "
            "ask an administrator to install the Debian packages tesseract-ocr and tesseract-ocr-eng "
            "(script/setup does this)"
        ) from None
    except pytesseract.TesseractError as exc:
        message = str(exc)
        if "Failed loading language" in message or "traineddata" in message:
            raise OcrUnavailable(
                "the page is an image and needs OCR, but Tesseract's English data is not installed: "
                "ask an administrator to install the Debian package tesseract-ocr-eng"
            ) from None
        raise
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise TimeoutError(f"OCR of a page took longer than {r.OCR_PAGE_TIMEOUT} seconds") from None
        raise
    return page_text(data).strip("\f\n ")


#: A line's words and the left edge (pixels) of each.
Line = list[tuple[str, int]]


def page_text(data: dict[str, list[Any]]) -> str:
    """Tesseract's words as text (lines, a blank line between paragraphs), lost bullets restored.

    This is the text Tesseract's plain output gives, but with positions: at 150 dpi
    Tesseract sometimes drops a small bullet (often the first after a lead-in line), and
    the item would then read as a paragraph and be lost. Such a line's first word starts
    where the text after the page's other bullets starts, so it gets its bullet back.
    """
    paragraphs: dict[tuple[int, int], dict[int, Line]] = {}
    for index, word in enumerate(data["text"]):
        if int(data["level"][index]) != 5:  # 5: a word
            continue
        key = (int(data["block_num"][index]), int(data["par_num"][index]))
        line = paragraphs.setdefault(key, {}).setdefault(int(data["line_num"][index]), [])
        line.append((str(word), int(data["left"][index])))
    blocks = [list(lines.values()) for lines in paragraphs.values()]
    text_left = _bullet_text_left([line for lines in blocks for line in lines])
    out = []
    for lines in blocks:
        texts = []
        for number, line in enumerate(lines):
            text = " ".join(word for word, _ in line)
            if text_left is not None and _lost_bullet(line, lines[number - 1] if number else None, text_left):
                text = "\u2022 " + text
            texts.append(text)
        out.append("\n".join(texts))
    return "\n\n".join(out)


def _is_bullet_word(word: str) -> bool:
    return bool(word) and not any(char.isalnum() for char in word) and any(c in _BULLET_GLYPHS for c in word)


def _bullet_text_left(lines: list[Line]) -> tuple[int, int] | None:
    """(left of the bullets, left of the text after them) on this page, if it has at least two bullets."""
    pairs = sorted((line[1][1], line[0][1]) for line in lines if len(line) >= 2 and _is_bullet_word(line[0][0]))
    plain = sorted(line[0][1] for line in lines if line and not _is_bullet_word(line[0][0]))
    if len(pairs) < 2 or not plain:
        return None
    text_left, bullet_left = pairs[len(pairs) // 2]
    gap = text_left - bullet_left
    # Only where bullets stand at the margin other lines start from: with bullets hanging
    # left of it, every paragraph starts where bulleted text does.
    if gap < r.OCR_BULLET_MIN_GAP or abs(plain[len(plain) // 2] - bullet_left) > gap * 0.35:
        return None
    return bullet_left, text_left


def _lost_bullet(line: Line, previous: Line | None, lefts: tuple[int, int]) -> bool:
    """Does this line start an item whose bullet Tesseract dropped?

    Its first word is capitalised and starts where bulleted text starts (right of the
    margin the page's other lines start from), and it opens a
    paragraph or follows a lead-in ending ":" (so a hanging-indent item's second
    sentence is not split off).
    """
    bullet_left, text_left = lefts
    word, left = line[0]
    if not word[:1].isupper() or abs(left - text_left) > (text_left - bullet_left) * 0.35:
        return False
    return previous is None or previous[-1][0].endswith(":")
