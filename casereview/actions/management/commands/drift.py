"""`casereview drift`: every drifting action and why (overdue, no recent update, unverified completion)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from casereview.actions.models import Action, stale_days
from casereview.actions.selectors import drift_json, drifting
from casereview.core.commands import parse_today


class Command(BaseCommand):
    help = (
        "List every drifting action with its reasons: overdue; no progress update for "
        "CASEREVIEW_RAG_STALE_DAYS days (default 30); completed but not verified for that long."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to judge drift on (YYYY-MM-DD; default: today)")
        parser.add_argument("--review", help="only this review (its reference, e.g. LCSPR-2026-003)")
        parser.add_argument("--json", action="store_true", help="print a JSON array")

    def handle(self, *args, **opts):
        today = parse_today(opts["today"])
        actions = Action.objects.select_related(
            "review", "recommendation", "single_agency_recommendation__agency", "owner_agency", "owner")
        if opts["review"]:
            actions = actions.filter(review__reference=opts["review"])
        items = drifting(actions.order_by("review__reference", "pk"), today=today)
        if opts["json"]:
            self.stdout.write(json.dumps(drift_json(items), indent=2))
            return
        if not items:
            self.stdout.write(f"No action is drifting on {today:%d/%m/%Y} (stale after {stale_days()} days).")
        for row in items:
            a = row.action
            self.stdout.write(f"{a.review.reference} {a.reference} ({a.owner_agency}, due {a.due_date:%d/%m/%Y}): "
                              f"{', '.join(row.reason_labels)}")
