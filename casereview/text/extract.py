"""Extraction: the engine's entry points, from a file to an `Extracted` record.

read (readers) -> normalise -> segment -> metadata + items -> themes. Everything here
is pure Python with no Django import, so the CLI, the library app and the benchmarks
share exactly the same behaviour.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from casereview.text import metadata
from casereview.text.normalise import render, to_blocks
from casereview.text.readers import RawDocument, ReadError, check_size, check_suffix, read_bytes
from casereview.text.segment import Section, extract_items, split_sections
from casereview.text.themes import ThemeTag, tag_themes

__all__ = ["Extracted", "Item", "ReadError", "ThemeTag", "extract_bytes", "extract_path", "extract_text"]


@dataclass
class Item:
    """One learning point or recommendation with its themes."""

    kind: str  # "learning_point" | "recommendation"
    text: str
    themes: list[ThemeTag] = field(default_factory=list)
    section: str | None = None

    def as_json(self) -> dict:
        return {"text": self.text, "themes": [tag.theme for tag in self.themes]}


@dataclass
class Extracted:
    """Everything the engine learns from one file."""

    source: str
    title: str | None
    review_type: str | None
    partnership: str | None
    pseudonym: str | None
    age: str | None
    outcome: str | None
    learning_points: list[Item]
    recommendations: list[Item]
    links: list[str]
    text: str
    year: int | None = None

    def as_json(self) -> dict:
        """Exactly the object `casereview extract --json` prints (DESIGN.md)."""
        return {
            "source": self.source,
            "title": self.title,
            "review_type": self.review_type,
            "partnership": self.partnership,
            "child": {"pseudonym": self.pseudonym, "age": self.age, "outcome": self.outcome},
            "learning_points": [item.as_json() for item in self.learning_points],
            "recommendations": [item.as_json() for item in self.recommendations],
        }  # `year` is found too (self.year, kept by the library) but is not part of this contract

    def identity_key(self) -> str:
        """A key shared by all renderings of one review and different for different reviews.

        Built from facts that survive OCR noise and lost headings: review type,
        partnership, the child's pseudonym, age and outcome, and how many items of
        each kind there are. When no pseudonym was found those facts are too weak, so
        a fingerprint of each item (its first letters, lower-cased, letters only) is
        added.
        """
        parts = [
            "v1",
            self.review_type or "",
            _letters(self.partnership or ""),
            _letters(self.pseudonym or ""),
            self.age or "",
            self.outcome or "",
            str(len(self.learning_points)),
            str(len(self.recommendations)),
        ]
        if not self.pseudonym:
            items = self.learning_points + self.recommendations
            parts.extend(sorted(_letters(item.text)[:40] for item in items))
        return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


_NOT_LETTERS_RE = re.compile(r"[^a-z]+")


def _letters(text: str) -> str:
    return _NOT_LETTERS_RE.sub("", text.lower())


def _case_text(sections: list[Section], pseudonym: str | None) -> str:
    """Text that describes this case.

    A section defining the review type ("What is a Serious Case Review?") quotes the
    statutory criteria ("the child has died; or ... seriously harmed"), which say
    nothing about this child; its blocks count only when they name the child.
    """
    parts: list[str] = []
    for section in sections:
        definition = section.kind == "definition"
        if section.heading and not definition:
            parts.append(section.heading + ".")
        for block in section.blocks:
            if not definition or (pseudonym and pseudonym in block.text):
                parts.append(block.text)
    return "\n".join(parts)


def extract_document(raw: RawDocument, source: str) -> Extracted:
    """Run normalisation, segmentation, metadata and themes over a reader's output."""
    blocks = to_blocks(raw.text)
    text = render(blocks)
    sections = split_sections(blocks)
    pseudonym = metadata.find_pseudonym(text)
    title = metadata.find_title(blocks, pseudonym, raw.title)
    if pseudonym is None and title:
        pseudonym = metadata.find_pseudonym(text, title)
    case_text = _case_text(sections, pseudonym)
    case_sentences = metadata.sentences(case_text)  # age and outcome both read them
    items = [Item(raw_item.kind, raw_item.text, tag_themes(raw_item.text), raw_item.section)
             for raw_item in extract_items(sections)]
    return Extracted(
        source=source,
        title=title,
        review_type=metadata.find_review_type(case_text, title),
        partnership=metadata.find_partnership(text),
        pseudonym=pseudonym,
        age=metadata.find_age(case_text, pseudonym, case_sentences),
        outcome=metadata.find_outcome(case_text, pseudonym, case_sentences),
        learning_points=[item for item in items if item.kind == "learning_point"],
        recommendations=[item for item in items if item.kind == "recommendation"],
        links=metadata.find_links(text, raw.links),
        text=text,
        year=metadata.find_year(text, title),
    )


def extract_text(text: str, source: str = "<text>") -> Extracted:
    """Extract from text already in memory (plain text or Markdown)."""
    return extract_document(RawDocument(text=text), source)


def extract_bytes(data: bytes, filename: str, *, max_bytes: int | None = None) -> Extracted:
    """Extract from a file's bytes; the extension of `filename` selects the reader.

    Raises ReadError (with a message for the user) for unsupported, oversized,
    encrypted, corrupt, image-only or empty files.
    """
    raw = read_bytes(data, filename, max_bytes=max_bytes)
    return extract_document(raw, os.path.basename(filename))


def extract_path(path: str | os.PathLike, *, max_bytes: int | None = None) -> Extracted:
    """Extract from a file on disk; type and size are checked before the file is read."""
    file_path = Path(path)
    check_suffix(file_path.name)
    try:
        size = file_path.stat().st_size
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from None
    check_size(size, max_bytes)
    return extract_bytes(file_path.read_bytes(), str(path), max_bytes=max_bytes)
