"""Every write to an action plan. Each function runs in one transaction with its audit event.

Edits to an action carry the version the editor started from; the row is
locked, the version checked (rules.check_version) and bumped, so two people
editing one action never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casereview.accounts.models import Agency, User
from casereview.actions import rules
from casereview.actions.importing import LABELS as COLUMN_LABELS
from casereview.actions.importing import Problem, parse_action_plan
from casereview.actions.models import Action, Evidence, EvidenceKind, ProgressUpdate, Status
from casereview.audit.services import record_event, text_reference
from casereview.core import storage
from casereview.core.refusals import Refused
from casereview.core.roles import Role
from casereview.reviews.models import Recommendation, Review, SingleAgencyRecommendation
from casereview.tabular.reader import megabytes
from casereview.text.urls import WEB_SCHEMES, safe_url

EDITABLE_FIELDS = ("description", "owner_agency", "owner", "due_date", "success_measure")
EVIDENCE_EXTENSIONS = frozenset({
    ".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".xlsx", ".xls", ".ods", ".csv", ".pptx", ".ppt",
    ".png", ".jpg", ".jpeg", ".msg", ".eml",
})




def _locked(action: Action) -> Action:
    # Lock only the action row: PostgreSQL cannot lock the nullable side of the changed_by outer join.
    return Action.objects.select_for_update(of=("self",)).select_related("changed_by").get(pk=action.pk)


def _check_version(current: Action, expected_version: int | None) -> None:
    if expected_version is None:
        return
    changed_at = timezone.localtime(current.changed_at) if current.changed_at else None
    if expected_version != current.version:
        # field "version": views keep what was typed and move the form on to the current version
        raise Refused(rules.version_conflict_message(
            changed_by=current.changed_by.display_name if current.changed_by else "The system", changed_at=changed_at,
        ), "version")


def _save(action: Action, *, by: Any, now: dt.datetime, fields: Iterable[str]) -> None:
    action.version += 1
    action.changed_by = by if getattr(by, "is_authenticated", False) else None
    action.changed_at = now
    action.save(update_fields=[*fields, "version", "changed_by", "changed_at"])


def _check_owner(owner: User | None, agency: Agency) -> None:
    if owner is None:
        return
    if owner.partnership_id != agency.partnership_id:
        raise Refused(f"{owner.display_name} is not in this partnership: choose someone who is.")
    if owner.role == Role.AGENCY_CONTRIBUTOR and owner.agency_id != agency.pk:
        raise Refused(f"{owner.display_name} works for {owner.agency}, not {agency}: choose an owner from {agency}.")


def create_action(
    *, parent: Recommendation | SingleAgencyRecommendation, description: str, owner_agency: Agency,
    owner: User | None, due_date: dt.date, success_measure: str, by: Any, now: dt.datetime,
) -> Action:
    """Set an action under one recommendation (partnership or single-agency)."""
    review = parent.review
    if owner_agency.partnership_id != review.partnership_id:
        raise Refused(f"{owner_agency} is not an agency of this partnership.")
    _check_owner(owner, owner_agency)
    kind = "recommendation" if isinstance(parent, Recommendation) else "single_agency_recommendation"
    with transaction.atomic():
        taken = Action.objects.filter(**{kind: parent}).aggregate(n=Max("number"))["n"] or 0
        action = Action.objects.create(
            review=review, **{kind: parent}, number=taken + 1, description=description.strip(),
            owner_agency=owner_agency, owner=owner, due_date=due_date, success_measure=success_measure.strip(),
            last_update_on=timezone.localtime(now).date(), created_by=by, created_at=now,
            changed_by=by, changed_at=now,
        )
        record_event(
            actor=by, action="actions.create", target=action, now=now,
            summary=f"Set action {action.reference} for {review.reference}, owned by {owner_agency}",
            changes={"description": text_reference(action.description), "owner_agency": str(owner_agency),
                     "owner": str(owner or ""), "due_date": due_date,
                     "success_measure": text_reference(action.success_measure)},
        )
    return action


def update_action(*, action: Action, by: Any, expected_version: int, now: dt.datetime, **values: Any) -> Action:
    """Change an action's details (only those in EDITABLE_FIELDS) if nobody changed it since `expected_version`."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        agency = values.get("owner_agency", current.owner_agency)
        _check_owner(values.get("owner", current.owner), agency)
        changes = {}
        for name, value in values.items():
            old = getattr(current, name)
            if isinstance(value, str):
                value = value.strip()
            if old != value:
                changes[name] = [str(old or ""), str(value or "")]
                setattr(current, name, value)
        if not changes:
            return current
        _save(current, by=by, now=now, fields=changes)
        record_event(actor=by, action="actions.edit", target=current, now=now,
                     changes={n: [text_reference(a), text_reference(b)] if n in ("description", "success_measure")
                              else [a, b] for n, (a, b) in changes.items()},
                     summary=f"Changed {', '.join(n.replace('_', ' ') for n in changes)} of action {current.reference}")
    return current


