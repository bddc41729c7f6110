"""Demo: Oliver's published practitioner briefing, as in the seed, and his 7-minute briefing (idempotent).

Then how agencies used them: dissemination records from four of the five
agencies that took part in the review (the Mental Health Trust has none, so the
board report names it) and a training event that carried the learning.

Built the way a review manager would build it: drafted from the review's findings,
background and further information written from the seed briefing, passed through
the anonymisation gate by the review manager, approved by the partnership admin (the
second person), then published.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from casereview.accounts.models import User
from casereview.publishing import services
from casereview.publishing.models import (
    Briefing,
    BriefingKind,
    BriefingStatus,
    DisseminationMethod,
    DisseminationRecord,
)
from casereview.reviews.models import Review

BACKGROUND = """The subject of this review is Oliver, who was 15 days old when he sustained very serious injuries as a \
result of being attacked by two family pet dogs. Oliver subsequently died of these injuries.

Identification of risk specifically in relation to the family pet dogs: there is guidance from the Safeguarding \
Children Partnership Board, which was in place and published at the time of the injuries to Oliver. Whilst the \
guidance states that risk can come from the most trusted pets, the inference is that it is the breeds that are \
defined dangerous dogs that present the greatest risk.

In the case of Oliver all agencies were required to provide Independent Management Reviews (IMRs) and a chronology \
of their involvement with Oliver. In addition, a practitioners' event took place which explored key episodes and \
events within the timeframe being reviewed, enabling professionals to talk through their experiences in a safe and \
learning environment.

Since the review, the Partnership Board has combined a number of resources for safeguarding children and young \
people around dogs."""

FURTHER_INFORMATION = """Safeguarding Partnership Board website: http://www.safeguardingcambspeterborough.org.uk/children-board/

Practice guidance and resources for safeguarding children around dogs: \
https://www.safeguardingcambspeterborough.org.uk/children-board/professionals/procedures/dangerous_dogs/

Safeguarding training: http://www.safeguardingcambspeterborough.org.uk/availabletraining/

Pre-birth assessment: \
https://www.safeguardingcambspeterborough.org.uk/children-board/professionals/procedures/pre-birth_assessment/"""


def _publication_time(review) -> dt.datetime:
    """The review's recorded publication day (9am, UK time), so the briefing shows the date it was published."""
    if review.published_date is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(review.published_date, dt.time(9, 0)))


def load_demo(*, stdout) -> Briefing | None:
    briefing = _load_practitioner_briefing(stdout=stdout)
    if briefing is None or not briefing.is_public:
        return briefing
    seven = _load_seven_minute_briefing(briefing.review, stdout=stdout)
    if seven is not None and seven.is_public:
        _load_dissemination(briefing, seven, stdout=stdout)
    return briefing


def _load_practitioner_briefing(*, stdout) -> Briefing | None:
    review = Review.objects.filter(pseudonym="Oliver").order_by("pk").first()
    manager = User.objects.filter(username="manager").first()
    second = User.objects.filter(username="admin").first()
    if review is None or manager is None or second is None:
        stdout.write("Publishing demo: no demo review for Oliver (load the reviews demo first); nothing to publish")
        return None
    existing = review.briefings.filter(status=BriefingStatus.PUBLISHED).order_by("-version").first()
    if existing is not None:
        stdout.write(f"Publishing demo: briefing for {review.reference} already published")
        return existing
    now = _publication_time(review)
    briefing = review.briefings.filter(status__in=[BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED]).first()
    if briefing is None:
        briefing = services.create_briefing_from_review(review=review, by=manager, now=now)
    services.edit_briefing(briefing=briefing, by=manager, now=now, background=BACKGROUND,
                           further_information=FURTHER_INFORMATION)
    return _gate_approve_publish(briefing, manager=manager, second=second, now=now, stdout=stdout,
                                 what=f"the practitioner briefing for {review.reference} ({review.pseudonym})")


def _load_seven_minute_briefing(review, *, stdout) -> Briefing | None:
    """Drafted from the same findings, gated by the manager, approved by the admin, published the same day."""
    existing = review.briefings.filter(kind=BriefingKind.SEVEN_MINUTE, status=BriefingStatus.PUBLISHED).first()
    if existing is not None:
        stdout.write(f"Publishing demo: 7-minute briefing for {review.reference} already published")
        return existing
    manager, second = User.objects.get(username="manager"), User.objects.get(username="admin")
    now = _publication_time(review)
    briefing = review.briefings.filter(kind=BriefingKind.SEVEN_MINUTE,
                                       status__in=[BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED]).first()
    if briefing is None:
        briefing = services.create_briefing_from_review(review=review, by=manager, now=now,
                                                        kind=BriefingKind.SEVEN_MINUTE)
    services.edit_briefing(briefing=briefing, by=manager, now=now, background=SEVEN_MINUTE_BACKGROUND,
                           the_learning=SEVEN_MINUTE_LEARNING, what_to_do=SEVEN_MINUTE_WHAT_TO_DO,
                           further_information=FURTHER_INFORMATION)
    return _gate_approve_publish(briefing, manager=manager, second=second, now=now, stdout=stdout,
                                 what=f"the 7-minute briefing for {review.reference}")


