"""Every write to a review. Each service validates, writes and audits in one transaction.

Services refuse with `Refused` (casereview.core.refusals), whose messages say what to fix;
views show them. Restricted identifier values never enter the audit log (auditors read it).
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from casereview.accounts.models import Agency, Partnership
from casereview.audit.services import record_event, text_reference
from casereview.core import storage
from casereview.core.refusals import Refused, refusing_invalid
from casereview.core.roles import ASSIGNMENT_BOUND_ROLES
from casereview.reviews import notices, uploads, workflow
from casereview.reviews.models import (
    REASON_FIELDS,
    AgencyDocument,
    AgencyRequest,
    CalendarFeed,
    Decision,
    DecisionOutcome,
    FamilyInvolvement,
    LearningEvent,
    LearningPoint,
    ParticipatingAgency,
    Recommendation,
    RequestItem,
    RequestStatus,
    RestrictedIdentifier,
    Review,
    ReviewConversion,
    ReviewMembership,
    ReviewType,
    SingleAgencyRecommendation,
    Stage,
    StageChange,
    TermsOfReference,
    criteria_problems,
)
from casereview.reviews.themes import clean_themes

CRITERIA_FIELDS = ("abuse_or_neglect", "child_died", "child_seriously_harmed", "agencies_concern", *REASON_FIELDS)
DETAIL_FIELDS = ("title", "pseudonym", "other_children", "age_at_incident", "outcome", "incident_date", "aware_date",
                 "notified_date", "summary")
# Free text that may name people: the audit log keeps a reference to it, never the words.
FREE_TEXT_FIELDS = ("title", "other_children", "summary")
# Names the chronology importer reads; the request upload takes documents only.
SPREADSHEET_EXTENSIONS = (".csv", ".xlsx", ".xlsm", ".xls", ".tsv", ".txt")
CHRONOLOGY_GOES_TO_IMPORTER = ("A chronology is imported row by row: upload it as a spreadsheet (.xlsx) or CSV file "
                               "through the chronology upload of the review.")


def _today(now: dt.datetime) -> dt.date:
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    with refusing_invalid():
        obj.full_clean(exclude=exclude, validate_constraints=False)


def date_problems(*, incident_date, aware_date, notified_date, today: dt.date) -> dict[str, str]:
    """The problems with a review's dates, by field: none in the future, awareness not before the incident, notification not before awareness."""
    problems = {}
    if incident_date and incident_date > today:
        problems["incident_date"] = "The incident date must be today or in the past."
    if incident_date and aware_date and aware_date < incident_date:
        problems["aware_date"] = "The date the local authority became aware must be on or after the incident date."
    if aware_date and aware_date > today:
        problems["aware_date"] = "The date the local authority became aware must be today or in the past."
    if notified_date and aware_date and notified_date < aware_date:
        problems["notified_date"] = "The notification date must be on or after the date the local authority became aware."
    if notified_date and notified_date > today:
        problems["notified_date"] = "The notification date must be today or in the past."
    return problems


def next_reference(*, review_type: ReviewType, year: int) -> str:
    """The next free reference of a type and year, e.g. LCSPR-2026-003."""
    prefix = f"{review_type.reference_prefix}-{year}-"
    taken = Review.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(r.rsplit("-", 1)[-1]) for r in taken if r.rsplit("-", 1)[-1].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def create_review(*, partnership: Partnership, review_type: ReviewType, title: str, pseudonym: str, outcome: str,
                  incident_date: dt.date, aware_date: dt.date, by, now: dt.datetime, age_at_incident: str = "",
                  other_children: str = "", notified_date: dt.date | None = None, summary: str = "",
                  reference: str | None = None) -> Review:
    """Record a new notification of a serious incident. The review starts at stage "notified"."""
    problems = date_problems(incident_date=incident_date, aware_date=aware_date, notified_date=notified_date,
                              today=_today(now))
    if problems:
        raise Refused.many(problems)
    with transaction.atomic():
        review = Review(
            partnership=partnership, review_type=review_type, title=title.strip(), pseudonym=pseudonym.strip(),
            outcome=outcome, incident_date=incident_date, aware_date=aware_date, notified_date=notified_date,
            age_at_incident=age_at_incident.strip(), other_children=other_children.strip(), summary=summary.strip(),
            reference=reference or next_reference(review_type=review_type, year=aware_date.year),
            stage=Stage.NOTIFIED, created_at=now, updated_at=now,
        )
        _full_clean(review)
        review.save()
        record_event(actor=by, action="reviews.create", target=review, now=now,
                     summary=f"Recorded notification {review.reference} ({review_type.name})",
                     changes={"reference": review.reference, "type": review_type.slug, "aware_date": aware_date,
                              "notified_date": notified_date})
    return review


