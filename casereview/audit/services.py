"""The one way to write an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from casereview.audit.models import AuditEvent


class AuditOutsideTransaction(RuntimeError):
    """An audit event must be written in the same transaction as the change it records."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def text_reference(text: str | None) -> dict[str, Any] | None:
    """What the audit log keeps of free text that may carry identifiers: never the words.

    Draft findings, reasons and notes can name a child or a family, and auditors read the
    log, so events store the text's length and a keyed fingerprint instead (the record
    itself holds the text, behind its own permissions). The fingerprint shows whether two
    versions differ and can be checked against a record by the application, but it
    cannot be reversed or guessed from a list of names without the secret key.
    """
    if not text:
        return None
    return {"chars": len(text), "fingerprint": salted_hmac("casereview.audit.text", text, algorithm="sha256").hexdigest()[:16]}


# Paths from a target to its partnership, tried in order (audit sits below the apps that own
# these models, so it follows attributes rather than importing them).
_PARTNERSHIP_PATHS = (("partnership_id",), ("review", "partnership_id"), ("action", "review", "partnership_id"),
                      ("participating_agency", "review", "partnership_id"), ("briefing", "review", "partnership_id"),
                      ("request", "participating_agency", "review", "partnership_id"))


def partnership_of(obj: Any) -> int | None:
    """The id of the partnership `obj` belongs to (a Partnership, a user, a review or a record of one), or None."""
    if obj is None:
        return None
    if obj._meta.label_lower == "accounts.partnership":
        return obj.pk
    for path in _PARTNERSHIP_PATHS:
        value = obj
        for attr in path:
            value = getattr(value, attr, None)
            if value is None:
                break
        if value is not None:
            return value
    return None


def record_event(
    *,
    actor: Any,
    action: str,
    summary: str,
    target: Any = None,
    changes: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    system_label: str = "system",
    target_label: str | None = None,
    partnership: Any = None,
) -> AuditEvent:
    """Append an audit event.

    Preconditions: called inside the service's `transaction.atomic()` block, so
    the event and the change commit or roll back together. `actor` is a user or
    None for the system (cron jobs, imports run from the CLI); `target` is the
    model instance changed, if any. `changes` maps field -> [old, new] or any
    JSON-able summary; free text that may carry identifiers goes in as `text_reference(text)`.
    `target_label` replaces `str(target)` as the shown name of a target whose str() quotes
    such text.
    The event's partnership is `partnership` if given, else the actor's, else the target's
    (see `partnership_of`).
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(f"record_event({action!r}) must run inside transaction.atomic()")
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    label = actor_obj.display_name if actor_obj else system_label
    owner = partnership if partnership is not None else partnership_of(actor_obj) or partnership_of(target)
    return AuditEvent.objects.create(
        at=now or timezone.now(),
        partnership_id=getattr(owner, "pk", owner),
        actor=actor_obj,
        actor_label=label[:200],
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None and target.pk is not None else "",
        object_repr=(target_label or str(target))[:300] if target is not None else "",
        summary=summary,
        changes=_jsonable(changes or {}),
    )


atomic = transaction.atomic
