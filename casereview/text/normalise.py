"""Normalisation: from a reader's raw text to clean blocks of text.

Different renderings of one briefing (OCR of a PDF, the text layer of a PDF, a web
page, a Word file) differ in characters, line wrapping, bullets and page furniture;
after normalisation they should read the same. The output is light Markdown: blocks
separated by one blank line, headings that the source marked as such start with `#`,
list items start with `- `, everything else is a paragraph on one line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from casereview.text import resources as r

# One character for another, as str.translate would (no replacement contains a key), but
# replace() per character present is far faster than translate on non-ASCII text.
_QUOTE_ITEMS = tuple({**r.QUOTES, **r.HYPHENS, "\t": " "}.items())
# Runs of spaces (any width) that are not already one plain " ": each becomes " ". A lone
# " " is left alone rather than replaced by itself, which saves a replacement per word.
_SPACES_RE = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
# _SPACES_RE cannot start with a fast scan (it opens with a repeat); without the odd spaces
# (which NFKC has mostly replaced already) it matches exactly the runs of plain spaces.
_ODD_SPACES = ("\u00a0", *(chr(code) for code in range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000")
_PLAIN_SPACES_RE = re.compile(r"  +")
_HYPHEN_SPACE_RE = re.compile(r"-\s")


@dataclass
class Block:
    """One heading, list item or paragraph."""

    kind: str  # "heading" | "item" | "para"
    text: str
    level: int = 0  # Markdown heading level when the source marked the heading


# ---------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------


def normalise_characters(text: str) -> str:
    """Ligatures, curly quotes, odd hyphens and spaces, invisible characters, line ends."""
    # Each substitution needs one of its characters: most texts have none, and `in` is faster
    # than a scan or a replace that finds nothing.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(char in text for char in r.SOFT_HYPHEN_CHARS):
        text = r.SOFT_HYPHEN_EOL_RE.sub("-\n", text)
    if any(char in text for char in r.INVISIBLE_CHARS):
        text = r.INVISIBLE_RE.sub("", text)
    for ligature, letters in r.LIGATURES.items():
        if ligature in text:
            text = text.replace(ligature, letters)
    for char, replacement in _QUOTE_ITEMS:
        if char in text:
            text = text.replace(char, replacement)
    text = unicodedata.normalize("NFKC", text)
    # _SPACES_RE never matches a line end, so one pass over the text equals one per line.
    if any(space in text for space in _ODD_SPACES):
        text = _SPACES_RE.sub(" ", text)
    elif "  " in text:
        text = _PLAIN_SPACES_RE.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def normalise_for_comparison(text: str) -> str:
    """Whitespace- and quote-insensitive form, for comparing texts across renderings."""
    return " ".join(normalise_characters(text).split())


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def strip_page_furniture(pages: list[str], *, edge_lines: int = 3) -> list[str]:
    """Remove running headers and footers and page numbers.

    A line near the top or bottom of a page that recurs (digits ignored) on at least
    half the pages is furniture; so is any "Page N of M" line and a bare number at a
    page edge.
    """
    split_pages = [page.split("\n") for page in pages]
    edges: list[list[int]] = []
    for lines in split_pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edges.append(sorted(set(filled[:edge_lines] + filled[-edge_lines:])))
    repeated: set[str] = set()
    if len(pages) >= 2:  # one page (a web page, a Word file) has no running header to repeat
        counts: Counter[str] = Counter()
        for lines, idx in zip(split_pages, edges, strict=True):
            counts.update({_furniture_key(lines[i]) for i in idx})
        threshold = max(2, math.ceil(len(pages) / 2))
        repeated = {key for key, count in counts.items() if count >= threshold}
    cleaned = []
    for page, lines, idx in zip(pages, split_pages, edges, strict=True):
        drop = {i for i in idx if (repeated and _furniture_key(lines[i]) in repeated) or r.PAGE_NUMBER_RE.match(lines[i])}
        # PAGE_WORD_RE needs the word "page" (no other letter matches p, a, g or e ignoring case).
        paged = "page" in page.lower()
        kept = [line for i, line in enumerate(lines)
                if i not in drop and not (paged and r.PAGE_WORD_RE.match(line))]
        cleaned.append("\n".join(kept))
    return cleaned


# ---------------------------------------------------------------------------
# Lines into blocks
# ---------------------------------------------------------------------------


def typical_width(lines: list[str]) -> float:
    """Width of wrapped lines (80th percentile); infinite when nothing is wrapped."""
    wrapped = sorted(
        len(line.strip()) for line, nxt in zip(lines, lines[1:], strict=False) if line.strip() and nxt.strip()
    )
    if len(wrapped) < 3:
        return math.inf
    return float(wrapped[int(0.8 * (len(wrapped) - 1))])


def _is_url_token(token: str) -> bool:
    return bool(r.URL_RE.match(token)) or ("/" in token and "." in token and " " not in token)


def _last_token(text: str) -> str:
    return text.rsplit(" ", 1)[-1] if text else ""


def _first_token(text: str) -> str:
    return text.split(" ", 1)[0] if text else ""


def _looks_like_url_tail(token: str) -> bool:
    return bool(token) and not token[0].isupper() and any(ch in token for ch in "/_.") and "://" not in token


def join_pair(left: str, right: str) -> str:
    """Join two wrapped lines, repairing words and URLs broken at the line end."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    last = _last_token(left)
    if left.endswith("-") and len(left) > 1 and left[-2] != " ":
        if _is_url_token(last):
            return left + right
        word = re.findall(r"[A-Za-z]+", last[:-1].rsplit("-", 1)[-1])
        stem = word[-1].lower() if word else ""
        if stem in r.KEEP_HYPHEN_PREFIXES or not right[:1].islower() or "-" in last[:-1]:
            return left + right
        return left[:-1] + right
    if _is_url_token(last) and left[-1] in "/_." and _looks_like_url_tail(_first_token(right)):
        return left + right
    return left + " " + right


