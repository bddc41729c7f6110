"""Writes for briefings. Each service checks its preconditions, changes the rows
and records its audit event in one transaction.

Audit events name the sections changed and the kinds of gate hits, never the text
itself: until a briefing passes the gate its text may hold restricted identifiers,
and the audit log is read by people who must not see them (auditors).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.db.models import Max

from casereview.audit.services import record_event, text_reference
from casereview.core.access import can, require
from casereview.core.refusals import Refused
from casereview.core.roles import AGENCY_BOUND_ROLES
from casereview.publishing import compose, renderings
from casereview.publishing.gate import Finder, GateResult, restricted_hits_in, scan_briefing
from casereview.publishing.models import (
    ALL_SECTION_FIELDS,
    Briefing,
    BriefingApproval,
    BriefingKind,
    BriefingStatus,
    DisseminationMethod,
    DisseminationRecord,
    DisseminationReminder,
    FalsePositive,
    TrainingAttendance,
    TrainingEvent,
    normalise_hit,
    one_year_after,
)
from casereview.reviews.models import Stage
from casereview.reviews.signals import briefing_published, briefing_withdrawn
from casereview.text.paragraphs import paragraphs

EDITABLE_FIELDS = ("title", *ALL_SECTION_FIELDS)
# A briefing is published only once its review's report is signed off (or the review has moved on from there).
PUBLISHABLE_STAGES = frozenset({Stage.SIGNED_OFF, Stage.PUBLISHED, Stage.ACTION_MONITORING, Stage.CLOSED})


def _lock(briefing: Briefing) -> Briefing:
    return Briefing.objects.select_for_update().select_related("review").get(pk=briefing.pk)


def create_briefing_from_review(*, review, by, now: dt.datetime, kind: str = BriefingKind.PRACTITIONER) -> Briefing:
    """Draft a new version of the review's briefing of `kind` (practitioner or 7-minute) from its findings.

    Each kind has its own versions. Refused while an earlier version of the same
    kind is still being written (edit that one instead).
    """
    if kind not in BriefingKind.values:
        raise Refused(f"There is no kind of briefing called {kind!r}: choose a practitioner or a 7-minute briefing.")
    kind = BriefingKind(kind)
    draft = compose.draft_seven_minute_sections if kind == BriefingKind.SEVEN_MINUTE else compose.draft_sections
    with transaction.atomic():
        existing = review.briefings.select_for_update().filter(kind=kind).order_by("-version")
        open_version = existing.filter(status__in=[BriefingStatus.DRAFT, BriefingStatus.GATE_PASSED]).first()
        if open_version is not None:
            raise Refused(f"Version {open_version.version} of this {kind.label.lower()} is still in progress: "
                          "edit it instead.")
        version = (existing.aggregate(m=Max("version"))["m"] or 0) + 1
        briefing = Briefing.objects.create(
            review=review, kind=kind, version=version, created_by=by, last_edited_by=by, created_at=now,
            updated_at=now, **draft(review),
        )
        record_event(
            actor=by, action="publishing.briefing_created", target=briefing, now=now,
            summary=f"Drafted {kind.label.lower()} version {version} for {review.reference} from its findings",
            changes={"review": review.reference, "kind": kind.value, "version": version,
                     "learning_points": review.learning_points.count(),
                     "recommendations": review.recommendations.count()},
        )
    return briefing


def edit_briefing(*, briefing: Briefing, by, now: dt.datetime, **texts: str) -> Briefing:
    """Change the title or sections of a briefing being written.

    Any change sends a briefing that had passed the gate back to draft: the gate
    must run again on the new text before it can be published.
    """
    unknown = set(texts) - {"title", *(key for key, _ in briefing.section_fields)}
    if unknown:
        raise TypeError(f"edit_briefing got fields a {briefing.get_kind_display()} does not have: {sorted(unknown)}")
    with transaction.atomic():
        briefing = _lock(briefing)
        if not briefing.is_editable:
            raise Refused(
                f"This briefing is {briefing.get_status_display().lower()}: start a new version to change it."
            )
        if not (texts.get("title", briefing.title) or "").strip():
            raise Refused("Enter a title for the briefing.")
        changed = [name for name, value in texts.items() if getattr(briefing, name) != value]
        if not changed:
            return briefing
        for name in changed:
            setattr(briefing, name, texts[name])
        old_status = briefing.status
        if briefing.status == BriefingStatus.GATE_PASSED:
            briefing.status = BriefingStatus.DRAFT
            briefing.gate_hash, briefing.gate_run_by = "", None
        briefing.updated_at, briefing.last_edited_by = now, by
        briefing.save()
        record_event(
            actor=by, action="publishing.briefing_edited", target=briefing, now=now,
            summary=f"Edited {', '.join(changed)}" + (" (the gate must run again)" if old_status != briefing.status else ""),
            changes={"sections": changed, "status": [old_status, briefing.status]},
        )
    return briefing


def run_gate(*, briefing: Briefing, by, now: dt.datetime, finder: Finder | None = None) -> GateResult:
    """Run the anonymisation gate and record the outcome on the briefing.

    Passing stores the fingerprint of the content checked and who ran the gate
    (that person may not also approve it for publication); failing puts the
    briefing back to draft.
    """
    with transaction.atomic():
        briefing = _lock(briefing)
        if not briefing.is_editable:
            raise Refused(f"This briefing is {briefing.get_status_display().lower()}: the gate runs before publication.")
        result = scan_briefing(briefing, finder=finder)
        old_status = briefing.status
        if result.ok:
            briefing.status, briefing.gate_hash, briefing.gate_passed_at = BriefingStatus.GATE_PASSED, result.content_hash, now
            briefing.gate_run_by = by
        else:
            briefing.status, briefing.gate_hash, briefing.gate_passed_at = BriefingStatus.DRAFT, "", None
            briefing.gate_run_by = None
        briefing.save(update_fields=["status", "gate_hash", "gate_passed_at", "gate_run_by"])
        kinds = Counter(h.kind for h in result.hits)
        record_event(
            actor=by, action="publishing.gate_passed" if result.ok else "publishing.gate_failed", target=briefing, now=now,
            summary="Passed the anonymisation gate" if result.ok else f"Failed the anonymisation gate: {len(result.hits) or 1} problem(s)",
            changes={"status": [old_status, briefing.status], "hits_by_kind": dict(kinds),
                     "false_positives_applied": len(result.approved), "content_hash": result.content_hash},
        )
    result.briefing = briefing
    return result


def approve_false_positive(
    *, briefing: Briefing, by, text: str, kind: str, reason: str, now: dt.datetime, finder: Finder | None = None,
) -> FalsePositive:
    """Record, as a review manager, that a hit identifies nobody (e.g. a public office's phone number).

    Only hits the gate currently reports on this briefing may be approved:
    personal-data patterns, and "possible" hits (an everyday word that may be a
    name). Never text the matcher reports as one of the review's restricted
    identifiers, in the briefing or on its own, in any written form (a first
    name alone, a possessive, a date written another way): that must be reworded.
    """
    require(by, "briefings.approve_false_positive")
    if not reason.strip():
        raise Refused("Say why this is not personal data, for example \"the switchboard number of a public hospital\".")
    with transaction.atomic():
        briefing = _lock(briefing)
        result = scan_briefing(briefing, finder=finder)
        match = next((h for h in result.hits if normalise_hit(h.text) == normalise_hit(text) and h.kind == kind), None)
        if match is not None and not match.approvable:
            _refuse_restricted(match)
        sure = restricted_hits_in(match.text if match else text, briefing.review, finder=finder)
        if sure:
            _refuse_restricted(sure[0])
        if match is None:
            raise Refused("The gate does not report that text on this briefing any more: run the gate again.")
        approval = FalsePositive.objects.create(
            review=briefing.review, text=match.display_text[:300], normalised=normalise_hit(match.text)[:300],
            kind=kind, reason=reason.strip(), approved_by=by, approved_at=now,
        )
        record_event(
            actor=by, action="publishing.false_positive_approved", target=briefing, now=now,
            summary=f"Approved a {match.kind_label} hit (false positive {approval.pk}) as not identifying anyone",
            changes={"false_positive": approval.pk, "text": text_reference(match.display_text), "kind": kind,
                     "section": match.section, "reason": text_reference(reason.strip())},
        )
    return approval


def _refuse_restricted(hit) -> None:
    raise Refused(f"'{hit.display_text}' matches a restricted identifier of this review ({hit.kind_label}), so it "
                  "cannot be a false positive: reword the text so it no longer appears.")


def approve_briefing(*, briefing: Briefing, by, now: dt.datetime) -> BriefingApproval:
    """Approve, as a second person with publishing rights, the exact content that passed the gate.

    Preconditions: the briefing passed the gate and has not changed since; `by`
    is neither the person who ran that gate nor the person who last changed the
    text. The approval is tied to the content fingerprint, so any later edit
    needs a new one. Approving the same content twice returns the first approval.
    """
    require(by, "briefings.publish")
    with transaction.atomic():
        briefing = _lock(briefing)
        if briefing.status != BriefingStatus.GATE_PASSED or not briefing.gate_still_valid:
            raise Refused("Only a briefing that has passed the anonymisation gate since it last changed can be "
                          "approved: run the gate.")
        if by.pk == briefing.gate_run_by_id:
            raise Refused("You ran the anonymisation gate on this version: a second person with publishing rights "
                          "must approve it.")
        if by.pk == briefing.editor.pk:
            raise Refused("You made the last change to this briefing: a second person with publishing rights "
                          "must approve it.")
        existing = briefing.approvals.filter(approver=by, content_hash=briefing.gate_hash).first()
        if existing is not None:
            return existing
        approval = BriefingApproval.objects.create(briefing=briefing, approver=by, content_hash=briefing.gate_hash,
                                                   approved_at=now)
        record_event(
            actor=by, action="publishing.briefing_approved", target=briefing, now=now,
            summary=f"Approved briefing version {briefing.version} for publication (second person)",
            changes={"content_hash": briefing.gate_hash, "gate_run_by": _name(briefing.gate_run_by),
                     "last_edited_by": _name(briefing.editor)},
        )
    return approval


def _name(user) -> str:
    return user.display_name if user is not None else ""


def publication_problems(briefing: Briefing) -> list[str]:
    """Why `briefing` cannot be published yet, as sentences saying what to do; empty when it can.

    Covers the four-eyes rules (review signed off, gate passed on the current
    content, a second person's approval of that content) and, for a 7-minute
    briefing, that none of its seven parts is empty; the gate's own scan runs
    again inside publish_briefing.
    """
    review = briefing.review
    if briefing.status != BriefingStatus.GATE_PASSED:
        return ["Only a briefing that has passed the anonymisation gate can be published: run the gate."]
    problems = []
    if briefing.is_seven_minute:
        problems += [f"Part {n}, {section['label']}, is empty: a 7-minute briefing has all seven parts."
                     for n, section in enumerate(briefing.sections(), start=1) if not section["paragraphs"]]
    if review.stage not in PUBLISHABLE_STAGES:
        problems.append(f"The review is at {review.get_stage_display().lower()}: a briefing can be published only "
                        "once the review is signed off.")
    if not briefing.gate_still_valid:
        problems.append("The briefing has changed since it passed the gate: run the gate again.")
    elif briefing.approval_for_current_content() is None:
        problems.append("A second person with publishing rights, not the one who ran the gate or last changed the "
                        "briefing, must approve this version before it is published.")
    return problems


def publish_briefing(
    *, briefing: Briefing, by, now: dt.datetime, publish_until: dt.date | None = None, finder: Finder | None = None,
) -> Briefing:
    """Publish a briefing that passed the gate with no change since and that a second person approved.

    Steps: check the four-eyes rules (`publication_problems`: review signed off
    or later, gate passed on the current content, approved by someone other
    than the gate runner and the last editor); scan once more (identifiers may
    have been added to the review since); set it published, public for at least
    a year, naming the approval; send `briefing_published` (the library takes
    the gated items, in this transaction: if it fails, nothing is published);
    after the commit, render and store the public PDF and DOCX.
    """
    require(by, "briefings.publish")
    minimum = one_year_after(now.date())
    until = publish_until or minimum
    if until < minimum:
        raise Refused(f"Published briefings stay public for at least a year: choose {minimum:%d %B %Y} or later.")
    with transaction.atomic():
        briefing = _lock(briefing)
        problems = publication_problems(briefing)
        if problems:
            raise Refused.many(problems)
        if briefing.is_seven_minute:
            _refuse_over_two_pages(briefing)
        result = scan_briefing(briefing, finder=finder)
        if not result.ok:
            raise Refused("The gate now finds problems (the review's identifiers may have changed): run the gate again.")
        approval = briefing.approval_for_current_content()
        briefing.status, briefing.published_at, briefing.published_by = BriefingStatus.PUBLISHED, now, by
        briefing.publish_until, briefing.publication_approval = until, approval
        briefing.save(update_fields=["status", "published_at", "published_by", "publish_until", "publication_approval"])
        if not briefing.is_seven_minute:  # the library holds the review's practitioner briefing
            _announce(briefing, by=by, now=now)
        record_event(
            actor=by, action="publishing.briefing_published", target=briefing, now=now,
            summary=f"Published {briefing.get_kind_display().lower()} version {briefing.version} for {briefing.review.reference}, public until at "
                    f"least {until:%d %B %Y}; gate run by {_name(briefing.gate_run_by)}, approved by "
                    f"{_name(approval.approver)}",
            changes={"status": [BriefingStatus.GATE_PASSED, BriefingStatus.PUBLISHED], "publish_until": until,
                     "content_hash": briefing.gate_hash, "gate_run_by": _name(briefing.gate_run_by),
                     "approved_by": _name(approval.approver), "approved_at": approval.approved_at,
                     "published_by": _name(by)},
        )
        # The public PDF and DOCX, rendered once and stored once the publication is committed (never for a
        # rolled-back one). Should that fail, the first public download renders and stores them instead.
        transaction.on_commit(lambda: renderings.store_public_files(briefing), robust=True)
    return briefing


SEVEN_MINUTE_MAX_PAGES = 2  # a 7-minute briefing is printed for a team meeting on one sheet


def _refuse_over_two_pages(briefing: Briefing) -> None:
    """A 7-minute briefing whose PDF runs past two pages is not one: the editor shortens it first."""
    pages = renderings.pdf_page_count(renderings.render_pdf(briefing))
    if pages > SEVEN_MINUTE_MAX_PAGES:
        raise Refused(f"This 7-minute briefing prints on {pages} pages: shorten its parts so it fits on one or two "
                      "pages (a team reads it in seven minutes), run the gate and ask for approval again.")


def _announce(briefing: Briefing, *, by, now: dt.datetime) -> None:
    """Tell the layers above (the library) that this is the review's public briefing now."""
    briefing_published.send(
        sender=Briefing, review=briefing.review, version=briefing.version, title=briefing.title,
        learning_points=paragraphs(briefing.learning_points), recommendations=paragraphs(briefing.recommendations),
        published_at=briefing.published_at, by=by, now=now,
    )


def withdraw_briefing(*, briefing: Briefing, by, reason: str, now: dt.datetime) -> Briefing:
    """Take a published briefing off the public pages.

    Published reports stay public for at least a year: before `publish_until`
    only a partnership admin may withdraw, and always with a recorded reason.
    Then, in the same transaction: when another version of the review's briefing
    is still published, the library is brought back to that version
    (`briefing_published`); otherwise `briefing_withdrawn` takes the review out
    of the library and its search. After the commit, its stored public files are deleted.
    """
    require(by, "briefings.withdraw")
    if not reason.strip():
        raise Refused("Say why the briefing is being withdrawn.")
    with transaction.atomic():
        briefing = _lock(briefing)
        if briefing.status != BriefingStatus.PUBLISHED:
            raise Refused("Only a published briefing can be withdrawn.")
        early = not briefing.may_withdraw_without_reason_override(now.date())
        if early and not can(by, "briefings.withdraw_early"):
            raise Refused(
                f"Published briefings stay public until at least {briefing.publish_until:%d %B %Y}: "
                "only a partnership admin may withdraw one earlier, with a reason."
            )
        briefing.status, briefing.withdrawn_at, briefing.withdrawal_reason = BriefingStatus.WITHDRAWN, now, reason.strip()
        briefing.save(update_fields=["status", "withdrawn_at", "withdrawal_reason"])
        still_public = (Briefing.objects.filter(review=briefing.review, kind=briefing.kind,
                                                status=BriefingStatus.PUBLISHED).order_by("-version").first())
        if briefing.is_seven_minute:
            pass  # the library never held it
        elif still_public is not None:
            _announce(still_public, by=by, now=now)
        else:
            briefing_withdrawn.send(sender=Briefing, review=briefing.review, version=briefing.version,
                                    reason=reason.strip(), by=by, now=now)
        record_event(
            actor=by, action="publishing.briefing_withdrawn", target=briefing, now=now,
            summary=f"Withdrew briefing version {briefing.version}" + (" before its minimum public year" if early else ""),
            changes={"status": [BriefingStatus.PUBLISHED, BriefingStatus.WITHDRAWN], "early": early,
                     "reason": text_reference(reason.strip())},
        )
        # Its stored public files go too (the public address answers 410 from now on).
        briefing_pk = briefing.pk
        transaction.on_commit(lambda: renderings.delete_public_files(briefing_pk), robust=True)
    return briefing


# --- Dissemination: how agencies used a published briefing, and training that carried a review's learning. ---

def record_dissemination(
    *, briefing: Briefing, agency, by, now: dt.datetime, team: str, used_on: dt.date, method: str,
    practitioners: int, reflections: str = "", changes: str = "",
) -> DisseminationRecord:
    """Record one use of a published briefing by a team of `agency` (team meeting, supervision, training, e-mail).

    Agency contributors record for their own agency only; partnership admins and
    review managers for any agency of the review's partnership. The audit event
    keeps references to the reflections and changes, never the words.
    """
    require(by, "briefings.record_use")
    team, reflections, changes = (team or "").strip(), (reflections or "").strip(), (changes or "").strip()
    if not team:
        raise Refused("Enter the team that used the briefing, for example \"North locality health visiting\".",
                      field="team")
    if method not in DisseminationMethod.values:
        raise Refused("Choose how the team used the briefing.", field="method")
    if practitioners is None or practitioners < 1:
        raise Refused("Enter how many practitioners took part: 1 or more.", field="practitioners")
    with transaction.atomic():
        briefing = _lock(briefing)
        if briefing.status != BriefingStatus.PUBLISHED:
            raise Refused("Uses can be recorded only for a published briefing.")
        if agency is None or agency.partnership_id != briefing.review.partnership_id:
            raise Refused("Choose one of the partnership's agencies.", field="agency")
        if by.role in AGENCY_BOUND_ROLES and by.agency_id != agency.pk:
            raise Refused("You can record uses for your own agency only.", field="agency")
        if used_on > now.date():
            raise Refused("The day the team used the briefing cannot be in the future.", field="used_on")
        if used_on < briefing.published_at.date():
            raise Refused(f"The briefing was published on {briefing.published_at:%d %B %Y}: enter that day or later.",
                          field="used_on")
        record = DisseminationRecord.objects.create(
            briefing=briefing, agency=agency, team=team, used_on=used_on, method=method,
            practitioners=practitioners, reflections=reflections, changes=changes, recorded_by=by, recorded_at=now,
        )
        record_event(
            actor=by, action="publishing.dissemination_recorded", target=briefing, now=now,
            summary=f"{agency.name} recorded a use of {briefing.get_kind_display().lower()} version "
                    f"{briefing.version} ({DisseminationMethod(method).label.lower()}, {practitioners} practitioner"
                    f"{'s' if practitioners != 1 else ''})",
            changes={"record": record.pk, "agency": agency.name, "used_on": used_on, "method": method,
                     "practitioners": practitioners, "team": text_reference(team),
                     "reflections": text_reference(reflections) if reflections else "",
                     "changes": text_reference(changes) if changes else ""},
        )
    return record


def record_training_event(
    *, review, by, now: dt.datetime, title: str, held_on: dt.date, audience: str, attendance: dict,
) -> TrainingEvent:
    """Record a training or learning event that carried `review`'s learning, with attendance by agency.

    `attendance` maps each agency to the number who attended (agencies with 0 are left out);
    at least one agency must have attended. Attendance counts towards the review's reach.
    """
    require(by, "briefings.record_training")
    title, audience = (title or "").strip(), (audience or "").strip()
    if not title:
        raise Refused("Enter the event's title.", field="title")
    if not audience:
        raise Refused("Say who the event was for, for example \"health visitors and midwives\".", field="audience")
    if held_on > now.date():
        raise Refused("Record an event once it has been held: the date cannot be in the future.", field="held_on")
    counts = {agency: int(n) for agency, n in attendance.items() if n}
    if any(n < 0 for n in counts.values()):
        raise Refused("Attendance cannot be negative.")
    if not counts:
        raise Refused("Enter how many people from at least one agency attended.")
    if any(agency.partnership_id != review.partnership_id for agency in counts):
        raise Refused("Attendance can be recorded only for the partnership's agencies.")
    with transaction.atomic():
        event = TrainingEvent.objects.create(review=review, title=title, held_on=held_on, audience=audience,
                                             recorded_by=by, recorded_at=now)
        TrainingAttendance.objects.bulk_create(
            TrainingAttendance(event=event, agency=agency, attendees=n) for agency, n in counts.items())
        record_event(
            actor=by, action="publishing.training_recorded", target=review, now=now,
            summary=f"Recorded a training event carrying the learning of {review.reference}: "
                    f"{sum(counts.values())} attended from {len(counts)} agenc{'y' if len(counts) == 1 else 'ies'}",
            changes={"event": event.pk, "held_on": held_on, "title": text_reference(title),
                     "attendance": {agency.name: n for agency, n in counts.items()}},
        )
    return event


def silent_agencies(briefing: Briefing) -> list:
    """The review's participating agencies that have recorded no use of `briefing`."""
    from casereview.accounts.models import Agency

    used = DisseminationRecord.objects.filter(briefing=briefing).values_list("agency_id", flat=True)
    return list(Agency.objects.filter(pk__in=briefing.review.participating_agencies.values("agency_id"))
                .exclude(pk__in=used).order_by("name"))


def remind_silent_agencies(*, today: dt.date, now: dt.datetime, weeks: int,
                           notify: Callable[[DisseminationReminder, list], object] | None = None,
                           ) -> list[tuple[DisseminationReminder, list]]:
    """Record one reminder per agency per published briefing with no use recorded `weeks` after publication.

    `notify(reminder, people)` runs inside each reminder's transaction (the command queues
    its e-mail there), so a reminder is never committed without its e-mail.

    Returns each new reminder with the agency's active contributors to e-mail.
    Idempotent and safe to run twice at once: the (briefing, agency) unique
    constraint lets only one run create a reminder, so each agency is reminded
    once about each briefing, however often the command runs.
    """
    from django.db import IntegrityError

    from casereview.accounts.models import User

    cutoff = today - dt.timedelta(weeks=weeks)
    due = (Briefing.objects.filter(status=BriefingStatus.PUBLISHED, published_at__date__lte=cutoff)
           .select_related("review").order_by("pk"))
    results = []
    for briefing in due:
        reminded = set(briefing.dissemination_reminders.values_list("agency_id", flat=True))
        for agency in silent_agencies(briefing):
            if agency.pk in reminded:
                continue
            people = list(User.objects.filter(agency=agency, role__in=AGENCY_BOUND_ROLES, is_active=True)
                          .order_by("pk"))
            try:
                with transaction.atomic():
                    reminder = DisseminationReminder.objects.create(
                        briefing=briefing, agency=agency, sent_on=today, created_at=now,
                        recipients="\n".join(f"{u.display_name} <{u.email}>" if u.email else u.display_name
                                             for u in people))
                    record_event(
                        actor=None, action="publishing.dissemination_reminded", target=briefing, now=now,
                        summary=f"Reminded {agency.name} to record how it used {briefing.get_kind_display().lower()} "
                                f"version {briefing.version} of {briefing.review.reference} ({weeks} weeks after "
                                "publication, no use recorded)",
                        changes={"agency": agency.name, "recipients": len(people), "weeks": weeks},
                    )
                    if notify is not None:
                        notify(reminder, people)
            except IntegrityError:
                continue  # another run reminded this agency first
            results.append((reminder, people))
    return results
