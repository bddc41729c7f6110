"""Splitting typed text into paragraphs (briefing sections, library items)."""

from __future__ import annotations

import pytest

from casereview.text.paragraphs import paragraphs


@pytest.mark.parametrize(("text", "expected"), [
    ("", []),
    ("   \n\n  ", []),
    ("One paragraph.", ["One paragraph."]),
    ("First.\n\nSecond.", ["First.", "Second."]),
    ("A line\nwrapped by hand.\n\nNext.", ["A line wrapped by hand.", "Next."]),
    ("First.\n  \t\n\n\nSecond.", ["First.", "Second."]),
    ("Windows\r\nline\r\n\r\nends.", ["Windows line", "ends."]),
    ("Old Mac\r\rends.", ["Old Mac", "ends."]),
    ("  Spaces   inside  \n\n", ["Spaces inside"]),
])
def test_paragraphs_split_at_blank_lines_only(text, expected):
    assert paragraphs(text) == expected