def _looks_like_heading_line(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= r.HEADING_MAX_WORDS
        and line[-1] not in ".,;"
        and not r.CONNECTOR_END_RE.search(line)
        and line[0].isupper()
    )


def is_line_break(prev: str, nxt: str, width: float) -> bool:
    """Does a new paragraph start at `nxt`, although no blank line separates them?"""
    prev, nxt = prev.strip(), nxt.strip()
    if not prev or not nxt:
        return True
    if prev.endswith(":"):
        return True
    if r.CONNECTOR_END_RE.search(prev) or nxt[0].islower():
        return False
    short = len(prev) < 0.7 * width
    return short and (prev[-1] in ".!?" or _looks_like_heading_line(prev))


def join_lines(lines: list[str], width: float) -> list[str]:
    """Join the wrapped lines of one block; split it where a paragraph evidently restarts."""
    out: list[str] = []
    buf = lines[0].strip()
    prev_line = buf
    for line in lines[1:]:
        stripped = line.strip()
        if is_line_break(prev_line, stripped, width):
            out.append(buf)
            buf = stripped
        else:
            buf = join_pair(buf, stripped)
        prev_line = stripped
    out.append(buf)
    return out


def lines_to_blocks(lines: list[str]) -> list[Block]:
    """Group lines into blocks at blank lines, bullets, numbered items and Markdown headings."""
    width = typical_width(lines)
    blocks: list[Block] = []
    kind = "para"
    current: list[str] = []

    def flush() -> None:
        nonlocal current, kind
        if current:
            texts = join_lines(current, width)
            blocks.append(Block(kind, texts[0]))
            # A paragraph that starts afresh is read as if a blank line preceded it: a numbered
            # line is then an item, so normalising normalised text changes nothing.
            blocks.extend(Block("item" if r.NUMBERED_RE.match(text) else "para", text) for text in texts[1:])
        current, kind = [], "para"

    for line in lines:
        stripped = line.strip()
        if not stripped or r.CHROME_LINE_RE.match(stripped):
            flush()
            continue
        heading = r.MARKDOWN_HEADING_RE.match(stripped)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2).strip(), level=len(heading.group(1))))
            continue
        bullet = r.BULLET_RE.match(line)
        if bullet:
            flush()
            kind, current = "item", [line[bullet.end() :]]
            continue
        if r.NUMBERED_RE.match(line) and (not current or current[-1].rstrip()[-1:] in r.TERMINAL_PUNCT):
            flush()
            kind, current = "item", [stripped]
            continue
        current.append(stripped)
    flush()
    return [block for block in blocks if block.text.strip()]


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------


