"""Demo reviews (idempotent): Oliver's serious case review from the seed briefing, and open reviews
at other stages whose deadlines fall near and before today, so the dashboard is never empty.

Every write goes through services.py with a `now` in the past where the story needs one
(a request made weeks ago that is now overdue). Restricted identifiers are invented.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casereview.accounts.demo import DEMO_PARTNERSHIP, SECOND_PARTNERSHIP
from casereview.accounts.models import Agency, Partnership, User
from casereview.core import calendar as wd
from casereview.reviews import services
from casereview.reviews.models import Review, ReviewType
from casereview.reviews.review_types import ensure_review_types
from casereview.reviews.themes import suggest_themes

# Texts copied exactly from the web rendering of the seed briefing.
LEARNING_POINTS = [
    'Where risk factors are identified it is important that they are fully explored, using all available information to challenge and test hypotheses and mitigate the risk.',
    'Adherence to the Safeguarding Pre-birth protocol, undertaking a full pre-birth assessment and support from the unborn panel will ensure that there is a coherent multi-agency approach to supporting and protecting the unborn and newly born child.',
    'Where actions are set within the child protection framework they should be followed through and evidenced as being completed. If the action becomes unnecessary or irrelevant this should be recorded.',
    'Within the partnership there is shared responsibility for safeguarding and the completion of actions, where there is apparent drift, failure to complete this should be appropriately challenged and addressed.',
    'Any assessment of risk needs to look at the history of a case as well as the events occurring and being presented at that time. Where there is experience to be drawn on from the past this should be used to assess the present. In this case the parenting experience of the father from having a previous child.',
    'Professionals should be open to challenging information or behaviour which appears to be incongruent to information they hold or contrary to their own professional judgement or experience.',
    'Professionals should balance the desire to identify and build the strengths of parents with an overly optimistic viewpoint.',
    'Professionals should take every opportunity to explore the risks of domestic abuse in a relationship, considering how coercion can be applied. Safe, open conversations about previous domestic abuse should not be avoided. Where there are concerns regarding previous domestic abuse consideration should be given to how much the current partner is aware of and whether consideration of disclosure under Clare’s Law is appropriate.',
    'Managers should have oversight on key decisions and plans being made, in particular decisions in this case like the discharge from hospital plan. Staff should also seek formal safeguarding supervision in complex cases where it is available.',
    'There is opportunity for non-mental health staff to be made more aware of the mental health diagnosis which would assist in a better understanding of the risks posed by the mental health condition and a better understanding of the pathways to treatment.',
]
RECOMMENDATIONS = [
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should seek assurance from all agencies contributing to this review that all single agency recommendations identified in their respective reports have been actioned and progress is being monitored.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should be assured that practitioners have a clear understanding of the Safeguarding Partnership Board Procedures for Pre- birth assessments. Quality assurance activity should be undertaken to confirm its effectiveness.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should seek assurance that the multi-agency pre-birth panel is functioning effectively. Quality assurance activity should be undertaken to confirm its effectiveness.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should continue to deliver multi agency training on parental mental health to assist practitioners to better understand the impact of their conditions on parenting and what the pathways for treatment are.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should develop guidance on professional curiosity and disguised compliance and how this can impact on an overly optimistic view on parent’s ability to change.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should seek to ensure that agencies take every opportunity to enquire and identify all aspects of domestic abuse, including coercive control.',
    'The Cambridgeshire and Peterborough Safeguarding Partnership Board should ensure that agencies are focused on the potential risk presented by dogs, in particular to young children and babies, by reviewing the current policy and linking in with other resources to build on the message ‘never leave a baby or young child unsupervised with a dog, even for a moment, no matter how well you know that dog’.',
]

LEARNING_POINT_THEMES = [
    ["risk-assessment", "challenge-escalation"],
    ["pre-birth", "multi-agency-working", "policy-and-procedure", "infant-vulnerability"],
    ["drift-and-delay"],
    ["multi-agency-working", "drift-and-delay", "challenge-escalation"],
    ["risk-assessment", "family-history", "fathers-and-men"],
    ["challenge-escalation", "professional-curiosity"],
    ["disguised-compliance"],
    ["domestic-abuse", "coercive-control"],
    ["management-oversight", "hospital-discharge"],
    ["parental-mental-health", "training-and-awareness"],
]
# (themes, numbers of the learning points the recommendation answers)
RECOMMENDATION_THEMES = [
    (["quality-assurance", "drift-and-delay"], [3, 4]),
    (["pre-birth", "policy-and-procedure", "quality-assurance"], [2]),
    (["pre-birth", "multi-agency-working", "quality-assurance"], [2]),
    (["parental-mental-health", "training-and-awareness"], [10]),
    (["professional-curiosity", "disguised-compliance", "policy-and-procedure"], [6, 7]),
    (["domestic-abuse", "coercive-control"], [8]),
    (["dogs", "infant-vulnerability", "policy-and-procedure"], [1]),
]


def _themes(text: str, ids: list[str]) -> list[dict[str, str]]:
    """The chosen themes, with the text engine's evidence span where it tags the same theme."""
    evidence = {s["theme"]: s["evidence"] for s in suggest_themes(text)}
    return [{"theme": t, "evidence": evidence.get(t, "")} for t in ids]


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _working_days_before(day: dt.date, n: int, calendar: str) -> dt.date:
    while n > 0:
        day -= dt.timedelta(days=1)
        if wd.is_working_day(day, calendar):
            n -= 1
    return day