def update_review(*, review: Review, by, now: dt.datetime, **fields: Any) -> Review:
    """Change the review record's details (not its stage). Only DETAIL_FIELDS may change."""
    unknown = set(fields) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"update_review cannot change {', '.join(sorted(unknown))}")
    merged = {f: fields.get(f, getattr(review, f)) for f in ("incident_date", "aware_date", "notified_date")}
    problems = date_problems(**merged, today=_today(now))
    if problems:
        raise Refused.many(problems)
    with transaction.atomic():
        changes = {f: [getattr(review, f), v] for f, v in fields.items() if getattr(review, f) != v}
        for name, value in fields.items():
            setattr(review, name, value.strip() if isinstance(value, str) else value)
        review.updated_at = now
        _full_clean(review)
        review.save()
        record_event(actor=by, action="reviews.update", target=review, now=now,
                     changes={f: [text_reference(a), text_reference(b)] if f in FREE_TEXT_FIELDS else [a, b]
                              for f, (a, b) in changes.items()},
                     summary=f"Updated {review.reference}: {', '.join(changes) or 'no changes'}")
    return review


def change_stage(*, review: Review, to_stage: str, reason: str, by, now: dt.datetime) -> Review:
    """Move a review along the workflow (workflow.TRANSITIONS), with a reason, audited.

    Preconditions: the move is in the transition table and its guard passes.
    Steps: record dates the move implies (rapid review completed, published), write
    the stage history row and the audit event.
    """
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Enter the reason for this change of stage.", "reason")
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        problems = workflow.transition_problems(review, to_stage)
        if problems:
            raise Refused.many(problems)
        from_stage, today = review.stage, _today(now)
        if to_stage == Stage.DECIDED and review.rapid_review_completed_date is None:
            decision = review.decisions.order_by("-decided_on", "-pk").first()
            review.rapid_review_completed_date = decision.decided_on if decision else today
        if to_stage == Stage.PUBLISHED and review.published_date is None:
            review.published_date = today
        review.stage, review.updated_at = to_stage, now
        review.save()
        StageChange.objects.create(review=review, from_stage=from_stage, to_stage=to_stage, reason=reason, by=by, at=now)
        record_event(actor=by, action="reviews.change_stage", target=review, now=now,
                     summary=f"{review.reference} moved from {Stage(from_stage).label} to {Stage(to_stage).label}",
                     changes={"stage": [from_stage, to_stage], "reason": text_reference(reason)})
    return review


def record_decision(*, review: Review, outcome: str, decision_makers: str, decided_on: dt.date, rationale: str,
                    by, now: dt.datetime, move_stage: bool = False, **criteria: bool) -> Decision:
    """Record the decision whether to review, against the statutory criteria of the review type.

    A decision to review that meets no criterion is refused here, by the form,
    and by the database's check constraint. A decision to review a review whose type
    converts (ReviewType.converts_to: a rapid review becomes an LCSPR) changes its type,
    recorded as a ReviewConversion. With `move_stage`, the review also moves to
    workflow.stage_after_decision in the same transaction, through the same guards as
    change_stage (a refused move records nothing).
    """
    unknown = set(criteria) - set(CRITERIA_FIELDS)
    if unknown:
        raise ValueError(f"record_decision got unknown criteria {', '.join(sorted(unknown))}")
    decision = Decision(
        review=review, criteria_basis=review.review_type.criteria_basis, outcome=outcome,
        decision_makers=decision_makers.strip(), decided_on=decided_on, rationale=rationale.strip(),
        recorded_by=by, recorded_at=now, **{f: bool(criteria.get(f, False)) for f in CRITERIA_FIELDS},
    )
    problems: dict[str, list[str]] = {}
    if outcome == DecisionOutcome.REVIEW:
        unmet = criteria_problems(decision)
        if unmet:
            problems["__all__"] = ["A review that does not meet the criteria cannot be recorded as meeting them. " + unmet[0],
                                   *unmet[1:]]
    if decided_on > _today(now):
        problems["decided_on"] = ["The decision date must be today or in the past."]
    elif decided_on < review.aware_date:
        problems["decided_on"] = ["The decision date must be on or after the date the local authority became aware."]
    if review.stage not in (Stage.NOTIFIED, Stage.RAPID_REVIEW, Stage.DECIDED):
        problems.setdefault("__all__", []).append(
            f"Decisions are recorded during the rapid review; this review is at {Stage(review.stage).label}.")
    if problems:
        raise Refused.many(problems)
    with transaction.atomic():
        _full_clean(decision)
        try:
            with transaction.atomic():
                decision.save()
        except IntegrityError:
            raise Refused("A review that does not meet the criteria cannot be recorded as meeting them.") from None
        if outcome == DecisionOutcome.REVIEW:
            review.decision_date = decided_on
        review.updated_at = now
        review.save(update_fields=["decision_date", "updated_at"])
        record_event(actor=by, action="reviews.record_decision", target=review, now=now,
                     summary=f"Decision on {review.reference}: {decision.get_outcome_display()} ({decided_on:%d %B %Y})",
                     changes={"outcome": outcome, "decided_on": decided_on, "criteria_basis": decision.criteria_basis,
                              **{f: getattr(decision, f) for f in CRITERIA_FIELDS}, "decision": decision.pk,
                              "rationale": text_reference(decision.rationale)})
        if outcome == DecisionOutcome.REVIEW and review.review_type.converts_to_id:
            _convert(review=review, decision=decision, by=by, now=now)
        if move_stage:
            to_stage = workflow.stage_after_decision(review.stage, outcome)
            if to_stage is None:
                raise Refused(f"Recording a decision cannot move a review at {Stage(review.stage).label}: "
                              "untick the box and move it from the overview.", "move_stage")
            change_stage(review=review, to_stage=to_stage, by=by, now=now,
                         reason=f"Decision recorded: {decision.get_outcome_display().lower()}.")
    return decision