def add_progress_update(*, action: Action, by: Any, on: dt.date, note: str, now: dt.datetime) -> ProgressUpdate:
    """Record dated progress. A first update on a not-started action moves it to in progress."""
    if on > timezone.localtime(now).date():
        raise Refused("The date of the update cannot be in the future.")
    if not note.strip():
        raise Refused("Enter what progress has been made.")
    with transaction.atomic():
        current = _locked(action)
        if not current.is_open:
            raise Refused(f"This action is {current.get_status_display().lower()}: reopen it before adding progress.")
        update = ProgressUpdate.objects.create(action=current, on=on, note=note.strip(), author=by, created_at=now)
        fields = []
        if on > current.last_update_on:
            current.last_update_on = on
            fields.append("last_update_on")
        if current.status == Status.NOT_STARTED:
            current.status = Status.IN_PROGRESS
            fields.append("status")
        if fields:
            # Progress is an append, not an edit, so it does not bump the version another editor holds.
            current.save(update_fields=fields)
        record_event(actor=by, action="actions.progress", target=current, now=now,
                     summary=f"Progress recorded on action {current.reference} for {on:%d/%m/%Y}",
                     changes={"on": on, "note": text_reference(update.note), "update": update.pk,
                              "status": current.status})
    return update


def add_evidence(
    *, action: Action, by: Any, description: str, now: dt.datetime, upload: Any = None, url: str = "",
) -> Evidence:
    """Attach one evidence item: an uploaded file or a link, with a description of what it shows."""
    if not description.strip():
        raise Refused("Describe what the evidence shows.")
    if (upload is None) == (not url):
        raise Refused("Give either a file or a link, not both and not neither.")
    fields: dict[str, Any] = {"kind": EvidenceKind.LINK, "url": url}
    if url:
        # The download view redirects to this address: only a web address may be stored.
        safe = safe_url(url, WEB_SCHEMES)
        if safe is None:
            raise Refused("Enter a web address starting https:// or http://, for example "
                          "https://intranet.example/report.", field="url")
        fields["url"] = safe
    if upload is not None:
        limit = settings.MAX_UPLOAD_BYTES
        if upload.size > limit:
            # Django counted .size as the file arrived: nothing of it has been read into memory.
            raise Refused(f"The file is {megabytes(upload.size)}: the largest file accepted is {megabytes(limit)}.")
        if upload.size == 0:
            raise Refused("The file is empty: choose the file that holds the evidence.")
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in EVIDENCE_EXTENSIONS:
            raise Refused(f"Files of type {extension or 'with no extension'} are not accepted: upload "
                              f"{', '.join(sorted(EVIDENCE_EXTENSIONS))}.")
        fields = {"kind": EvidenceKind.FILE, "original_name": os.path.basename(upload.name)[:255],
                  "extension": extension, "content_type": getattr(upload, "content_type", "") or "",
                  "size": upload.size}
    with transaction.atomic(), storage.deleted_on_failure(Evidence.file.field.storage) as written:
        current = _locked(action)
        if current.status == Status.NO_LONGER_REQUIRED:
            raise Refused("This action is no longer required: reopen it before adding evidence.")
        evidence = Evidence(action=current, description=description.strip(), added_by=by, added_at=now, **fields)
        if upload is not None:
            evidence.file.save(upload.name, upload, save=False)
            written.append(evidence.file.name)
        evidence.save()
        record_event(actor=by, action="actions.evidence", target=current, now=now,
                     summary=f"Evidence {evidence.pk} ({evidence.kind}) added to action {current.reference}",
                     changes={"kind": evidence.kind, "evidence": evidence.pk,
                              "description": text_reference(evidence.description), "item": text_reference(str(evidence))})
    return evidence


