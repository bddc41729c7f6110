"""Demo: the published practitioner briefing for Oliver's review, as in the seed (idempotent).

Built the way a review manager would build it: drafted from the review's findings,
background and further information written from the seed briefing, passed through
the anonymisation gate by the review manager, approved by the partnership admin (the
second person), then published.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from casereview.accounts.models import User
from casereview.publishing import services
from casereview.publishing.models import Briefing, BriefingStatus
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
    result = services.run_gate(briefing=briefing, by=manager, now=now)
    if not result.ok:
        stdout.write("Publishing demo: the briefing did not pass the anonymisation gate:")
        for problem in result.problems:
            stdout.write(f"  {problem}")
        return briefing
    services.approve_briefing(briefing=briefing, by=second, now=now)
    briefing = services.publish_briefing(briefing=briefing, by=manager, now=now)
    stdout.write(f"Publishing demo: published the practitioner briefing for {review.reference} ({review.pseudonym})")
    return briefing