def _convert(*, review: Review, decision: Decision, by, now: dt.datetime) -> ReviewConversion:
    """Change the review's type to the one its type converts to, recorded and audited (inside record_decision)."""
    from_type, to_type = review.review_type, review.review_type.converts_to
    reason = (f"The decision of {decision.decided_on.day} {decision.decided_on:%B %Y} was to undertake a review, "
              f"so the {from_type.name.lower()} continues as a {to_type.name.lower()}.")
    review.review_type = to_type
    review.save(update_fields=["review_type"])
    conversion = ReviewConversion.objects.create(review=review, from_type=from_type, to_type=to_type, decision=decision,
                                                 reason=reason, by=by, at=now)
    record_event(actor=by, action="reviews.convert", target=review, now=now,
                 summary=f"{review.reference} converted from {from_type.name} to {to_type.name}",
                 changes={"type": [from_type.slug, to_type.slug], "decision": decision.pk})
    return conversion


def record_national_panel_response(*, decision: Decision, response: str, response_date: dt.date, by,
                                   now: dt.datetime) -> Decision:
    """Record the national panel's response to a decision; it cannot predate the decision."""
    if not response.strip():
        raise Refused("Enter the national panel's response.", "response")
    if response_date < decision.decided_on:
        raise Refused("The response date must be on or after the decision date.", "response_date")
    with transaction.atomic():
        decision.national_panel_response, decision.national_panel_response_date = response.strip(), response_date
        decision.save(update_fields=["national_panel_response", "national_panel_response_date"])
        record_event(actor=by, action="reviews.record_panel_response", target=decision.review, now=now,
                     summary=f"National panel response recorded for {decision.review.reference}",
                     changes={"decision": decision.pk, "response_date": response_date})
    return decision


def add_restricted_identifier(*, review: Review, kind: str, value: str, label: str, by, now: dt.datetime) -> RestrictedIdentifier:
    """Add a restricted identifier to a review; its value never enters the audit log."""
    if not value.strip():
        raise Refused("Enter the identifier exactly as it appears in records.", "value")
    with transaction.atomic():
        identifier = RestrictedIdentifier(review=review, kind=kind, value=value.strip(), label=label.strip())
        _full_clean(identifier)
        identifier.save()
        # The value itself is never written to the audit log.
        record_event(actor=by, action="reviews.add_restricted_identifier", target=review, now=now,
                     summary=f"Added a restricted identifier ({identifier.get_kind_display()}) to {review.reference}",
                     changes={"kind": kind, "label": identifier.label})
    return identifier


def remove_restricted_identifier(*, identifier: RestrictedIdentifier, by, now: dt.datetime) -> None:
    """Remove a restricted identifier from a review (audited without its value)."""
    review = identifier.review
    with transaction.atomic():
        record_event(actor=by, action="reviews.remove_restricted_identifier", target=review, now=now,
                     summary=f"Removed a restricted identifier ({identifier.get_kind_display()}) from {review.reference}",
                     changes={"kind": identifier.kind, "label": identifier.label})
        identifier.delete()


def assign_member(*, review: Review, user, role_in_review: str, by, now: dt.datetime) -> ReviewMembership:
    """Assign an independent reviewer or panel member to the review (they then see it, and its identifiers)."""
    if user.role not in ASSIGNMENT_BOUND_ROLES:
        raise Refused("Choose an independent reviewer or a panel member.", "user")
    if user.partnership_id != review.partnership_id:
        raise Refused("Choose someone from this review's partnership.", "user")
    if review.memberships.filter(user=user).exists():
        raise Refused(f"{user.display_name} is already assigned to this review.", "user")
    with transaction.atomic():
        membership = ReviewMembership.objects.create(review=review, user=user, role_in_review=role_in_review)
        record_event(actor=by, action="reviews.assign_member", target=review, now=now,
                     summary=f"Assigned {user.display_name} to {review.reference} as {membership.get_role_in_review_display()}",
                     changes={"user": user.username, "role_in_review": role_in_review})
    return membership


def remove_member(*, membership: ReviewMembership, by, now: dt.datetime) -> None:
    """Remove a reviewer or panel member from a review's team."""
    review = membership.review
    with transaction.atomic():
        record_event(actor=by, action="reviews.remove_member", target=review, now=now,
                     summary=f"Removed {membership.user.display_name} from {review.reference}",
                     changes={"user": membership.user.username})
        membership.delete()