def complete_action(*, action: Action, by: Any, note: str, expected_version: int, now: dt.datetime) -> Action:
    """Mark an open action completed. Needs at least one evidence item and a completion note."""
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        if not current.is_open:
            raise Refused(f"This action is already {current.get_status_display().lower()}.")
        if not current.evidence.exists():
            raise Refused("Add at least one evidence item before marking the action completed.")
        if not note.strip():
            raise Refused("Enter a completion note saying what was done and how it met the success measure.")
        current.status, current.completion_note = Status.COMPLETED, note.strip()
        current.completed_on, current.completed_by = timezone.localtime(now).date(), by
        current.closure_rationale, current.closure_requested_by, current.closure_requested_at = "", None, None
        _save(current, by=by, now=now, fields=["status", "completion_note", "completed_on", "completed_by",
                                                "closure_rationale", "closure_requested_by", "closure_requested_at"])
        record_event(actor=by, action="actions.complete", target=current, now=now,
                     summary=f"Marked action {current.reference} completed (awaiting verification)",
                     changes={"status": ["open", "completed"], "completion_note": text_reference(current.completion_note)})
    return current


def request_closure(*, action: Action, by: Any, rationale: str, expected_version: int, now: dt.datetime) -> Action:
    """Ask for an open action to be closed as no longer required; a review manager must approve it."""
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        if not current.is_open:
            raise Refused(f"This action is {current.get_status_display().lower()}: only open actions can be closed.")
        if not rationale.strip():
            raise Refused("Enter why the action is no longer required.")
        current.closure_rationale, current.closure_requested_by, current.closure_requested_at = rationale.strip(), by, now
        _save(current, by=by, now=now, fields=["closure_rationale", "closure_requested_by", "closure_requested_at"])
        record_event(actor=by, action="actions.closure_requested", target=current, now=now,
                     summary=f"Asked for action {current.reference} to be closed as no longer required",
                     changes={"rationale": text_reference(current.closure_rationale)})
    return current


def approve_closure(*, action: Action, by: Any, expected_version: int, now: dt.datetime) -> Action:
    """A review manager approves the recorded rationale; the action becomes 'no longer required'."""
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        if not current.closure_pending:
            raise Refused("There is no request to close this action: record a rationale first.")
        current.status, current.closure_approved_by, current.closure_approved_at = Status.NO_LONGER_REQUIRED, by, now
        _save(current, by=by, now=now, fields=["status", "closure_approved_by", "closure_approved_at"])
        record_event(actor=by, action="actions.closure_approved", target=current, now=now,
                     summary=f"Approved closing action {current.reference} as no longer required",
                     changes={"status": ["open", "no_longer_required"],
                              "rationale": text_reference(current.closure_rationale)})
    return current


def verify_completion(*, action: Action, by: Any, expected_version: int, now: dt.datetime) -> Action:
    """A review manager signs off a completed action (it turns Blue)."""
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        if current.status != Status.COMPLETED or current.verified_at:
            raise Refused("Only a completed action that is not yet verified can be verified.")
        current.verified_at, current.verified_by = now, by
        _save(current, by=by, now=now, fields=["verified_at", "verified_by"])
        record_event(actor=by, action="actions.verify", target=current, now=now,
                     summary=f"Verified completion of action {current.reference}", changes={"verified": [False, True]})
    return current


