"""Segmentation: headings and their variants open sections; items are split, stripped and classified."""

from __future__ import annotations

import pytest

from casereview.text.extract import extract_text
from casereview.text.segment import classify_heading, is_recommendation_form, strip_label


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Key Learning Points for Professionals", "learning"),
        ("Learning points from the SCR", "learning"),
        ("Key findings", "learning"),
        ("Lessons learnt", "learning"),
        ("What we learnt", "learning"),
        ("Practice and organisational learning", "learning"),
        ("Recommendations:", "recommendations"),
        ("Recornmendations", "recommendations"),
        ("Actions for the partnership", "recommendations"),
        ("Improving systems and practice", "recommendations"),
        ("Background:", "background"),
        ("Further Information:", "further"),
        ("Questions for reflection", "reflection"),
        ("What is a Serious Case Review (SCR)?", "definition"),
        ("Changes since the SCR for Oliver", "changes"),
        ("Identification of risk specifically in relation to the family pet dogs", None),
        ("Briefing: Learning lessons from a Serious Case Review - Oliver", None),
    ],
)
def test_headings_and_their_variants_are_recognised(heading, kind):
    assert classify_heading(heading) == kind


@pytest.mark.parametrize(
    ("text", "stripped", "kind"),
    [
        ("Finding 3: Practitioners did not see the child.", "Practitioners did not see the child.", "learning_point"),
        ("Recommendation 2: The Board should audit plans.", "The Board should audit plans.", "recommendation"),
        ("Learning point 1: Fathers matter.", "Fathers matter.", "learning_point"),
        ("1. The Board should audit plans.", "The Board should audit plans.", None),
        ("a) Agencies should share information.", "Agencies should share information.", None),
        ("A workshop took place.", "A workshop took place.", None),
    ],
)
def test_numbering_and_labels_are_stripped_from_items(text, stripped, kind):
    assert strip_label(text) == (stripped, kind)


@pytest.mark.parametrize(
    ("text", "is_recommendation"),
    [
        ("The Cambridgeshire and Peterborough Safeguarding Partnership Board should seek assurance.", True),
        ("All agencies should ensure fathers are included.", True),
        ("The ICB should ensure GP practices code children.", True),
        ("It is recommended that the policy is revised.", True),
        ("Professionals should be open to challenging information.", False),
        ("Managers should have oversight on key decisions.", False),
        ("The Board have combined a number of resources.", False),
    ],
)
def test_recommendations_are_recognised_by_their_form(text, is_recommendation):
    assert is_recommendation_form(text) is is_recommendation


BRIEFING = """Learning from a Local Child Safeguarding Practice Review: Child T

Background

Child T was 9 weeks old when he was admitted to hospital with serious injuries.

What we learnt

The following learning was identified:

1. Finding 1: Practitioners did not ask about the men in the household.
2. Finding 2: The history of the family was not used to assess the present.

Questions for reflection

- How do you find out who lives in the household?
- Do you know the escalation policy?

Recommendations

Recommendation 1: The Partnership should audit pre-birth assessments.

The reviewer would like to thank the family for their contribution to this review.

Further information

Visit the partnership website.
"""


def test_list_items_are_split_questions_and_reviewer_statements_are_not_learning():
    result = extract_text(BRIEFING)
    assert [item.text for item in result.learning_points] == [
        "Practitioners did not ask about the men in the household.",
        "The history of the family was not used to assess the present.",
    ]
    assert [item.text for item in result.recommendations] == ["The Partnership should audit pre-birth assessments."]
    assert all(item.section for item in result.learning_points + result.recommendations)


def test_labelled_items_are_found_without_any_section_heading():
    result = extract_text(
        "Recommendation 1: The Board should audit plans for babies.\n\n"
        "Finding 2: Fathers were not included in the assessment."
    )
    assert [item.text for item in result.recommendations] == ["The Board should audit plans for babies."]
    assert [item.text for item in result.learning_points] == ["Fathers were not included in the assessment."]


DAMAGED_BRIEFING = """Learning points

Practitioners did not ask who else lived in the household with the baby.

The history of the father's previous child was not used to assess the present.

{heading}

Health visiting to record every adult in the household at each home visit.

Pre-birth assessments to include the risk from family pets in every case.
"""


@pytest.mark.parametrize(
    "heading",
    [
        "Recornmendations",
        "Recommendatlons",
        "RECOMMENDATI0NS",
        "| Recommendations.",
        "Recommend-\nations",
        "Recommendations for the\n\nPartnership",
        "Recommendations for\n\nthe Partnership",
        "R E C O M M E N D A T I O N S",
        "R E C O M M E N D A T I O N S:",
    ],
)
def test_a_heading_damaged_by_ocr_still_starts_the_recommendations_section(heading):
    result = extract_text(DAMAGED_BRIEFING.format(heading=heading))
    assert [item.text for item in result.recommendations] == [
        "Health visiting to record every adult in the household at each home visit.",
        "Pre-birth assessments to include the risk from family pets in every case.",
    ]
    assert len(result.learning_points) == 2


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("K E Y  L E A R N I N G  P O I N T S", "learning"),
        ("R E C O M M E N D A T I O N S", "recommendations"),
        ("Recommendatlons", "recommendations"),
    ],
)
def test_letter_spaced_and_misread_headings_are_classified(heading, kind):
    assert classify_heading(heading) == kind


def _classify_heading_as_first_written(text: str) -> str | None:
    """The original classify_heading: every phrase of the vocabulary scored in turn."""
    from rapidfuzz import fuzz

    from casereview.text import resources as r
    from casereview.text.segment import _PHRASE_CORES, heading_core

    if r.DEFINITION_HEADING_RE.match(text):
        return "definition"
    core = heading_core(text)
    if not core:
        return None
    best_kind, best_score = None, 0.0
    for kind, phrase, words in _PHRASE_CORES:
        if not phrase:
            continue
        if core == phrase:
            return kind
        score = fuzz.ratio(core, phrase)
        if words >= 2 and core.startswith(phrase + " "):
            score = 100.0
        if score > best_score:
            best_kind, best_score = kind, score
    return best_kind if best_score >= r.HEADING_FUZZ_THRESHOLD else None


def test_fast_heading_classification_answers_as_scoring_every_phrase_would():
    """Skipping phrases that cannot reach the threshold changes no answer, near the threshold included."""
    import random

    from casereview.text import resources as r

    rng = random.Random(14)
    phrases = [phrase for group in r.HEADING_VOCAB.values() for phrase in group]
    words = "the key learning points for of practitioners summary background what we next steps questions".split()
    texts = list(phrases)
    for _ in range(4000):  # OCR-like damage: letters inserted, dropped and misread, words added
        text = rng.choice(phrases)
        for _ in range(rng.randint(0, 4)):
            where, roll = rng.randint(0, len(text)), rng.random()
            if roll < 0.3:
                text = text[:where] + rng.choice("aeinrmls1| ") + text[where:]
            elif roll < 0.6:
                text = text[:where] + text[where + 1:]
            elif roll < 0.8:
                text = text[:where] + rng.choice("aeinrmls1| ") + text[where + 1:]
            else:
                text = f"{text} {rng.choice(words)}" if rng.random() < 0.5 else f"{rng.choice(words)} {text}"
        texts.append(text.upper() if rng.random() < 0.3 else text)
    answers = [(text, classify_heading(text)) for text in texts]
    assert answers == [(text, _classify_heading_as_first_written(text)) for text in texts]
    assert sum(kind is None for _, kind in answers) > 500  # both answers are exercised
    assert sum(kind is not None for _, kind in answers) > 2000
