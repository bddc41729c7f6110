"""The demo: Oliver's briefing, drafted from the review's findings, through the gate and published."""

from __future__ import annotations

import importlib
import io

import pytest

from casereview.publishing.demo import load_demo
from casereview.publishing.gate import check_publishable
from casereview.publishing.models import Briefing


@pytest.fixture
def oliver(db, request):
    """Oliver's review from the reviews demo when it exists, else this folder's Oliver review."""
    from casereview.accounts.demo import load_demo as load_accounts

    load_accounts(stdout=io.StringIO())
    try:
        reviews_demo = importlib.import_module("casereview.reviews.demo")
    except ModuleNotFoundError:
        return request.getfixturevalue("review")
    reviews_demo.load_demo(stdout=io.StringIO())
    from casereview.reviews.models import Review

    return Review.objects.filter(pseudonym="Oliver").order_by("pk").first()


def test_the_demo_publishes_olivers_briefing_from_its_findings_once(oliver):
    out = io.StringIO()
    first = load_demo(stdout=out)
    second = load_demo(stdout=out)
    assert first is not None and first.pk == second.pk, out.getvalue()
    assert Briefing.objects.filter(review=oliver, kind="practitioner").count() == 1
    assert first.is_public
    items = {s["key"]: s["items"] for s in first.sections()}
    assert items["learning_points"] == [" ".join(lp.text.split()) for lp in oliver.learning_points.all()]
    assert len(items["recommendations"]) == oliver.recommendations.count()
    assert "attacked by two family pet dogs" in first.background
    assert check_publishable(oliver).ok


def test_the_demo_briefing_shows_the_date_it_was_published(oliver, client):
    from django.urls import reverse

    briefing = load_demo(stdout=io.StringIO())
    assert briefing.published_by.username == "manager" and briefing.publication_approval.approver.username == "admin"
    if oliver.published_date is not None:
        assert briefing.published_at.date() == oliver.published_date
    page = client.get(reverse("publishing:public_detail", args=[briefing.pk])).content.decode()
    assert f"Published {briefing.published_at:%-d %B %Y}." in page


def test_the_demo_adds_a_7_minute_briefing_used_by_four_agencies_and_one_silent_agency_once(oliver):
    import pypdfium2

    from casereview.publishing.models import DisseminationRecord
    from casereview.publishing.renderings import render_pdf
    from casereview.publishing.selectors import reach

    load_demo(stdout=io.StringIO())
    load_demo(stdout=io.StringIO())
    seven = Briefing.objects.get(review=oliver, kind="seven_minute")
    assert seven.is_public and len(pypdfium2.PdfDocument(render_pdf(seven))) <= 2
    assert DisseminationRecord.objects.filter(briefing__review=oliver).count() == 6
    assert reach([oliver.pk], today=seven.published_at.date()).silent_agencies == ["Mental Health Trust"]