def load_demo(*, stdout, today: dt.date | None = None) -> None:
    partnership = Partnership.objects.filter(name=DEMO_PARTNERSHIP).first()
    if partnership is None:
        stdout.write("Reviews demo skipped: load the accounts demo first.")
        return
    today = today or timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["manager", "reviewer", "panel"])}
    if len(users) < 3:
        stdout.write("Reviews demo skipped: the demo users manager, reviewer and panel are missing.")
        return
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=partnership)}
    created = []
    with transaction.atomic():
        # The review types a migration put there may be gone (a flushed database, or a test database
        # emptied by a transactional test): put back any that are missing, as migrate does.
        ensure_review_types()
        for builder in (_oliver, _noah, _ava, _mia, _leo, _ruby):
            review = builder(partnership=partnership, users=users, agencies=agencies, today=today)
            if review is not None:
                created.append(review.reference)
        _leo_draft_findings(partnership=partnership, users=users, agencies=agencies)
        created += _northshire(today=today)
    stdout.write(f"Demo reviews: {len(created)} created" + (f" ({', '.join(created)})" if created else ""))


def _exists(partnership, pseudonym: str) -> bool:
    return Review.objects.filter(partnership=partnership, pseudonym=pseudonym).exists()


def _start(*, partnership, users, type_slug, pseudonym, title, age, outcome, aware, notified_after, identifiers,
           summary="", reference=None) -> Review:
    manager = users["manager"]
    cal = partnership.calendar
    notified = wd.add_working_days(aware, notified_after, cal) if notified_after is not None else None
    review = services.create_review(
        partnership=partnership, review_type=ReviewType.objects.get(slug=type_slug), title=title, pseudonym=pseudonym,
        outcome=outcome, incident_date=aware - dt.timedelta(days=1), aware_date=aware, notified_date=None,
        age_at_incident=age, summary=summary, reference=reference, by=manager, now=_at(aware))
    if notified:
        services.update_review(review=review, notified_date=notified, by=manager, now=_at(notified))
    for kind, label, value in identifiers:
        services.add_restricted_identifier(review=review, kind=kind, label=label, value=value, by=manager, now=_at(aware))
    services.assign_member(review=review, user=users["reviewer"], role_in_review="reviewer", by=manager, now=_at(aware))
    services.assign_member(review=review, user=users["panel"], role_in_review="panel_member", by=manager, now=_at(aware))
    return review


def _to_rapid_review(review, users) -> None:
    services.change_stage(review=review, to_stage="rapid_review", reason="Rapid review meeting convened.",
                          by=users["manager"], now=_at(review.notified_date))


def _decide(review, users, *, day: dt.date, review_it: bool, **criteria) -> None:
    manager = users["manager"]
    services.record_decision(
        review=review, outcome="review" if review_it else "no_further_review", decided_on=day, by=manager, now=_at(day),
        decision_makers="Independent chair, safeguarding partners' delegates\nDesignated nurse\nDetective inspector",
        rationale="Rapid review findings considered against the criteria." if review_it
        else "The rapid review found no further learning beyond single-agency actions already in hand.",
        **criteria)
    services.change_stage(review=review, to_stage="decided", reason="Rapid review report sent to the national panel.",
                          by=manager, now=_at(day))