def _gate_approve_publish(briefing: Briefing, *, manager, second, now, stdout, what: str) -> Briefing:
    """Four eyes, as in the service: the manager runs the gate, the admin approves, the manager publishes."""
    result = services.run_gate(briefing=briefing, by=manager, now=now)
    if not result.ok:
        stdout.write(f"Publishing demo: {what} did not pass the anonymisation gate:")
        for problem in result.problems:
            stdout.write(f"  {problem}")
        return briefing
    services.approve_briefing(briefing=briefing, by=second, now=now)
    briefing = services.publish_briefing(briefing=briefing, by=manager, now=now)
    stdout.write(f"Publishing demo: published {what}")
    return briefing


SEVEN_MINUTE_BACKGROUND = """Oliver was 15 days old when he was attacked by two family pet dogs; he died of his injuries.

Agencies knew about the dogs. Actions agreed to assess the risk they posed to a newborn were not followed through."""

# The manager shortens the drafted learning and recommendations to what a team reads in seven minutes.
SEVEN_MINUTE_LEARNING = """Explore every risk factor fully, using all the information available, and test your hypotheses.

Where actions are set within a child protection framework, follow them through and evidence them; record why if \
an action is no longer needed.

When actions drift, challenge it: completing them is a shared responsibility across the partnership.

Look at the history of a case, including a parent's experience with a previous child, not only at events now.

Managers oversee key decisions and plans, such as discharge from hospital."""

SEVEN_MINUTE_WHAT_TO_DO = """Ask about pets, and dogs in particular, at every antenatal and new-birth contact, and record the answer.

Complete a full pre-birth assessment under the Safeguarding Pre-birth protocol when risk is known.

Give every agreed action a named owner and a date, and check at the next meeting that it was done.

Use supervision to step back from optimistic views of parents' strengths.

Discuss this briefing at your next team meeting or in supervision, and record how your team used it in \
CaseReview."""

# (agency name, recorded by, which briefing, team, day, method, practitioners, reflections, changes)
USES = [
    ("Cambridgeshire Constabulary", "police", "seven_minute", "Child abuse investigation unit (South)",
     dt.date(2020, 9, 14), DisseminationMethod.TEAM_MEETING, 11,
     "The team discussed how risk from family pets is recorded on domestic abuse call-outs.",
     "Officers attending homes with a newborn now note any dogs and share it with children's social care."),
    ("Cambridgeshire Constabulary", "police", "practitioner", "Public protection sergeants", dt.date(2020, 9, 21),
     DisseminationMethod.EMAIL, 9, "", ""),
    ("Community Health Services (Health Visiting)", "health", "seven_minute", "North locality health visiting",
     dt.date(2020, 9, 9), DisseminationMethod.TEAM_MEETING, 14,
     "Health visitors were unsure who follows up an agreed home visit when the named worker is away.",
     "The antenatal contact checklist now asks about pets, and agreed actions are logged with a named owner."),
    ("Community Health Services (Health Visiting)", "health", "seven_minute", "South locality health visiting",
     dt.date(2020, 10, 5), DisseminationMethod.SUPERVISION, 6, "", ""),
    ("Acute Hospital Trust", "manager", "practitioner", "Maternity safeguarding team", dt.date(2020, 10, 12),
     DisseminationMethod.TRAINING, 22, "Midwives reflected on discharge planning for babies going home to pets.", ""),
    ("Children's Social Care", "admin", "seven_minute", "Assessment team 2", dt.date(2020, 10, 19),
     DisseminationMethod.TEAM_MEETING, 8, "",
     "Pre-birth assessments now include the dogs risk assessment tool."),
]


@transaction.atomic  # all the demo's uses or none, so a failed run can simply be run again
def _load_dissemination(practitioner: Briefing, seven: Briefing, *, stdout) -> None:
    from casereview.accounts.models import Agency

    review = practitioner.review
    if DisseminationRecord.objects.filter(briefing__review=review).exists():
        stdout.write(f"Publishing demo: dissemination records for {review.reference} already loaded")
        return
    agencies = {a.name: a for a in Agency.objects.filter(partnership=review.partnership)}
    briefings = {"practitioner": practitioner, "seven_minute": seven}
    for name, username, which, team, day, method, count, reflections, changes in USES:
        by = User.objects.get(username=username)
        # A data folder from an older demo may hold the briefing published later than these
        # illustrative dates: a use is never recorded before its briefing was published.
        day = max(day, timezone.localdate(briefings[which].published_at))
        services.record_dissemination(
            briefing=briefings[which], agency=agencies[name], by=by, now=_at(day), team=team, used_on=day,
            method=method, practitioners=count, reflections=reflections, changes=changes)
    services.record_training_event(
        review=review, by=User.objects.get(username="admin"), now=_at(dt.date(2020, 11, 4)),
        title="Safeguarding babies around dogs: learning from Oliver's review", held_on=dt.date(2020, 11, 4),
        audience="Multi-agency practitioners working with families before and after birth",
        attendance={agencies["Children's Social Care"]: 12, agencies["Community Health Services (Health Visiting)"]: 9,
                    agencies["Acute Hospital Trust"]: 5})
    stdout.write(f"Publishing demo: {len(USES)} uses of {review.reference}'s briefings recorded by four agencies and "
                 "a training event; the Mental Health Trust has recorded none")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(17, 0)))