def add_participating_agency(*, review: Review, agency: Agency, contact: str = "", by, now: dt.datetime) -> ParticipatingAgency:
    """Add an agency of the review's partnership to the review, once."""
    if agency.partnership_id != review.partnership_id:
        raise Refused("Choose an agency of this review's partnership.", "agency")
    if review.participating_agencies.filter(agency=agency).exists():
        raise Refused(f"{agency} already takes part in this review.", "agency")
    with transaction.atomic():
        participation = ParticipatingAgency.objects.create(review=review, agency=agency, contact=contact.strip())
        record_event(actor=by, action="reviews.add_agency", target=review, now=now,
                     summary=f"{agency} now takes part in {review.reference}", changes={"agency": agency.name})
    return participation


def request_item(*, participation: ParticipatingAgency, item: str, due_date: dt.date, by, now: dt.datetime,
                 note: str = "", notify: bool = True) -> AgencyRequest:
    """Ask a participating agency for an item by a due date, and queue an e-mail to its contributors (a job sends it).

    The recipients are notices.agency_contacts(agency); with none, nothing is sent (the
    view warns the manager). The note is for the agency to read when signed in: it is
    not e-mailed, and the audit log keeps only a reference to it. `notify=False` (demo data,
    imports of past reviews) sends nothing.
    """
    if due_date < _today(now):
        raise Refused("The due date must be today or in the future.", "due_date")
    if participation.requests.filter(item=item).exists():
        raise Refused("This item has already been requested from this agency: change that request instead.", "item")
    with transaction.atomic():
        request = AgencyRequest(participating_agency=participation, item=item, due_date=due_date, note=note.strip())
        _full_clean(request)
        request.save()
        record_event(actor=by, action="reviews.request_item", target=participation.review, now=now,
                     summary=f"Requested {request.get_item_display()} from {participation.agency}, due {due_date:%d %B %Y}",
                     changes={"agency": participation.agency.name, "item": item, "due_date": due_date,
                              "note": text_reference(request.note)})
        recipients = notices.agency_contacts(participation.agency) if notify else []
        # Queued with the request: a request that rolls back is never e-mailed, and a mail outage never loses it.
        notices.queue_request_email(request, recipients, by=by, now=now)
    return request


def mark_request_submitted(*, review: Review, agency: Agency, item: str, by, now: dt.datetime,
                           source: str) -> AgencyRequest | None:
    """Mark the agency's request for `item` submitted because it arrived another way (e.g. the chronology importer).

    For apps above reviews, inside their own transaction: returns the request, or None
    when the agency was not asked for the item or the request was withdrawn. A new
    version of an accepted item makes it submitted again, as an upload does.
    `source` is a short fixed phrase for the audit log (never free text).
    """
    with transaction.atomic():
        request = (AgencyRequest.objects.select_for_update()
                   .filter(participating_agency__review=review, participating_agency__agency=agency, item=item)
                   .exclude(status=RequestStatus.WITHDRAWN).first())
        if request is None:
            return None
        before = request.status
        request.status, request.submitted_at = RequestStatus.SUBMITTED, now
        request.save(update_fields=["status", "submitted_at"])
        record_event(actor=by, action="reviews.request_submitted", target=review, now=now,
                     summary=f"{request.get_item_display()} from {agency} marked submitted: {source}",
                     changes={"request": request.pk, "status": [before, RequestStatus.SUBMITTED], "source": source})
    return request


def set_request_status(*, request: AgencyRequest, status: str, by, now: dt.datetime, note: str = "",
                       due_date: dt.date | None = None) -> AgencyRequest:
    """Accept, return, withdraw or re-date a request (review managers)."""
    if status not in RequestStatus.values:
        raise Refused("Choose a status from the list.", "status")
    if status == RequestStatus.ACCEPTED and not request.documents.exists() and request.submitted_at is None:
        raise Refused("Nothing has been submitted yet: it cannot be accepted.", "status")
    with transaction.atomic():
        changes = {"status": [request.status, status]}
        request.status = status
        if due_date and due_date != request.due_date:
            changes["due_date"] = [request.due_date, due_date]
            request.due_date = due_date
        if note.strip() and note.strip() != request.note:
            changes["note"] = text_reference(note.strip())
            request.note = note.strip()
        request.save()
        record_event(actor=by, action="reviews.set_request_status", target=request.participating_agency.review, now=now,
                     summary=f"{request} marked {request.get_status_display()}", changes=changes)
    return request


def record_chase(*, request: AgencyRequest, by, now: dt.datetime) -> AgencyRequest:
    """Note that an overdue submission was chased (the chase list shows when)."""
    with transaction.atomic():
        request.last_chased_at = now
        request.save(update_fields=["last_chased_at"])
        record_event(actor=by, action="reviews.chase_request", target=request.participating_agency.review, now=now,
                     summary=f"Chased {request}, due {request.due_date:%d %B %Y}", changes={"request": request.pk})
    return request