def _oliver(*, partnership, users, agencies, today):
    if _exists(partnership, "Oliver"):
        return None
    manager = users["manager"]
    aware = dt.date(2019, 1, 14)
    review = _start(
        partnership=partnership, users=users, type_slug="serious-case-review", pseudonym="Oliver",
        title="Oliver, 15 days old: serious case review", age="15 days", outcome="died", aware=aware,
        notified_after=3, reference="SCR-2019-001",
        summary="Oliver was 15 days old when he sustained very serious injuries as a result of being attacked by two "
                "family pet dogs. He subsequently died of these injuries. (Dates in this demonstration are illustrative.)",
        # Born 29 December 2018: 15 days old at the incident on 13 January 2019, as the briefing says.
        identifiers=[("name", "Child", "Jaxon Trelawney-Budd"), ("date_of_birth", "Child", "29 December 2018"),
                     ("address", "Home address", "14 Fenwick Row, Wisbech PE13 9QX"),
                     ("record_number", "NHS number", "943 476 5919")])
    decided = dt.date(2019, 2, 11)
    services.record_decision(
        review=review, outcome="review", decided_on=decided, by=manager, now=_at(decided),
        decision_makers="SCR sub-group panel chair\nIndependent chair of the Safeguarding Partnership Board",
        rationale="Abuse or neglect suspected and the child died: the criteria for a serious case review are met.",
        abuse_or_neglect=True, child_died=True, agencies_concern=True)
    for agency_short in ("Police", "Health visiting", "CSC", "Hospital", "Mental health"):
        if agency_short in agencies:
            services.add_participating_agency(review=review, agency=agencies[agency_short], by=manager, now=_at(decided))
    points = []
    for text, theme_ids in zip(LEARNING_POINTS, LEARNING_POINT_THEMES, strict=True):
        points.append(services.add_learning_point(review=review, text=text, themes=_themes(text, theme_ids),
                                                  by=manager, now=_at(decided)))
    for text, (theme_ids, numbers) in zip(RECOMMENDATIONS, RECOMMENDATION_THEMES, strict=True):
        services.add_recommendation(review=review, text=text, themes=_themes(text, theme_ids), by=manager,
                                    now=_at(decided), learning_points=[points[n - 1] for n in numbers])
    for short, text in (("Police", "Dog-related incidents at a child's home are shared with children's social care."),
                        ("Health visiting", "Health visitors ask about dogs in the home at the new-birth visit.")):
        if short in agencies:
            services.add_single_agency_recommendation(review=review, agency=agencies[short], text=text, by=manager,
                                                      now=_at(decided))
    services.import_stage(review=review, stage="action_monitoring", by=manager, now=_at(dt.date(2020, 8, 3)),
                          published_date=dt.date(2020, 8, 3),
                          reason="Legacy serious case review, published in August 2020, imported for action monitoring.")
    return review


def _noah(*, partnership, users, agencies, today):
    """Notified stage: the notification to the national panel is due in 2 working days."""
    if _exists(partnership, "Noah"):
        return None
    aware = _working_days_before(today, 3, partnership.calendar)
    return _start(partnership=partnership, users=users, type_slug="rapid-review", pseudonym="Noah",
                  title="Noah, 4 months: head injury", age="4 months", outcome="seriously-harmed", aware=aware,
                  notified_after=None, identifiers=[("name", "Child", "Brannoch Elsworthy"),
                                                    ("school", "Nursery", "Little Acorns Day Nursery, March")])


def _ava(*, partnership, users, agencies, today):
    """Rapid review running: due within the next 10 working days."""
    if _exists(partnership, "Ava"):
        return None
    aware = _working_days_before(today, 14, partnership.calendar)
    review = _start(partnership=partnership, users=users, type_slug="local-child-safeguarding-practice-review",
                    pseudonym="Ava", title="Ava, 8 months: fractures", age="8 months", outcome="seriously-harmed",
                    aware=aware, notified_after=4, identifiers=[("name", "Child", "Marisol Quenby"),
                                                                ("address", "Home address", "3 Osier Court, Ely CB7 4ZN")])
    _to_rapid_review(review, users)
    return review


def _mia(*, partnership, users, agencies, today):
    """Rapid review overdue."""
    if _exists(partnership, "Mia"):
        return None
    aware = _working_days_before(today, 25, partnership.calendar)
    review = _start(partnership=partnership, users=users, type_slug="local-child-safeguarding-practice-review",
                    pseudonym="Mia", title="Mia, 15 years: suspected exploitation", age="15 years",
                    outcome="seriously-harmed", aware=aware, notified_after=5,
                    identifiers=[("name", "Child", "Tamsin Holloway-Reeve"), ("school", "School", "Fenland Academy")])
    _to_rapid_review(review, users)
    return review


