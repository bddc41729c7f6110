"""Normalisation: renderings of one text read the same after it."""

from __future__ import annotations

import pytest

from casereview.text.normalise import (
    join_pair,
    normalise_characters,
    normalise_text,
    strip_page_furniture,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("e\ufb03cient and \ufb01nal", "efficient and final"),
        ("\u201cnever\u201d and parent\u2019s", "\"never\" and parent's"),
        ("pre\u2010birth", "pre-birth"),
        ("a\u00a0b\u200bc", "a bc"),
        ("line\r\nnext", "line\nnext"),
    ],
)
def test_characters_are_normalised(raw, expected):
    assert normalise_characters(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("e Abuse or neglect is suspected", "- Abuse or neglect is suspected"),
        ("\u00ab The child was seen", "- The child was seen"),
        ("\u2022 The child was seen", "- The child was seen"),
        ("o The child was seen", "- The child was seen"),
        ("\uf0b7 The child was seen", "- The child was seen"),
        ("e.g. the child was seen", "e.g. the child was seen"),
    ],
)
def test_ocr_bullet_marks_at_line_start_become_list_items(raw, expected):
    assert normalise_text(raw) == expected


def test_ocr_bullet_e_at_line_start_is_removed():
    assert normalise_text("e Either the child has died") == "- Either the child has died"


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ("an assess-", "ment of risk", "an assessment of risk"),
        ("the pre-", "birth assessment", "the pre-birth assessment"),
        ("non-", "mobile babies", "non-mobile babies"),
        ("https://x.org/Dogs-Pack-", "2020.pdf", "https://x.org/Dogs-Pack-2020.pdf"),
        ("https://x.org/children-board/", "professionals/procedures/", "https://x.org/children-board/professionals/procedures/"),
        ("should seek", "assurance", "should seek assurance"),
        ("Case Review \u2014", "Oliver", "Case Review \u2014 Oliver"),
    ],
)
def test_words_and_urls_broken_at_line_end_are_rejoined(left, right, expected):
    assert join_pair(left, right) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Procedures for Pre- birth assessments.", "Procedures for Pre-birth assessments."),
        ("pre- and post-natal care.", "pre- and post-natal care."),
    ],
)
def test_a_compound_split_by_a_stray_space_is_repaired_but_a_suspended_hyphen_is_kept(raw, expected):
    assert normalise_text(raw) == expected


def test_wrapped_lines_are_joined_into_one_paragraph():
    raw = (
        "Where risk factors are identified it is important that they are fully explored, using all available\n"
        "information to challenge and test hypotheses and mitigate the risk.\n"
    )
    assert normalise_text(raw).count("\n") == 0


def test_a_paragraph_split_by_a_blank_line_mid_sentence_is_rejoined():
    raw = "The Board have combined a number of\n\nresources for safeguarding children around dogs"
    assert normalise_text(raw) == "The Board have combined a number of resources for safeguarding children around dogs"


def test_a_paragraph_split_by_a_page_break_mid_sentence_is_rejoined():
    raw = "Professionals should balance the desire to identify strengths with an\f overly optimistic viewpoint."
    assert normalise_text(raw) == (
        "Professionals should balance the desire to identify strengths with an overly optimistic viewpoint."
    )


def test_a_heading_on_the_line_before_wrapped_text_starts_its_own_block():
    raw = (
        "Changes since the SCR for Oliver\n"
        "The Partnership Board have combined a number of resources for safeguarding children and young people\n"
        "around dogs and published them as a pack for practitioners working with families who keep dogs.\n"
        "This line is here so that the wrapped width is known to the normaliser for this short example.\n"
    )
    blocks = normalise_text(raw).split("\n\n")
    assert blocks[0] == "Changes since the SCR for Oliver"


def test_running_headers_footers_and_page_numbers_are_removed():
    bodies = ["Background to the review.", "What we learnt from it.", "Recommendations for the Board."]
    pages = [f"Partnership Briefing\n{body}\nPage {n} of 3" for n, body in enumerate(bodies, start=1)]
    assert strip_page_furniture(pages) == bodies


@pytest.mark.parametrize("line", ["Skip to content", "skip to Main Content", "Back To Top", "Translate \u00bb", "Accept all cookies"])
def test_web_chrome_lines_are_dropped(line):
    assert normalise_text(f"{line}\n\nThe review found good practice.") == "The review found good practice."
