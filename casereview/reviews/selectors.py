"""Read models for review pages and exports, built on access.py so every reader gets only what it may see."""

from __future__ import annotations

import datetime as dt

from casereview.core.access import can
from casereview.reviews import access, workflow
from casereview.reviews.deadlines import review_deadlines
from casereview.reviews.models import Review, Stage
from casereview.text.themes import theme_labels


def review_detail_context(user, review: Review, *, today: dt.date) -> dict:
    team = access.is_review_team(user, review)
    show_findings = access.findings_visible_to(user, review)
    labels = theme_labels()
    requests = list(access.requests_visible_to(user, review).prefetch_related("documents"))
    return {
        "review": review,
        "today": today,
        "team": team,
        "can_see_restricted": access.can_see_restricted(user, review),
        "identifiers": access.restricted_identifiers_for(user, review),
        "deadlines": review_deadlines(review),
        "allowed": [(s, Stage(s).label) for s in workflow.allowed_from(review.stage)],
        "allowed_text": workflow.describe_allowed(review.stage),
        "main_path": [(s, Stage(s).label) for s in workflow.main_path()],
        "decisions": review.decisions.select_related("recorded_by") if team or can(user, "reviews.figures.view") else [],
        "memberships": review.memberships.select_related("user") if team else [],
        "participations": access.participations_visible_to(user, review).select_related("agency"),
        "requests": requests,
        "terms": getattr(review, "terms_of_reference", None) if team else None,
        "events": review.learning_events.all() if team else [],
        "family": review.family_involvement.all() if team else [],
        "show_findings": show_findings,
        "learning_points": [(lp, [labels.get(t, t) for t in lp.theme_ids]) for lp in review.learning_points.all()]
        if show_findings else [],
        "recommendations": [
            (rec, [labels.get(t, t) for t in rec.theme_ids], sorted(lp.number for lp in rec.learning_points.all()))
            for rec in review.recommendations.select_related("addressee_agency").prefetch_related("learning_points")
        ] if show_findings else [],
        "single_agency_recommendations": access.single_agency_recommendations_for(user, review),
        "stage_changes": review.stage_changes.select_related("by") if access.history_visible_to(user, review) else [],
        "perm": {name.replace(".", "_"): can(user, f"reviews.{name}") and team
                 for name in ("edit", "transition", "decide", "team.manage", "restricted.manage", "agencies.manage",
                              "sar.edit", "findings.edit", "inquiry.edit")},
    }


def review_json(user, review: Review) -> dict:
    """A review as JSON for the reader: restricted identifiers appear only for the review's team."""
    data = {
        "reference": review.reference, "type": review.review_type.slug, "title": review.title,
        "pseudonym": review.pseudonym, "age_at_incident": review.age_at_incident, "outcome": review.outcome,
        "stage": review.stage, "incident_date": review.incident_date, "aware_date": review.aware_date,
        "notified_date": review.notified_date, "decision_date": review.decision_date,
        "deadlines": review.deadlines.as_json(),
    }
    if access.findings_visible_to(user, review):
        data["learning_points"] = [{"number": lp.number, "text": lp.text, "themes": lp.themes}
                                   for lp in review.learning_points.all()]
        data["recommendations"] = [{"number": r.number, "text": r.text, "addressee": r.addressee, "themes": r.themes,
                                    "learning_points": sorted(lp.number for lp in r.learning_points.all())}
                                   for r in review.recommendations.all()]
    if access.can_see_restricted(user, review):
        data["restricted_identifiers"] = [{"kind": i.kind, "label": i.label, "value": i.value}
                                          for i in review.restricted_identifiers.all()]
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