def _continues(prev: Block, nxt: Block) -> bool:
    """A paragraph split by a blank line or a page break: the sentence runs on."""
    if prev.kind == "heading" or nxt.kind != "para" or not prev.text or not nxt.text:
        return False
    last, first = _last_token(prev.text), _first_token(nxt.text)
    if _is_url_token(last) and prev.text[-1] in "-/_." and _looks_like_url_tail(first):
        return True
    if prev.text[-1] in r.TERMINAL_PUNCT or _is_url_token(first) or not nxt.text[0].islower():
        return False
    if prev.kind == "item" or r.CONNECTOR_END_RE.search(prev.text):
        return True
    return not _looks_like_heading_line(prev.text) or bool(r.SENTENCE_VERB_RE.search(prev.text))


def rejoin_blocks(blocks: list[Block]) -> list[Block]:
    """Merge blocks that a blank line or a page break split mid-sentence."""
    out: list[Block] = []
    for block in blocks:
        if out and _continues(out[-1], block):
            out[-1] = Block(out[-1].kind, join_pair(out[-1].text, block.text), out[-1].level)
        else:
            out.append(block)
    return out


_URL_SPACE_UNDERSCORE_RE = re.compile(r"((?:https?://|www\.)\S*)\s+(_\S+)")


def tidy_block_text(text: str) -> str:
    """In-line repairs: "Pre- birth" compounds, markdown emphasis, spaces inside URLs."""
    # Each pattern needs a character the guard looks for; most blocks need none of them.
    if _HYPHEN_SPACE_RE.search(text):
        text = r.SPLIT_COMPOUND_RE.sub(lambda m: f"{m.group('prefix')}-{m.group('rest')}", text)
    if "**" in text or "__" in text:
        text = r.MARKDOWN_EMPHASIS_RE.sub(lambda m: m.group(2), text)
    if "](" in text:
        text = r.MARKDOWN_LINK_RE.sub(lambda m: m.group(1), text)
    if "_" in text:
        text = _URL_SPACE_UNDERSCORE_RE.sub(r"\1\2", text)
    return " ".join(text.split())


def to_blocks(raw: str) -> list[Block]:
    """The full normalisation pipeline from raw reader text to blocks."""
    text = normalise_characters(raw)
    pages = strip_page_furniture(text.split("\f"))
    lines: list[str] = []
    for page in pages:
        lines.extend(page.split("\n"))
        lines.append("")
    blocks = rejoin_blocks(lines_to_blocks(lines))
    tidied = [Block(block.kind, tidy_block_text(block.text), block.level) for block in blocks]
    return [block for block in tidied if block.text]


def render(blocks: list[Block]) -> str:
    """Blocks as light Markdown, one blank line between blocks."""
    parts = []
    for block in blocks:
        if block.kind == "heading":
            parts.append("#" * max(block.level, 1) + " " + block.text)
        elif block.kind == "item":
            parts.append("- " + block.text)
        else:
            parts.append(block.text)
    return "\n\n".join(parts)


def normalise_text(raw: str) -> str:
    """Normalised text of a document (see the module docstring for its shape)."""
    return render(to_blocks(raw))