def upload_document(*, request: AgencyRequest, name: str, by, now: dt.datetime,
                    file: IO[bytes] | None = None, data: bytes | None = None) -> AgencyDocument:
    """Store a new version of an agency's report or summary and mark the request submitted.

    A chronology is refused here: it goes through the chronology importer, which marks
    its request submitted (mark_request_submitted).

    Give the upload as `file` (read no further than settings.MAX_UPLOAD_BYTES, and not at
    all when its size is known to be over) or, already in memory, as `data`. It is checked
    by content (a PDF, or a DOCX Word could have written) and size, stored in the
    default storage (local or a bucket) with an opaque name, and served only by a permissioned view.
    """
    if (file is None) == (data is None):
        raise TypeError("upload_document needs exactly one of file= or data=")
    if request.item == RequestItem.CHRONOLOGY:
        raise Refused(CHRONOLOGY_GOES_TO_IMPORTER, "file")
    try:
        if file is not None:
            data = uploads.read_limited(file, max_bytes=settings.MAX_UPLOAD_BYTES)
        data = data or b""
        checked = uploads.check_upload(name=name, data=data, max_bytes=settings.MAX_UPLOAD_BYTES)
    except uploads.UploadRefused as exc:
        if name.lower().endswith(SPREADSHEET_EXTENSIONS):
            raise Refused(f"{name} is a spreadsheet: a chronology goes through the chronology upload of the review, "
                          "and this request takes the agency's document as PDF or Word (.docx).", "file") from None
        raise Refused(str(exc), "file") from None
    if request.status == RequestStatus.WITHDRAWN:
        raise Refused("This request is no longer needed: ask the review manager before sending it.", "file")
    with transaction.atomic(), storage.deleted_on_failure(AgencyDocument.file.field.storage) as written:
        request = AgencyRequest.objects.select_for_update().get(pk=request.pk)
        version = (request.documents.order_by("-version").values_list("version", flat=True).first() or 0) + 1
        document = AgencyDocument(
            request=request, version=version, original_name=name[-255:], extension=checked.extension,
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=by, uploaded_at=now,
        )
        document.file.save(name, ContentFile(data), save=False)
        written.append(document.file.name)
        document.save()
        request.status, request.submitted_at = RequestStatus.SUBMITTED, now
        request.save(update_fields=["status", "submitted_at"])
        record_event(actor=by, action="reviews.upload_document", target=request.participating_agency.review, now=now,
                     summary=f"Uploaded {request.get_item_display()} version {version} from {request.participating_agency.agency}",
                     changes={"request": request.pk, "version": version, "size": checked.size, "sha256": checked.sha256})
    return document


def add_single_agency_recommendation(*, review: Review, agency: Agency, text: str, by, now: dt.datetime,
                                     source: AgencyDocument | None = None) -> SingleAgencyRecommendation:
    """Record a recommendation an agency's report makes to itself.

    Preconditions: the agency takes part in the review. `source` defaults to the latest
    version of the agency's report, so the recommendation can be traced to it.
    """
    _refuse_if_signed_off(review)
    if not text.strip():
        raise Refused("Enter the recommendation as the agency report words it.", "text")
    participation = review.participating_agencies.filter(agency=agency).first()
    if participation is None:
        raise Refused("Choose an agency that takes part in this review.", "agency")
    if source is None:
        source = (AgencyDocument.objects.filter(request__participating_agency=participation,
                                                request__item="agency_report").order_by("-version").first())
    with transaction.atomic():
        number = (review.single_agency_recommendations.filter(agency=agency).order_by("-number")
                  .values_list("number", flat=True).first() or 0) + 1
        rec = SingleAgencyRecommendation.objects.create(review=review, agency=agency, number=number, text=text.strip(),
                                                        source=source, created_at=now)
        record_event(actor=by, action="reviews.add_single_agency_recommendation", target=review, now=now,
                     summary=f"Recorded {agency} single-agency recommendation {number} for {review.reference}",
                     changes={"agency": agency.name, "number": number, "text": text_reference(rec.text)})
    return rec


def save_terms_of_reference(*, review: Review, period_start: dt.date, period_end: dt.date, lines_of_enquiry: str,
                            by, now: dt.datetime, scope_notes: str = "", agreed_on: dt.date | None = None) -> TermsOfReference:
    """Create or replace the review's terms of reference; the period must run forwards."""
    problems = {}
    if period_end < period_start:
        problems["period_end"] = "The end of the period under review must be on or after its start."
    if not [ln for ln in lines_of_enquiry.splitlines() if ln.strip()]:
        problems["lines_of_enquiry"] = "Enter at least one key line of enquiry, one a line."
    if problems:
        raise Refused.many(problems)
    with transaction.atomic():
        tor, created = TermsOfReference.objects.update_or_create(
            review=review, defaults={"period_start": period_start, "period_end": period_end, "updated_at": now,
                                     "lines_of_enquiry": lines_of_enquiry.strip(), "scope_notes": scope_notes.strip(),
                                     "agreed_on": agreed_on})
        record_event(actor=by, action="reviews.save_terms_of_reference", target=review, now=now,
                     summary=f"{'Recorded' if created else 'Changed'} the terms of reference of {review.reference}",
                     changes={"period": [period_start, period_end], "lines_of_enquiry": len(tor.lines)})
    return tor


