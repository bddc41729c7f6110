"""Paragraphs of text a person typed into a form: split at blank lines.

Briefing sections are written in a plain text box, one paragraph (or list item)
per block, with a blank line between blocks. Both the public renderings and the
library's items read a section through this one function, so they agree on
where one item ends and the next begins.
"""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")


def paragraphs(text: str) -> list[str]:
    """Paragraphs of `text`: split at blank lines, inner line breaks and runs of spaces kept as one space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