def reopen_action(*, action: Action, by: Any, reason: str, expected_version: int, now: dt.datetime) -> Action:
    """A review manager reopens a completed or closed action; the reason is kept as a progress update."""
    if not reason.strip():
        raise Refused("Enter why the action is being reopened.")
    with transaction.atomic():
        current = _locked(action)
        _check_version(current, expected_version)
        if current.is_open:
            raise Refused("This action is already open.")
        old = current.status
        current.status = Status.IN_PROGRESS
        current.completion_note, current.completed_on, current.completed_by = "", None, None
        current.verified_at = current.verified_by = None
        current.closure_rationale, current.closure_requested_by, current.closure_requested_at = "", None, None
        current.closure_approved_by = current.closure_approved_at = None
        today = timezone.localtime(now).date()
        current.last_update_on = max(current.last_update_on, today)
        ProgressUpdate.objects.create(action=current, on=today, note=f"Reopened: {reason.strip()}", author=by, created_at=now)
        _save(current, by=by, now=now, fields=[
            "status", "completion_note", "completed_on", "completed_by", "verified_at", "verified_by",
            "closure_rationale", "closure_requested_by", "closure_requested_at", "closure_approved_by",
            "closure_approved_at", "last_update_on"])
        record_event(actor=by, action="actions.reopen", target=current, now=now,
                     summary=f"Reopened action {current.reference}", changes={"status": [old, current.status],
                                                                             "reason": text_reference(reason.strip())})
    return current


def import_action_plan(*, review: Review, name: str, data: bytes, by: Any, now: dt.datetime) -> list[Action]:
    """Import every row of an action plan, or nothing: refuses (`Refused`) listing every problem."""
    parsed = parse_action_plan(name, data, max_bytes=settings.MAX_SPREADSHEET_BYTES)
    problems = list(parsed.problems)
    agencies: dict[str, Agency] = {}
    for agency in Agency.objects.filter(partnership_id=review.partnership_id):
        agencies.setdefault(agency.name.lower(), agency)
        if agency.short_name:
            agencies.setdefault(agency.short_name.lower(), agency)
    recommendations = {r.number: r for r in review.recommendations.all()}
    single = {(s.agency_id, s.number): s for s in review.single_agency_recommendations.all()}
    people: dict[str, User] = {}
    for user in User.objects.filter(partnership_id=review.partnership_id, is_active=True):
        people[user.username.lower()] = user
        if user.email:
            people.setdefault(user.email.lower(), user)
    planned = []
    for row in [*parsed.rows, *parsed.partial_rows]:
        def problem(column: str, reason: str, row=row) -> None:
            problems.append(Problem(name, row.row, column, reason))

        ref = row.recommendation
        parent: Recommendation | SingleAgencyRecommendation | None = None
        if ref is None:
            pass  # already reported by the parser
        elif ref.agency is None:
            parent = recommendations.get(ref.number)
            if parent is None:
                problem("Recommendation", f"{review.reference} has no recommendation {ref.number}")
        elif (ref_agency := agencies.get(ref.agency.lower())) is None:
            problem("Recommendation", f"no agency called '{ref.agency}' in this partnership")
        elif (parent := single.get((ref_agency.pk, ref.number))) is None:
            problem("Recommendation", f"{ref_agency} has no single-agency recommendation {ref.number} in this review")
        agency = agencies.get(row.owner_agency.lower())
        if agency is None and row.owner_agency:
            problem("Owner agency", f"no agency called '{row.owner_agency}' in this partnership")
        owner = None
        if row.owner:
            owner = people.get(row.owner.lower())
            if owner is None:
                problem("Named owner", f"no active user '{row.owner}' (give a username or email address)")
            elif agency is not None and owner.role == Role.AGENCY_CONTRIBUTOR and owner.agency_id != agency.pk:
                problem("Named owner", f"{owner.display_name} works for {owner.agency}, not {agency}")
        planned.append((row, parent, agency, owner))
    if problems:
        order = list(COLUMN_LABELS.values())
        ordered = sorted(problems, key=lambda p: (p.row or 0, order.index(p.column) if p.column in order else -1))
        raise Refused(f"{len(ordered)} problem(s); nothing was imported", problems=[str(p) for p in ordered])
    with transaction.atomic():
        created = [
            create_action(parent=parent, description=row.description, owner_agency=agency, owner=owner,
                          due_date=row.due_date, success_measure=row.success_measure, by=by, now=now)
            for row, parent, agency, owner in planned
        ]
        record_event(actor=by, action="actions.import", target=review, now=now,
                     summary=f"Imported {len(created)} action(s) for {review.reference} from {name}",
                     changes={"file": name, "actions": [a.reference for a in created]})
    return created