def record_learning_event(*, review: Review, held_on: dt.date, facilitator: str, attendees: list[dict[str, str]],
                          episodes: str, notes: str, by, now: dt.datetime) -> LearningEvent:
    """Record a practitioner learning event with its facilitator and attending agencies."""
    if not facilitator.strip():
        raise Refused("Enter who facilitated the event.", "facilitator")
    clean = [{"agency": a.get("agency", "").strip(), "role": a.get("role", "").strip()} for a in attendees]
    clean = [a for a in clean if a["agency"] or a["role"]]
    with transaction.atomic():
        event = LearningEvent.objects.create(review=review, held_on=held_on, facilitator=facilitator.strip(),
                                             attendees=clean, episodes=episodes.strip(), notes=notes.strip(), created_at=now)
        record_event(actor=by, action="reviews.record_learning_event", target=review, now=now,
                     summary=f"Recorded practitioner event of {held_on:%d %B %Y} for {review.reference}",
                     changes={"held_on": held_on, "attendees": len(clean)})
    return event


def record_family_involvement(*, review: Review, family_member: str, status: str, by, now: dt.datetime,
                              status_date: dt.date | None = None, notes: str = "") -> FamilyInvolvement:
    """Record or update how one family member was involved (keyed by relationship, never by name)."""
    if not family_member.strip():
        raise Refused("Enter the family member's relationship to the child, e.g. Mother.", "family_member")
    with transaction.atomic():
        row, created = FamilyInvolvement.objects.update_or_create(
            review=review, family_member=family_member.strip(),
            defaults={"status": status, "status_date": status_date, "notes": notes.strip(), "updated_at": now})
        _full_clean(row)
        record_event(actor=by, action="reviews.record_family_involvement", target=review, now=now,
                     summary=f"Family involvement {row.pk}: {row.get_status_display()} ({review.reference})",
                     changes={"family_member": text_reference(row.family_member), "status": status})
    return row