def _leo(*, partnership, users, agencies, today):
    """Information gathering: police report overdue, health chronology due soon; rapid review was late."""
    if _exists(partnership, "Leo"):
        return None
    cal, manager = partnership.calendar, users["manager"]
    aware = _working_days_before(today, 60, cal)
    review = _start(partnership=partnership, users=users, type_slug="local-child-safeguarding-practice-review",
                    pseudonym="Leo", title="Leo, 2 years: neglect", age="2 years", outcome="died", aware=aware,
                    notified_after=5, identifiers=[("name", "Child", "Corvin Ashdown"),
                                                   ("record_number", "Social care record", "CSC-7781204")])
    _to_rapid_review(review, users)
    decided = wd.add_working_days(review.notified_date, 18, cal)  # three working days late
    _decide(review, users, day=decided, review_it=True, abuse_or_neglect=True, child_died=True,
            reason_improvements_needed=True, reason_recurrent_themes=True)
    services.change_stage(review=review, to_stage="terms_of_reference", reason="LCSPR commissioned.", by=manager,
                          now=_at(decided))
    services.save_terms_of_reference(
        review=review, period_start=aware - dt.timedelta(days=730), period_end=aware, by=manager, now=_at(decided),
        lines_of_enquiry="How agencies recognised and responded to neglect\nHow the voice of the child was heard\n"
                         "How missed health appointments were followed up", agreed_on=decided)
    participations = {}
    for short in ("Police", "Health visiting", "CSC"):
        if short in agencies:
            participations[short] = services.add_participating_agency(review=review, agency=agencies[short], by=manager,
                                                                      now=_at(decided))
    services.change_stage(review=review, to_stage="information_gathering", reason="Terms of reference agreed.",
                          by=manager, now=_at(decided))
    asked = wd.add_working_days(decided, 1, cal)
    if "Police" in participations:
        services.request_item(participation=participations["Police"], item="agency_report", by=manager, now=_at(asked),
                              due_date=_working_days_before(today, 5, cal), notify=False)
    if "Health visiting" in participations:
        services.request_item(participation=participations["Health visiting"], item="chronology", by=manager,
                              now=_at(asked), due_date=wd.add_working_days(today, 6, cal), notify=False)
    if "CSC" in participations:
        services.request_item(participation=participations["CSC"], item="agency_report", by=manager, now=_at(asked),
                              due_date=wd.add_working_days(today, 15, cal), notify=False)
    services.record_family_involvement(review=review, family_member="Mother", status="offered", by=manager,
                                       now=_at(asked), status_date=asked)
    return review


def _ruby(*, partnership, users, agencies, today):
    """Rapid review on time, decided: no further review."""
    if _exists(partnership, "Ruby"):
        return None
    aware = _working_days_before(today, 45, partnership.calendar)
    review = _start(partnership=partnership, users=users, type_slug="rapid-review", pseudonym="Ruby",
                    title="Ruby, 6 years: burns", age="6 years", outcome="seriously-harmed", aware=aware,
                    notified_after=2, identifiers=[("name", "Child", "Elspeth Marchbank")])
    _to_rapid_review(review, users)
    decided = wd.add_working_days(review.notified_date, 12, partnership.calendar)
    _decide(review, users, day=decided, review_it=False, abuse_or_neglect=True, child_seriously_harmed=True)
    services.change_stage(review=review, to_stage="no_further_review", reason="The national panel agreed.",
                          by=users["manager"], now=_at(decided))
    return review


# Draft findings (the review is not signed off): the review's team and auditors read them,
# board members and agency contributors must not (tests/safety crawls for these texts).
LEO_DRAFT_LEARNING_POINTS = [
    "Draft: missed health appointments for Leo were closed without a home visit or a call to the family.",
    "Draft: neglect was assessed incident by incident; no agency looked at the cumulative pattern.",
]
LEO_DRAFT_RECOMMENDATION = ("Draft: agencies should agree one escalation route when a young child is repeatedly "
                            "not brought to health appointments.")
LEO_DRAFT_SINGLE_AGENCY = {
    "Police": "Draft: officers attending homes with young children record the home conditions they see.",
    "Health visiting": "Draft: a second missed contact triggers a home visit within five working days.",
}


