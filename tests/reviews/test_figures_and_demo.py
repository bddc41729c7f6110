"""Partnership figures (page, chart, CSV) and the demo data they are shown on."""

from __future__ import annotations

import csv
import datetime as dt
import io

from casereview.reviews.demo import LEARNING_POINTS, RECOMMENDATIONS
from casereview.reviews.models import Review


def _load_demo(today=dt.date(2026, 11, 20)):
    from casereview.accounts.demo import load_demo as accounts_demo
    from casereview.reviews.demo import load_demo

    out = io.StringIO()
    accounts_demo(stdout=out)
    load_demo(stdout=out, today=today)
    return out.getvalue()


def test_the_demo_holds_olivers_review_as_the_seed_describes_it(db):
    _load_demo()
    oliver = Review.objects.get(pseudonym="Oliver")
    assert (oliver.review_type.slug, oliver.age_at_incident, oliver.outcome, oliver.stage) == (
        "serious-case-review", "15 days", "died", "action_monitoring")
    assert oliver.partnership.name == "Cambridgeshire and Peterborough Safeguarding Partnership Board"
    assert [lp.text for lp in oliver.learning_points.all()] == LEARNING_POINTS and len(LEARNING_POINTS) == 10
    assert [r.text for r in oliver.recommendations.all()] == RECOMMENDATIONS and len(RECOMMENDATIONS) == 7
    assert "dogs" in oliver.recommendations.get(number=7).theme_ids
    assert oliver.restricted_identifiers.exists()


def test_the_demo_child_is_15_days_old_at_the_incident_as_the_briefing_says(db):
    from casereview.tabular.dates import parse_date

    _load_demo()
    oliver = Review.objects.get(pseudonym="Oliver")
    born = parse_date(oliver.restricted_identifiers.get(kind="date_of_birth").value).earliest
    assert (oliver.incident_date - born).days == 15


def test_the_demo_is_idempotent_and_has_deadlines_near_and_past(db):
    _load_demo()
    count = Review.objects.count()
    assert "0 created" in _load_demo()
    assert Review.objects.count() == count
    from casereview.accounts.models import User
    from casereview.reviews.deadlines import deadlines_for, due_soon

    overdue, soon = due_soon(deadlines_for(User.objects.get(username="manager"), scope="partnership"),
                             today=dt.date(2026, 11, 20), calendar="england-and-wales")
    assert overdue and soon
    assert all(r.memberships.count() == 2 for r in Review.objects.all())


def test_board_margaret_sees_the_figures_with_a_chart_and_downloads_them(db, client_for):
    _load_demo()
    from casereview.accounts.models import User

    client = client_for(User.objects.get(username="board"))
    page = client.get("/reviews/figures/").content.decode()
    assert "<svg" in page and "Notifications" in page
    rows = list(csv.reader(io.StringIO(client.get("/reviews/figures.csv").content.decode())))
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("funnel", "Notifications")] == "6"
    # Ruby (12 working days) was on time, Leo (18) was 3 working days late.
    assert values[("rapid review", "completed within 15 working days")] == "1"
    assert values[("rapid review", "average working days late (late ones)")] == "3.0"
    assert values[("stage", "Action monitoring")] == "1"
