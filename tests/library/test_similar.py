"""Similar learning from earlier reviews on the entry page, and learning that recurs on the themes page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereview.library.services import ingest_file
from tests.library.conftest import briefing

DOGS = "Practitioners should ask about dogs in the household and consider the risk they pose to a young baby."
DOGS_EARLIER = "Practitioners should ask about dogs in the home and consider the risk they pose to a baby."
DOGS_SAME_REVIEW = "Practitioners must ask about dogs in the household and the risk they pose to a young baby."
OTHER = ["Schools should follow up unexplained absence on the first day of absence.",
         "Hospitals should share discharge plans with the health visitor before a baby goes home."]
RECS = {"Ava": "The partnership should audit interpreter bookings.", "Leo": "Commissioners should fund youth clubs.",
        "Ivy": "The board should publish its annual report online."}


def _ingest(by, now, name, *, partnership, year, learning):
    return ingest_file(data=briefing(name, partnership=partnership, year=year, learning=learning, recommendations=[RECS[name]]),
                       filename=f"{name}.txt", by=by, now=now).entry


@pytest.fixture
def reviews(manager_rob, now):
    earlier = _ingest(manager_rob, now, "Ava", partnership="Eastbrook Safeguarding Children Partnership", year=2019,
                      learning=[DOGS_EARLIER, OTHER[0]])
    later = _ingest(manager_rob, now, "Leo", partnership="Westshire Safeguarding Children Partnership", year=2024,
                    learning=[DOGS, DOGS_SAME_REVIEW, OTHER[1]])
    newer = _ingest(manager_rob, now, "Ivy", partnership="Northmoor Safeguarding Children Partnership", year=2025,
                    learning=[DOGS_EARLIER])
    return earlier, later, newer


def _similar_section(html: str, text: str) -> str:
    start = html.index(text)
    end = html.index("</li>\n", html.index("Similar learning in", start)) if "Similar learning in" in html[start:] else start
    return html[start:end]


def test_board_margaret_sees_the_same_learning_from_an_earlier_review_of_another_partnership(
        client_for, board_margaret, reviews):
    earlier, later, newer = reviews
    html = client_for(board_margaret).get(reverse("library:entry", args=[later.pk])).content.decode()
    section = html[html.index(DOGS):html.index(DOGS_SAME_REVIEW)]
    assert "Similar learning in 1 earlier review" in section
    assert reverse("library:entry", args=[earlier.pk]) in section
    assert "2019, Eastbrook Safeguarding Children Partnership" in section
    # Neither the item of the same review nor the later (2025) review is offered.
    assert DOGS_SAME_REVIEW not in section
    assert reverse("library:entry", args=[newer.pk]) not in section


def test_an_item_with_nothing_similar_earlier_shows_no_similar_learning(client_for, board_margaret, reviews):
    earlier, _, _ = reviews
    html = client_for(board_margaret).get(reverse("library:entry", args=[earlier.pk])).content.decode()
    assert "Similar learning in" not in html


def test_the_themes_page_shows_learning_that_recurs_across_years(client_for, board_margaret, reviews):
    earlier, later, newer = reviews
    html = client_for(board_margaret).get(reverse("library:themes")).content.decode()
    section = html[html.index("Learning that recurs"):]
    assert "3 reviews, 2019, 2024, 2025" in section
    for entry in (earlier, later, newer):
        assert reverse("library:entry", args=[entry.pk]) in section
    assert "Schools should follow up" not in section


def test_the_recurring_learning_follows_a_correction_at_once(client_for, board_margaret, manager_rob, now, reviews):
    from casereview.library.services import correct_item

    _, _, newer = reviews
    client = client_for(board_margaret)
    assert "2019, 2024, 2025" in client.get(reverse("library:themes")).content.decode()
    item = newer.items.get(text=DOGS_EARLIER)
    correct_item(item=item, by=manager_rob, now=now, text="Schools should check the register every morning.",
                 kind=item.kind)
    assert "2019, 2024, 2025" not in client.get(reverse("library:themes")).content.decode()
