"""More of everything the main pages list, on top of the demo: for load tests and query-count tests.

`grow_demo(scale=n)` adds, through the same services a user's clicks go through (so the
audit log grows as it would): n more open reviews in the demo partnership, each with a
team, participating agencies, outstanding requests, findings and an action plan whose
actions have progress updates and evidence; 40 n more chronology entries on Oliver's
review (SCR-2019-001); n more actions with updates and evidence on Oliver's plan; and
n more library documents. Each call adds another batch (references and library files
are numbered on from what is there), so it can be called more than once.

Run it after `casereview demo`, e.g. `casereview shell -c "from casereview.dashboard.growth
import grow_demo; grow_demo(scale=20)"`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from casereview.accounts.demo import DEMO_PARTNERSHIP
from casereview.accounts.models import Agency, Partnership, User
from casereview.actions import services as actions
from casereview.chronology import services as chronology
from casereview.chronology.models import Submission
from casereview.library import services as library
from casereview.library.models import Source
from casereview.reviews import services as reviews
from casereview.reviews.models import Review, ReviewType

PSEUDONYMS = ["Alfie", "Bella", "Caleb", "Daisy", "Ethan", "Freya", "George", "Hana", "Isaac", "Jade",
              "Kian", "Lola", "Mason", "Nora", "Owen", "Poppy", "Reuben", "Sofia", "Theo", "Willow"]
LEARNING = [
    "Practitioners should explore the risk from dogs in the home before a baby is born and record the advice given.",
    "Where actions are set within a child protection plan they should be followed through and evidenced as completed.",
    "Managers should have oversight of decisions to close a case when domestic abuse has been reported.",
]
# Library entries are told apart by letters (partnership, pseudonym) and the child's age, not by numbers.
PLACES = ["Westshire", "Eastmoor", "Northdale", "Southwick", "Highfield", "Lowbridge", "Kingsmere", "Ashford Vale",
          "Riverside", "Oakham Cross", "Millbrook", "Stonebury"]
RECOMMENDATIONS = [
    "The partnership should seek assurance that single agency recommendations are actioned and monitored.",
    "The partnership should deliver multi-agency training on parental mental health and its impact on parenting.",
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def grow_demo(*, scale: int = 10, today: dt.date | None = None) -> dict[str, int]:
    """Add `scale` batches of rows (see the module docstring); returns what was added, by kind."""
    today = today or timezone.localdate()
    partnership = Partnership.objects.get(name=DEMO_PARTNERSHIP)
    users = {u.username: u for u in User.objects.filter(partnership=partnership)}
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=partnership)}
    added = {"reviews": 0, "chronology entries": 0, "actions": 0, "library documents": 0}
    for _ in range(scale):
        _open_review(partnership, users, agencies, today)
        added["reviews"] += 1
    oliver = Review.objects.get(reference="SCR-2019-001")
    added["chronology entries"] = _more_chronology(oliver, agencies, users, rows=40 * scale, today=today)
    added["actions"] = _more_actions(oliver, agencies, users, count=scale, today=today)
    added["library documents"] = _more_library(users["manager"], count=scale, today=today)
    return added


def _open_review(partnership, users, agencies, today) -> Review:
    manager = users["manager"]
    taken = Review.objects.filter(partnership=partnership, reference__startswith="LCSPR-2025-").count()
    number = taken + 1
    aware = today - dt.timedelta(days=60 + number % 40)
    review = reviews.create_review(
        partnership=partnership, review_type=ReviewType.objects.get(slug="local-child-safeguarding-practice-review"),
        title=f"{PSEUDONYMS[number % len(PSEUDONYMS)]} {number}: serious injury", pseudonym=f"{PSEUDONYMS[number % 20]}",
        outcome="seriously-harmed", incident_date=aware - dt.timedelta(days=1), aware_date=aware,
        notified_date=aware + dt.timedelta(days=2), age_at_incident="7 months", reference=f"LCSPR-2025-{number:03d}",
        by=manager, now=_at(aware + dt.timedelta(days=2)))
    reviews.assign_member(review=review, user=users["reviewer"], role_in_review="reviewer", by=manager, now=_at(aware))
    reviews.assign_member(review=review, user=users["panel"], role_in_review="panel_member", by=manager, now=_at(aware))
    points = [reviews.add_learning_point(review=review, text=text, themes=[], by=manager, now=_at(aware))
              for text in LEARNING]
    recommendations = [reviews.add_recommendation(review=review, text=text, themes=[], by=manager, now=_at(aware),
                                                  learning_points=points[:2]) for text in RECOMMENDATIONS]
    now = _at(today - dt.timedelta(days=10))
    for short, username in (("Police", "police"), ("Health visiting", "health"), ("CSC", None)):
        participation = reviews.add_participating_agency(review=review, agency=agencies[short], by=manager, now=_at(aware))
        for item, days in (("chronology", 5 + number % 20), ("agency_report", 25)):
            # Due dates from 5 days ago to 15 days ahead: some overdue, some due soon.
            reviews.request_item(participation=participation, item=item, due_date=today + dt.timedelta(days=days - 10),
                                 by=manager, now=now, notify=False)
        for recommendation in recommendations:
            action = actions.create_action(
                parent=recommendation, description=f"{short}: brief practitioners on the learning of {review.reference}",
                owner_agency=agencies[short], owner=users.get(username) if username else None,
                due_date=today + dt.timedelta(days=(number * 7) % 120 - 30), success_measure="Dip sample shows it in use",
                by=manager, now=now)
            _progress(action, users.get(username) or manager, today)
    return review


def _progress(action, by, today, *, updates: int = 2) -> None:
    for n in range(updates):
        day = today - dt.timedelta(days=9 - n)
        actions.add_progress_update(action=action, by=by, on=day, note=f"Briefing delivered to team {n + 1}.",
                                    now=_at(day))
    actions.add_evidence(action=action, by=by, description="Team meeting minutes", now=_at(today - dt.timedelta(days=7)),
                         url="https://intranet.example/minutes")
    actions.add_evidence(action=action, by=by, description="Attendance register", now=_at(today - dt.timedelta(days=7)),
                         upload=ContentFile(b"Name,Team\nA. Practitioner,Team 1\n", name="register.csv"))


def _more_chronology(review, agencies, users, *, rows: int, today) -> int:
    """Two more agencies' chronologies for Oliver's review (replacing their earlier versions)."""
    added = 0
    for short in ("Mental health", "Education"):
        agency = agencies[short]
        if not review.participating_agencies.filter(agency=agency).exists():
            reviews.add_participating_agency(review=review, agency=agency, by=users["manager"], now=_at(today))
        previous = Submission.objects.filter(review=review, agency=agency, is_current=True).first()
        total = rows // 2 + (previous.entries.count() if previous else 0)
        table = [["Date", "Time", "Source", "Event", "Action taken", "Significance"]]
        start = dt.date(2018, 3, 1)
        for n in range(total):
            day = start + dt.timedelta(days=(n * 3) % 310)
            table.append([day.strftime("%d/%m/%Y"), f"{9 + n % 8:02d}:{n % 60:02d}", f"{short} record {n + 1}",
                          f"Contact {n + 1} with mother about her wellbeing and the home",
                          "Advice given; follow-up booked", "Dogs in the home not discussed" if n % 3 == 0 else ""])
        text = io.StringIO()
        csv.writer(text).writerows(table)
        chronology.import_chronology(review=review, agency=agency, file=io.BytesIO(text.getvalue().encode()),
                                     name=f"{short.lower().replace(' ', '-')}-chronology.csv", by=users["manager"],
                                     now=_at(today))
        added += rows // 2
    return added


def _more_actions(review, agencies, users, *, count: int, today) -> int:
    recommendations = list(review.recommendations.order_by("number"))
    for n in range(count):
        action = actions.create_action(
            parent=recommendations[n % len(recommendations)], description=f"Follow-up audit {n + 1} of the learning",
            owner_agency=agencies["Health visiting"], owner=users["health"],
            due_date=today + dt.timedelta(days=(n * 11) % 90 - 20), success_measure="Audit report to the board",
            by=users["manager"], now=_at(today - dt.timedelta(days=20)))
        _progress(action, users["health"], today)
    return count


def _more_library(by, *, count: int, today) -> int:
    """Generated practitioner briefings from other partnerships, ingested as an upload would be."""
    done = 0
    base = Source.objects.count()
    for n in range(base, base + count):
        place, child = PLACES[(n // 20) % len(PLACES)], PSEUDONYMS[n % len(PSEUDONYMS)]
        age = f"{1 + (n // 240) % 11} months"
        text = "\n".join([
            f"{place} Safeguarding Children Partnership", "",
            f"Practitioner briefing: Local Child Safeguarding Practice Review - {child}", "",
            f"Published {2008 + n % 12}.", "",
            f"This review concerns a child who we shall call {child}, aged {age}, who was seriously harmed.",
            "", "Learning points", "",
            f"1. Practitioners in {place} should explore the risk from dogs in the home and record the advice given.",
            "2. Where there is drift in a child protection plan, managers should challenge it and escalate.",
            f"3. Professional curiosity about fathers and men in {child}'s household should be routine.", "",
            "Recommendations", "",
            "1. The partnership should seek assurance that domestic abuse enquiries are made at every contact.",
            f"2. Agencies in {place} should deliver training on parental mental health and its impact on parenting.", "",
        ])
        result = library.ingest_file(data=text.encode(), filename=f"briefing-{n}.txt", by=None,
                                     now=_at(today))
        done += result.result == library.CREATED
    return done
