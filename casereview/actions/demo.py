"""Demo action plan for Oliver's review (idempotent): every state, some overdue, some stale.

Dates are relative to today, so the drift list, the escalations and the board
report always have something to show. Everything goes through services.py, so
the audit log tells the same story as the pages.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import Agency, User
from casereview.actions import services
from casereview.actions.models import Action
from casereview.reviews.models import Review

# (recommendation number or single-agency agency short name, agency short name, owner username,
#  description, success measure, state, due in days, set days ago)
PLAN = [
    (1, "CSC", None, "Ask each agency for a signed-off update on every single-agency recommendation of this review",
     "Every agency's update received and reported to the board", "verified", -60, 300),
    (1, "CSC", None, "Add single-agency action progress to the quarterly board performance report",
     "Quarterly report includes a RAG table of single-agency actions", "in_progress", 75, 40),
    (2, "Health visiting", "health", "Re-launch the pre-birth assessment procedure with practitioner briefings",
     "80% of midwives and health visitors surveyed can name the procedure's key steps", "overdue", -21, 200),
    (3, "CSC", None, "Audit ten cases heard at the multi-agency pre-birth panel",
     "Audit report shows decisions recorded and followed up in at least 9 of 10 cases", "stale", 120, 150),
    (3, "Hospital", None, "Midwifery to attend every pre-birth panel meeting", "Attendance register shows 100% attendance",
     "due_soon", 9, 60),
    (4, "Mental health", None, "Deliver multi-agency parental mental health training (four sessions)",
     "Four sessions delivered; evaluation shows improved confidence", "completed_unverified", -10, 240),
    (5, "CSC", None, "Publish guidance on professional curiosity and disguised compliance",
     "Guidance published and referenced in supervision audits", "no_longer_required", 30, 200),
    (5, "Education", None, "Add professional curiosity scenarios to designated safeguarding lead training",
     "Scenarios used in every DSL course this year", "not_started", 150, 5),
    (6, "Police", "police", "Brief response officers on asking about coercive control at domestic incidents",
     "Dip sample shows coercive control questions recorded in 90% of DASH forms", "closure_requested", 45, 90),
    (6, "Health visiting", "health", "Routine enquiry about domestic abuse at every health visiting contact",
     "Audit shows routine enquiry recorded at 95% of contacts", "overdue_stale", -35, 180),
    (7, "Health visiting", "health", "Add a question about dogs in the home to the new-birth visit template",
     "Template updated; audit shows the question answered in 95% of new-birth visits", "in_progress_evidence", 60, 100),
    ("Police", "Police", "police", "Share dog-related incidents at a child's home with children's social care",
     "Force policy updated; dip sample of incidents shows referrals made", "verified", -30, 260),
    ("Health visiting", "Health visiting", "health", "Train health visitors to ask about dogs at the new-birth visit",
     "All health visitors trained (training record)", "overdue", -14, 160),
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


# Smaller plans: on Leo's draft findings (so the draft-findings crawl meets them on action pages)
# and on the second partnership's published review. (pseudonym, [(parent, agency, owner, description)]);
# parent is a recommendation number or the short name of the agency of a single-agency recommendation.
SMALL_PLANS = [
    ("Leo", [(1, "Police", "police", "Agree a missed-appointments escalation route with health partners"),
             ("Police", "Police", "police", "Add home conditions to the attending officer's checklist")]),
    ("Tobias", [(1, "NS Children", None, "Add 'seen alone: how and where' to the assessment template"),
                ("NS Health visiting", "NS Health visiting", "ns-health", "See children alone at each review")]),
]


def _load_small_plans(*, today: dt.date) -> None:
    for pseudonym, plan in SMALL_PLANS:
        review = Review.objects.filter(pseudonym=pseudonym).select_related("partnership").first()
        if review is None or Action.objects.filter(review=review).exists():
            continue
        agencies = {a.short_name: a for a in Agency.objects.filter(partnership=review.partnership)}
        people = {u.username: u for u in User.objects.filter(partnership=review.partnership)}
        manager = next((u for u in people.values() if u.role == "review_manager"), None)
        recommendations = {r.number: r for r in review.recommendations.all()}
        single = {s.agency.short_name: s for s in review.single_agency_recommendations.select_related("agency")}
        with transaction.atomic():
            for parent_key, agency_short, owner, description in plan:
                parent = recommendations.get(parent_key) if isinstance(parent_key, int) else single.get(parent_key)
                if parent is None or manager is None or agency_short not in agencies:
                    continue
                services.create_action(parent=parent, description=description, owner_agency=agencies[agency_short],
                                       owner=people.get(owner) if owner else None, due_date=today + dt.timedelta(days=90),
                                       success_measure="Audit shows the change in place", by=manager,
                                       now=_at(today - dt.timedelta(days=3)))


def load_demo(*, stdout, today: dt.date | None = None) -> None:
    _load_small_plans(today=today or timezone.localdate())
    review = Review.objects.filter(pseudonym="Oliver").select_related("partnership").first()
    if review is None:
        stdout.write("Actions demo skipped: load the reviews demo (Oliver's review) first.")
        return
    if Action.objects.filter(review=review).exists():
        stdout.write("Actions demo: already loaded.")
        return
    today = today or timezone.localdate()
    agencies = {a.short_name: a for a in Agency.objects.filter(partnership=review.partnership)}
    people = {u.username: u for u in User.objects.filter(partnership=review.partnership)}
    manager = people.get("manager") or people.get("admin")
    if manager is None or not agencies:
        stdout.write("Actions demo skipped: the demo agencies and users are missing.")
        return
    recommendations = {r.number: r for r in review.recommendations.all()}
    single = {s.agency.short_name: s for s in review.single_agency_recommendations.select_related("agency")}
    created = 0
    with transaction.atomic():
        for parent_key, agency_short, owner, description, measure, state, due_in, set_ago in PLAN:
            parent = recommendations.get(parent_key) if isinstance(parent_key, int) else single.get(parent_key)
            agency = agencies.get(agency_short)
            if parent is None or agency is None:
                continue
            set_on = today - dt.timedelta(days=set_ago)
            action = services.create_action(
                parent=parent, description=description, owner_agency=agency, owner=people.get(owner) if owner else None,
                due_date=today + dt.timedelta(days=due_in), success_measure=measure, by=manager, now=_at(set_on))
            _play(action, state, today=today, set_on=set_on, manager=manager, worker=people.get(owner) or manager)
            created += 1
        # Two daily escalation runs a week apart, so escalation history shows on the drifting actions.
        services.escalate_drifting(today=today - dt.timedelta(days=7), now=_at(today - dt.timedelta(days=7), 7))
        services.escalate_drifting(today=today, now=_at(today, 7))
    stdout.write(f"Actions demo: {created} actions for {review.reference}.")


def _progress(action, worker, day, note):
    services.add_progress_update(action=action, by=worker, on=day, note=note, now=_at(day, 15))


def _evidence(action, worker, day, *, file_text=None):
    if file_text:
        upload = ContentFile(file_text.encode(), name="evidence-summary.txt")
        services.add_evidence(action=action, by=worker, description="Summary of the evidence gathered",
                              upload=upload, now=_at(day, 16))
    services.add_evidence(action=action, by=worker, description="Report on the partnership intranet",
                          url="https://intranet.example.org/reports/action-evidence", now=_at(day, 16))


def _play(action, state, *, today, set_on, manager, worker):
    """Move a freshly set action into the demo state, with dated updates along the way."""
    days = lambda n: today - dt.timedelta(days=n)  # noqa: E731 (a readable shorthand in this one function)
    if state == "not_started":
        return
    if state in ("stale", "overdue_stale"):
        _progress(action, worker, set_on + dt.timedelta(days=10), "Scoping meeting held; lead officer identified.")
        return
    completed_ago = 40 if state == "completed_unverified" else 20
    worked_on = days(completed_ago + 10) if state in ("verified", "completed_unverified") else days(12)
    _progress(action, worker, worked_on, "Work under way; first draft circulated to the sub-group.")
    if state in ("in_progress", "overdue", "due_soon"):
        return
    if state == "in_progress_evidence":
        _evidence(action, worker, days(5))
        return
    if state in ("closure_requested", "no_longer_required"):
        action = services.request_closure(
            action=action, by=worker, expected_version=_v(action), now=_at(days(8)),
            rationale="Superseded: the county-wide procedure published in the spring covers this in full.")
        if state == "no_longer_required":
            services.approve_closure(action=action, by=manager, expected_version=_v(action), now=_at(days(6)))
        return
    _evidence(action, worker, days(completed_ago + 1), file_text=f"Evidence for {action.reference}: {action.success_measure}.")
    action = services.complete_action(action=action, by=worker, note="Completed as planned; evidence attached.",
                                      expected_version=_v(action), now=_at(days(completed_ago)))
    if state == "verified":
        services.verify_completion(action=action, by=manager, expected_version=_v(action), now=_at(days(completed_ago - 5)))


def _v(action) -> int:
    return Action.objects.values_list("version", flat=True).get(pk=action.pk)