def _escalation_recipients(action: Action, level: int) -> list[User]:
    """Who is told at each rung. Without a named owner or agency lead, the agency's contributors stand in."""
    active = User.objects.filter(is_active=True, partnership_id=action.review.partnership_id)
    agency_people = list(active.filter(role=Role.AGENCY_CONTRIBUTOR, agency_id=action.owner_agency_id))
    if level == 1:
        return [action.owner] if action.owner and action.owner.is_active else agency_people
    if level == 2:
        lead = getattr(action.owner_agency, "action_lead", None)
        return [lead.user] if lead and lead.user.is_active else agency_people
    if level == 3:
        return list(active.filter(role=Role.PARTNERSHIP_ADMIN))
    return list(active.filter(role=Role.BOARD_MEMBER))


def escalate_drifting(*, today: dt.date, now: dt.datetime,
                      notify: Callable[[Any, list[User]], object] | None = None) -> list[tuple[Any, list[User]]]:
    """Record today's escalations for drifting actions; return them with the people to email.

    `notify(escalation, people)` runs inside each escalation's transaction (the command
    queues its e-mail there), so an escalation is never committed without its e-mail.

    Idempotent and safe to run twice at once: each action is claimed with a
    conditional UPDATE on its last escalation (level and day), so only one run
    can move it up the ladder, and the (action, day) unique constraint backs that
    up. An action that has stopped drifting goes back to the bottom of the ladder.
    """
    from django.db import IntegrityError

    from casereview.actions.models import Escalation, escalation_interval_days

    results = []
    candidates = Action.objects.filter(status__in=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.COMPLETED],
                                       verified_at__isnull=True).select_related("review", "owner", "owner_agency")
    for action in candidates.order_by("pk"):
        reasons = action.drift_reasons_on(today)
        if not reasons:
            if action.escalation_level:
                with transaction.atomic():
                    if Action.objects.filter(pk=action.pk, escalation_level=action.escalation_level).update(escalation_level=0):
                        record_event(actor=None, action="actions.escalation_cleared", target=action, now=now,
                                     summary=f"Action {action.reference} is no longer drifting: escalation cleared")
            continue
        level = rules.next_escalation_level(current_level=action.escalation_level, last_escalated_on=action.escalated_on,
                                            today=today, interval_days=escalation_interval_days())
        if level is None:
            continue
        recipients = _escalation_recipients(action, level)
        try:
            with transaction.atomic():
                claimed = Action.objects.filter(
                    pk=action.pk, escalation_level=action.escalation_level, escalated_on=action.escalated_on,
                ).update(escalation_level=level, escalated_on=today)
                if not claimed:
                    continue  # another run took it first
                escalation = Escalation.objects.create(
                    action=action, level=level, on=today, reasons=reasons, created_at=now,
                    recipients="\n".join(f"{u.display_name} <{u.email}>" if u.email else u.display_name for u in recipients),
                )
                record_event(actor=None, action="actions.escalate", target=action, now=now,
                             summary=f"Action {action.reference} escalated to {rules.LEVEL_LABELS[level]}: "
                                     f"{', '.join(rules.DRIFT_LABELS[r] for r in reasons)}",
                             changes={"level": [action.escalation_level, level], "reasons": reasons,
                                      "recipients": [u.display_name for u in recipients]})
                if notify is not None:
                    notify(escalation, recipients)
        except IntegrityError:
            continue  # the same day's escalation already exists
        results.append((escalation, recipients))
    return results



def remove_orphan_evidence_files(*, now: dt.datetime) -> int:
    """Cleanup for cron: evidence files no Evidence row names (a process killed between storing the file and
    committing its row), written over an hour ago. Returns how many were removed; idempotent."""
    store = Evidence.file.field.storage
    known = Evidence.objects.exclude(file="").values_list("file", flat=True)
    return storage.remove_unreferenced(store, "actions", known, older_than=now - storage.ORPHAN_GRACE)
