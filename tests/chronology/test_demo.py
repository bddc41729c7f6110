"""Demo chronologies for Oliver's review load once and make sense."""

from __future__ import annotations

import io

import pytest

from casereview.chronology.models import DuplicateLink, Entry, Episode, Submission

pytestmark = pytest.mark.django_db


def test_the_demo_gives_olivers_review_four_agency_chronologies_and_running_it_again_changes_nothing():
    from casereview.accounts import demo as accounts_demo
    from casereview.chronology import demo
    from casereview.reviews import demo as reviews_demo

    out = io.StringIO()
    accounts_demo.load_demo(stdout=out)
    reviews_demo.load_demo(stdout=out)
    demo.load_demo(stdout=out)
    assert "4 agencies for SCR-2019-001" in out.getvalue()
    counts = (Submission.objects.count(), Entry.objects.count(), Episode.objects.count(), DuplicateLink.objects.count())
    assert counts[0] == 4 and counts[1] >= 14 and counts[2] == 2 and counts[3] >= 1
    assert Entry.objects.filter(precision="month").exists()  # health visiting's "June 2018"
    demo.load_demo(stdout=out)
    assert (Submission.objects.count(), Entry.objects.count(), Episode.objects.count(), DuplicateLink.objects.count()) == counts


def test_without_the_reviews_demo_the_chronology_demo_says_it_skipped():
    from casereview.chronology import demo

    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert "skipped" in out.getvalue() and not Submission.objects.exists()