def _leo_draft_findings(*, partnership, users, agencies) -> None:
    review = Review.objects.filter(partnership=partnership, pseudonym="Leo").first()
    if review is None or review.learning_points.exists():
        return
    manager = users["manager"]
    at = _at(review.decision_date or review.aware_date)
    points = [services.add_learning_point(review=review, text=text, themes=_themes(text, ["drift-and-delay"]),
                                          by=manager, now=at) for text in LEO_DRAFT_LEARNING_POINTS]
    services.add_recommendation(review=review, text=LEO_DRAFT_RECOMMENDATION, themes=_themes(LEO_DRAFT_RECOMMENDATION,
                                ["challenge-escalation"]), by=manager, now=at, learning_points=points)
    for short, text in LEO_DRAFT_SINGLE_AGENCY.items():
        if short in agencies:
            services.add_single_agency_recommendation(review=review, agency=agencies[short], text=text, by=manager, now=at)


def _northshire(*, today: dt.date) -> list[str]:
    """The second partnership's two reviews: one published with findings, one with draft findings."""
    partnership = Partnership.objects.filter(name=SECOND_PARTNERSHIP).first()
    if partnership is None:
        return []
    prefixed = {u.username.removeprefix("ns-"): u for u in
                User.objects.filter(username__in=["ns-manager", "ns-reviewer", "ns-panel"])}
    if len(prefixed) < 3:
        return []
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=partnership)}
    created = []
    for builder in (_tobias, _saffron):
        review = builder(partnership=partnership, users=prefixed, agencies=agencies, today=today)
        if review is not None:
            created.append(review.reference)
    return created


def _tobias(*, partnership, users, agencies, today):
    """Northshire: a published LCSPR with findings and a single-agency recommendation."""
    if _exists(partnership, "Tobias"):
        return None
    manager = users["manager"]
    aware = dt.date(2024, 3, 4)
    review = _start(partnership=partnership, users=users, type_slug="local-child-safeguarding-practice-review",
                    pseudonym="Tobias", title="Tobias, 3 years: scalds", age="3 years", outcome="seriously-harmed",
                    aware=aware, notified_after=4,
                    identifiers=[("name", "Child", "Peregrine Ashworth-Kell"),
                                 ("address", "Home address", "9 Larchfield Close, Northby NS4 2QT")])
    decided = dt.date(2024, 4, 2)
    services.record_decision(review=review, outcome="review", decided_on=decided, by=manager, now=_at(decided),
                             decision_makers="Independent scrutineer\nDesignated doctor",
                             rationale="Serious harm and concern about how agencies worked together.",
                             abuse_or_neglect=True, child_seriously_harmed=True, reason_improvements_needed=True)
    for short in ("NS Police", "NS Health visiting", "NS Children"):
        services.add_participating_agency(review=review, agency=agencies[short], by=manager, now=_at(decided))
    point = services.add_learning_point(
        review=review, by=manager, now=_at(decided), themes=_themes("x", ["voice-of-child"]),
        text="Northshire practitioners rarely spoke to Tobias alone, so his own account of home was never heard.")
    services.add_recommendation(
        review=review, by=manager, now=_at(decided), learning_points=[point], themes=_themes("x", ["voice-of-child"]),
        text="Northshire partners should record in every assessment how and where the child was seen alone.")
    services.add_single_agency_recommendation(
        review=review, agency=agencies["NS Health visiting"], by=manager, now=_at(decided),
        text="Northshire health visitors see pre-school children alone at each developmental review.")
    services.import_stage(review=review, stage="action_monitoring", by=manager, now=_at(dt.date(2024, 11, 4)),
                          published_date=dt.date(2024, 11, 4), reason="Published in November 2024.")
    return review


def _saffron(*, partnership, users, agencies, today):
    """Northshire: an LCSPR decided on, with draft findings."""
    if _exists(partnership, "Saffron"):
        return None
    manager = users["manager"]
    aware = _working_days_before(today, 90, partnership.calendar)
    review = _start(partnership=partnership, users=users, type_slug="local-child-safeguarding-practice-review",
                    pseudonym="Saffron", title="Saffron, 14 years: exploitation", age="14 years",
                    outcome="seriously-harmed", aware=aware, notified_after=3,
                    identifiers=[("name", "Child", "Isadora Pennyfeather"),
                                 ("school", "School", "Northby Grange Academy")])
    _to_rapid_review(review, users)
    decided = wd.add_working_days(review.notified_date, 14, partnership.calendar)
    _decide(review, users, day=decided, review_it=True, abuse_or_neglect=True, child_seriously_harmed=True,
            reason_improvements_needed=True)
    services.add_participating_agency(review=review, agency=agencies["NS Police"], by=manager, now=_at(decided))
    services.add_learning_point(
        review=review, by=manager, now=_at(decided), themes=_themes("x", ["exploitation"]),
        text="Draft (Northshire): missing episodes were logged separately and never read together.")
    return review