def add_learning_point(*, review: Review, text: str, themes: list, by, now: dt.datetime) -> LearningPoint:
    """Add a learning point with its themes, numbered after the review's last one."""
    _refuse_if_signed_off(review)
    if not text.strip():
        raise Refused("Enter the learning point.", "text")
    clean = clean_themes(themes)
    with transaction.atomic():
        number = (review.learning_points.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        point = LearningPoint.objects.create(review=review, number=number, text=text.strip(), themes=clean, created_at=now)
        record_event(actor=by, action="reviews.add_learning_point", target=review, now=now,
                     summary=f"Added learning point {number} to {review.reference}",
                     changes={"number": number, "text": text_reference(point.text), "themes": point.theme_ids})
    return point


def add_recommendation(*, review: Review, text: str, themes: list, by, now: dt.datetime,
                       addressee_agency: Agency | None = None, learning_points: list[LearningPoint] = ()) -> Recommendation:
    """Add a recommendation to the partnership or a named agency, linked to learning points of the same review."""
    _refuse_if_signed_off(review)
    if not text.strip():
        raise Refused("Enter the recommendation.", "text")
    if addressee_agency is not None and addressee_agency.partnership_id != review.partnership_id:
        raise Refused("Choose an agency of this review's partnership, or the partnership.", "addressee_agency")
    if any(lp.review_id != review.pk for lp in learning_points):
        raise Refused("Choose learning points of this review.", "learning_points")
    clean = clean_themes(themes)
    with transaction.atomic():
        number = (review.recommendations.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        rec = Recommendation.objects.create(review=review, number=number, text=text.strip(), themes=clean,
                                            addressee_agency=addressee_agency, created_at=now)
        rec.learning_points.set(learning_points)
        record_event(actor=by, action="reviews.add_recommendation", target=review, now=now,
                     summary=f"Added recommendation {number} to {review.reference} for {rec.addressee}",
                     changes={"number": number, "text": text_reference(rec.text), "themes": rec.theme_ids,
                              "learning_points": sorted(lp.number for lp in learning_points)})
    return rec


def link_recommendation(*, recommendation: Recommendation, learning_points: list[LearningPoint], by,
                        now: dt.datetime) -> Recommendation:
    """Set the learning points a recommendation answers (all from its own review)."""
    review = recommendation.review
    _refuse_if_signed_off(review)
    if any(lp.review_id != review.pk for lp in learning_points):
        raise Refused("Choose learning points of this review.", "learning_points")
    with transaction.atomic():
        before = sorted(recommendation.learning_points.values_list("number", flat=True))
        recommendation.learning_points.set(learning_points)
        record_event(actor=by, action="reviews.link_recommendation", target=review, now=now,
                     summary=f"Linked recommendation {recommendation.number} of {review.reference} to learning points",
                     changes={"learning_points": [before, sorted(lp.number for lp in learning_points)]})
    return recommendation


Finding = LearningPoint | Recommendation | SingleAgencyRecommendation
_FINDING_NAMES = {LearningPoint: "learning point", Recommendation: "recommendation",
                  SingleAgencyRecommendation: "single-agency recommendation"}


def _refuse_if_signed_off(review: Review) -> None:
    if not workflow.findings_editable(review):
        raise Refused(f"The findings cannot change: the review is at {Stage(review.stage).label}. "
                      "Findings can be changed until the review is signed off.")


def _finding_name(finding: Finding) -> str:
    name = f"{_FINDING_NAMES[type(finding)]} {finding.number}"
    return f"{finding.agency} {name}" if isinstance(finding, SingleAgencyRecommendation) else name


def _siblings(finding: Finding):
    """The findings in force numbered together with `finding` (a single-agency one: its agency's)."""
    qs = type(finding).objects.filter(review_id=finding.review_id)
    if isinstance(finding, SingleAgencyRecommendation):
        qs = qs.filter(agency_id=finding.agency_id)
    return qs


def _locked(finding: Finding) -> Finding:
    """Lock the finding's review, refuse after sign-off or once withdrawn, and return a fresh copy."""
    review = Review.objects.select_for_update().get(pk=finding.review_id)
    _refuse_if_signed_off(review)
    fresh = type(finding).all_objects.get(pk=finding.pk)
    if fresh.is_withdrawn:
        raise Refused(f"This {_FINDING_NAMES[type(finding)]} has been withdrawn: it cannot change.")
    return fresh


def edit_learning_point(*, point: LearningPoint, text: str, themes: list, by, now: dt.datetime) -> LearningPoint:
    """Change a learning point's words and themes (until sign-off); the audit keeps references, not the words."""
    if not text.strip():
        raise Refused("Enter the learning point.", "text")
    with transaction.atomic():
        point = _locked(point)
        before = point.text
        point.text, point.themes = text.strip(), clean_themes(themes)
        point.save(update_fields=["text", "themes"])
        record_event(actor=by, action="reviews.edit_learning_point", target=point.review, now=now,
                     summary=f"Changed learning point {point.number} of {point.review.reference}",
                     changes={"number": point.number, "text": [text_reference(before), text_reference(point.text)],
                              "themes": point.theme_ids})
    return point


def edit_recommendation(*, recommendation: Recommendation, text: str, themes: list, by, now: dt.datetime,
                        addressee_agency: Agency | None = None,
                        learning_points: list[LearningPoint] = ()) -> Recommendation:
    """Change a recommendation's words, addressee, themes and the learning points it answers (until sign-off)."""
    review = recommendation.review
    if not text.strip():
        raise Refused("Enter the recommendation.", "text")
    if addressee_agency is not None and addressee_agency.partnership_id != review.partnership_id:
        raise Refused("Choose an agency of this review's partnership, or the partnership.", "addressee_agency")
    if any(lp.review_id != review.pk for lp in learning_points):
        raise Refused("Choose learning points of this review.", "learning_points")
    with transaction.atomic():
        rec = _locked(recommendation)
        before = rec.text
        rec.text, rec.themes, rec.addressee_agency = text.strip(), clean_themes(themes), addressee_agency
        rec.save(update_fields=["text", "themes", "addressee_agency"])
        rec.learning_points.set(learning_points)
        record_event(actor=by, action="reviews.edit_recommendation", target=review, now=now,
                     summary=f"Changed recommendation {rec.number} of {review.reference}",
                     changes={"number": rec.number, "text": [text_reference(before), text_reference(rec.text)],
                              "addressee": rec.addressee, "themes": rec.theme_ids,
                              "learning_points": sorted(lp.number for lp in learning_points)})
    return rec


def edit_single_agency_recommendation(*, recommendation: SingleAgencyRecommendation, text: str, by,
                                      now: dt.datetime) -> SingleAgencyRecommendation:
    """Change a single-agency recommendation's words (until sign-off)."""
    if not text.strip():
        raise Refused("Enter the recommendation as the agency report words it.", "text")
    with transaction.atomic():
        rec = _locked(recommendation)
        before = rec.text
        rec.text = text.strip()
        rec.save(update_fields=["text"])
        record_event(actor=by, action="reviews.edit_single_agency_recommendation", target=rec.review, now=now,
                     summary=f"Changed {_finding_name(rec)} of {rec.review.reference}",
                     changes={"agency": rec.agency.name, "number": rec.number,
                              "text": [text_reference(before), text_reference(rec.text)]})
    return rec


def move_finding(*, finding: Finding, direction: str, by, now: dt.datetime) -> Finding:
    """Move a learning point, recommendation or single-agency recommendation one place up or down.

    It swaps numbers with its neighbour in force (withdrawn findings are not counted), so the
    numbers stay 1..n; links between recommendations and learning points follow the rows.
    """
    if direction not in ("up", "down"):
        raise Refused("Choose up or down.")
    with transaction.atomic():
        finding = _locked(finding)
        siblings = _siblings(finding)
        neighbour = (siblings.filter(number__lt=finding.number).order_by("-number").first() if direction == "up"
                     else siblings.filter(number__gt=finding.number).order_by("number").first())
        if neighbour is None:
            raise Refused(f"{_finding_name(finding).capitalize()} is already {'first' if direction == 'up' else 'last'}.")
        mine, theirs = finding.number, neighbour.number
        # Through 0, so the unique number is never held twice (checked per statement on PostgreSQL).
        type(finding).all_objects.filter(pk=finding.pk).update(number=0)
        type(finding).all_objects.filter(pk=neighbour.pk).update(number=mine)
        type(finding).all_objects.filter(pk=finding.pk).update(number=theirs)
        finding.number = theirs
        record_event(actor=by, action="reviews.move_finding", target=finding.review, now=now,
                     summary=f"Moved {_FINDING_NAMES[type(finding)]} {mine} of {finding.review.reference} {direction} "
                             f"to number {theirs}",
                     changes={"kind": type(finding).__name__, "pk": finding.pk, "number": [mine, theirs]})
    return finding


def withdraw_finding(*, finding: Finding, reason: str, by, now: dt.datetime) -> Finding:
    """Withdraw a finding with a reason (until sign-off). It is kept, with who, when and why, but leaves
    briefings, the library, action plans and exports (the default manager hides it); the findings
    after it are renumbered so the numbers in force stay 1..n."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Enter why this finding is withdrawn.", "reason")
    with transaction.atomic():
        finding = _locked(finding)
        # Actions (a peer app) hang off recommendations by the reverse relation "actions".
        actions = getattr(finding, "actions", None)
        if actions is not None and actions.exists():
            raise Refused("This recommendation already has actions in the action plan: remove them before withdrawing it.")
        number = finding.number
        finding.withdrawn_at, finding.withdrawn_by, finding.withdrawn_reason = now, by, reason
        finding.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
        for later in _siblings(finding).filter(number__gt=number).order_by("number"):
            type(finding).objects.filter(pk=later.pk).update(number=later.number - 1)
        record_event(actor=by, action="reviews.withdraw_finding", target=finding.review, now=now,
                     summary=f"Withdrew {_finding_name(finding)} of {finding.review.reference}",
                     changes={"kind": type(finding).__name__, "pk": finding.pk, "number": number,
                              "text": text_reference(finding.text), "reason": text_reference(reason)})
    return finding


def issue_calendar_feed(*, user, now: dt.datetime) -> str:
    """Give `user` a new secret feed address; any earlier address stops working.

    Returns the new token, to be shown to the user once: only its digest is stored.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _feed, created = CalendarFeed.objects.update_or_create(user=user, defaults={
            "token_hash": CalendarFeed.hash_token(token), "password_fingerprint": CalendarFeed.fingerprint_of(user),
            "created_at": now})
        record_event(actor=user, action="reviews.issue_calendar_feed", target=user, now=now,
                     summary=f"{'Created' if created else 'Replaced'} the calendar feed address of {user.username}")
    return token


def revoke_calendar_feed(*, user, now: dt.datetime) -> None:
    """Stop the user's calendar feed address working (if they have one); audited."""
    with transaction.atomic():
        removed, _ = CalendarFeed.objects.filter(user=user).delete()
        if not removed:
            raise Refused("You have no calendar address to remove.")
        record_event(actor=user, action="reviews.revoke_calendar_feed", target=user, now=now,
                     summary=f"Removed the calendar feed address of {user.username}")


def import_stage(*, review: Review, stage: str, reason: str, by, now: dt.datetime,
                 published_date: dt.date | None = None) -> Review:
    """Place a review that was run before CaseReview at the stage it had reached.

    Only for legacy reviews brought in from paper or older systems (e.g. serious case
    reviews published before 2019): the workflow's guards describe work done here, so
    they are not applied; the import is recorded in the stage history and the audit log.
    """
    if stage not in Stage.values:
        raise Refused("Choose a stage from the list.", "stage")
    if not reason.strip():
        raise Refused("Enter where the legacy review's records come from.", "reason")
    with transaction.atomic():
        from_stage = review.stage
        review.stage, review.updated_at = stage, now
        if published_date:
            review.published_date = published_date
        review.save()
        StageChange.objects.create(review=review, from_stage=from_stage, to_stage=stage, reason=reason.strip(), by=by, at=now)
        record_event(actor=by, action="reviews.import_stage", target=review, now=now,
                     summary=f"Imported legacy review {review.reference} at stage {Stage(stage).label}",
                     changes={"stage": [from_stage, stage], "published_date": published_date,
                              "reason": text_reference(reason.strip())})
    return review



def remove_orphan_document_files(*, now: dt.datetime) -> int:
    """Cleanup for cron: agency report files no AgencyDocument row names (a process killed between storing the
    file and committing its row), written over an hour ago. Returns how many were removed; idempotent."""
    store = AgencyDocument.file.field.storage
    known = AgencyDocument.objects.values_list("file", flat=True)
    return storage.remove_unreferenced(store, "reviews", known, older_than=now - storage.ORPHAN_GRACE)
