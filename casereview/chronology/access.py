"""Who sees which chronology.

An agency contributor uploads and sees only its own agency's submission for a
review its agency takes part in; the review team (admins, review managers,
assigned reviewers and panel members) sees the integrated chronology. Every
function raises 404 for objects the user may not know about and 403 for a
role that lacks the capability.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from casereview.accounts.models import Agency
from casereview.chronology import uploads
from casereview.chronology.models import DuplicateLink, Entry, Episode, PendingUpload, Submission
from casereview.core.access import require
from casereview.core.roles import Role
from casereview.reviews import access as review_access
from casereview.reviews.models import Review


def access_integrated(user: Any, review_pk: Any, permission: str = "chronology.view") -> Review:
    """The review whose integrated chronology `user` may see (the review team only)."""
    require(user, permission)
    review = review_access.access_review(user, review_pk)
    if not review_access.is_review_team(user, review):
        raise Http404("No such review.")
    return review


def submitting_agencies(user: Any, review: Review) -> QuerySet[Agency]:
    """Agencies `user` may upload for on this review: their own (contributors) or any taking part (managers)."""
    agencies = Agency.objects.filter(review_participations__review=review)
    if user.role == Role.AGENCY_CONTRIBUTOR:
        return agencies.filter(pk=user.agency_id)
    if not review_access.is_review_team(user, review):
        return agencies.none()
    return agencies


def access_submission_agency(user: Any, review_pk: Any, agency_pk: Any = None) -> tuple[Review, Agency]:
    """(review, agency) for the submission page; contributors always get their own agency."""
    require(user, "chronology.submit")
    review = review_access.access_review(user, review_pk)
    agencies = submitting_agencies(user, review)
    if user.role == Role.AGENCY_CONTRIBUTOR:
        agency = agencies.first()
    else:
        # Managers upload on an agency's behalf; without a choice, the first agency taking part.
        try:
            agency = agencies.filter(pk=int(agency_pk)).first() if agency_pk not in (None, "") else agencies.first()
        except (TypeError, ValueError):
            agency = None
    if agency is None:
        raise Http404("No such agency on this review.")
    return review, agency


UPLOAD_EXPIRED = "This upload has expired: upload the file again."


class UploadExpired(Http404):
    """Not found: a pending upload that is not the user's, has expired or has gone."""

    def __init__(self, message: str = UPLOAD_EXPIRED):
        super().__init__(message)


def access_pending_upload(user: Any, review_pk: Any, token: Any, *, now: Any) -> PendingUpload:
    """An upload waiting for column mapping: only to the user who uploaded it, only before it expires.

    Anyone else (a colleague in the same agency, a manager) gets 404, as do expired
    uploads and ones whose file is gone. Callers still check `user` may submit for
    its agency (access_submission_agency), since roles change.
    """
    require(user, "chronology.submit")
    try:
        pending = (
            PendingUpload.objects.select_related("review", "agency")
            .filter(token=str(token), review_id=int(review_pk), owner_id=user.pk, expires_at__gt=now)
            .first()
        )
    except (TypeError, ValueError):
        pending = None
    if pending is None or not uploads.exists(pending.stored_name):
        raise UploadExpired()
    return pending


def current_submission(review: Review, agency: Agency) -> Submission | None:
    return Submission.objects.filter(review=review, agency=agency, is_current=True).first()


def current_submissions(review: Review) -> QuerySet[Submission]:
    """Every agency's current submission. Callers have passed access_integrated."""
    return Submission.objects.filter(review=review, is_current=True).select_related("agency")


def submission_versions(review: Review, agency: Agency) -> QuerySet[Submission]:
    """One agency's submissions, every version. Callers have passed the submission access check."""
    return Submission.objects.filter(review=review, agency=agency).select_related("uploaded_by")


def integrated_entries(review: Review) -> QuerySet[Entry]:
    """Current entries of every agency, in integrated order. Callers have passed access_integrated."""
    return Entry.objects.filter(review=review, is_current=True).order_by("sort_key", "id")


def agency_entries(review: Review, agency: Agency) -> QuerySet[Entry]:
    """One agency's current entries. Callers have passed access_submission_agency."""
    return Entry.objects.filter(review=review, agency=agency, is_current=True).order_by("sort_key", "id")


def access_entry(review: Review, pk: Any) -> Entry:
    """An entry of a review the caller has already been given (access_integrated); else 404."""
    try:
        entry = Entry.objects.filter(review=review, pk=int(pk)).first()
    except (TypeError, ValueError):
        entry = None
    if entry is None:
        raise Http404("No such entry.")
    return entry


def access_duplicate(review: Review, pk: Any) -> DuplicateLink:
    try:
        link = DuplicateLink.objects.filter(review=review, pk=int(pk)).first()
    except (TypeError, ValueError):
        link = None
    if link is None:
        raise Http404("No such pair.")
    return link


def access_episode(review: Review, pk: Any) -> Episode:
    try:
        episode = Episode.objects.filter(review=review, pk=int(pk)).first()
    except (TypeError, ValueError):
        episode = None
    if episode is None:
        raise Http404("No such episode.")
    return episode
