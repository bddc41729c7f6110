"""Read models for review pages and exports, built on access.py so every reader gets only what it may see."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from casereview.core.access import can, own_agency
from casereview.reviews import access, workflow
from casereview.reviews.deadlines import review_deadlines
from casereview.reviews.models import Review, Stage
from casereview.text.themes import theme_labels

# The review page's sections, in sub-navigation order: key, label, URL name. Each is its own URL.
SECTIONS = [
    ("overview", "Overview", "reviews:detail"),
    ("decision", "Decision", "reviews:decisions"),
    ("agencies", "Agencies and submissions", "reviews:agencies"),
    ("chronology", "Chronology", "reviews:chronology"),
    ("inquiry", "Learning event and family", "reviews:inquiry"),
    ("findings", "Findings", "reviews:findings"),
    ("actions", "Actions", "reviews:actions"),
    ("briefings", "Briefings", "reviews:briefings"),
    ("history", "History", "reviews:history"),
]

# The capability each task-list link needs (a task the user may not do is listed without a link).
_TASK_PERMISSION = {"reviews:edit": "reviews.edit", "reviews:decide": "reviews.decide", "reviews:terms": "reviews.inquiry.edit",
                    "reviews:agency_add": "reviews.agencies.manage", "reviews:transition": "reviews.transition"}


def section_visible(user, review: Review, key: str) -> bool:
    """Who sees which section: the same rules the single page applied to each of its parts."""
    team = access.is_review_team(user, review)
    rules = {
        "overview": lambda: True,
        "decision": lambda: team or can(user, "reviews.figures.view"),
        "agencies": lambda: team or own_agency(user) is not None,
        "chronology": lambda: can(user, "chronology.view") or can(user, "chronology.submit"),
        "inquiry": lambda: team,
        "findings": lambda: access.findings_visible_to(user, review),
        "actions": lambda: can(user, "actions.view"),
        "briefings": lambda: can(user, "briefings.view"),
        "history": lambda: access.history_visible_to(user, review),
    }
    return rules[key]()


def _perm(user, review: Review, team: bool) -> dict[str, bool]:
    return {name.replace(".", "_"): can(user, f"reviews.{name}") and team
            for name in ("edit", "transition", "decide", "team.manage", "restricted.manage", "agencies.manage",
                         "sar.edit", "findings.edit", "inquiry.edit")}


def section_context(user, review: Review, key: str, *, today: dt.date) -> dict:
    """What every section page shares: the review, its sub-navigation and the user's permissions on it."""
    team = access.is_review_team(user, review)
    return {
        "review": review, "today": today, "team": team, "section": key, "perm": _perm(user, review, team),
        "sections": [(k, label, url) for k, label, url in SECTIONS if section_visible(user, review, k)],
        "conversions": list(review.conversions.select_related("from_type", "to_type", "by")),
    }


def next_steps_for(user, review: Review) -> dict:
    """The overview's task list: each check of the move the review works towards, linked where the user may act."""
    steps = workflow.next_steps(review)
    tasks = []
    for check in steps.checks:
        permitted = can(user, _TASK_PERMISSION.get(check.where, "reviews.view"))
        tasks.append({"label": check.label, "done": check.done,
                      "url": reverse(check.where, args=[review.pk]) if permitted else ""})
    move_url = ""
    if steps.ready and can(user, "reviews.transition"):
        move_url = reverse("reviews:transition", args=[review.pk]) + f"?to={steps.stage}"
    return {"next_stage": steps.label, "tasks": tasks, "ready": steps.ready, "move_url": move_url}


def overview_context(user, review: Review, *, today: dt.date) -> dict:
    context = section_context(user, review, "overview", today=today)
    team = context["team"]
    context.update({
        "can_see_restricted": access.can_see_restricted(user, review),
        "identifiers": access.restricted_identifiers_for(user, review),
        "next_deadline": min(review_deadlines(review), key=lambda d: d.due, default=None),
        "memberships": review.memberships.select_related("user") if team else [],
        "next": next_steps_for(user, review) if team else None,
        "other_moves": [(s, Stage(s).label) for s in workflow.allowed_from(review.stage)
                        if s != workflow.next_stage(review)],
        "main_path": [(s, Stage(s).label) for s in workflow.main_path()],
        "allowed_text": workflow.describe_allowed(review.stage),
    })
    return context


def decision_context(user, review: Review, *, today: dt.date) -> dict:
    context = section_context(user, review, "decision", today=today)
    perm = context["perm"]
    context.update({
        "decisions": review.decisions.select_related("recorded_by"),
        "terms": getattr(review, "terms_of_reference", None) if context["team"] else None,
        "show_terms": context["team"],
        # Offered only where it fits the stage (the service refuses a decision at any other stage).
        "offer_decision": perm["decide"] and review.stage in workflow.DECISION_STAGES,
        "offer_terms": perm["inquiry_edit"] and review.stage in workflow.TERMS_STAGES,
    })
    return context


def agencies_context(user, review: Review, *, today: dt.date) -> dict:
    context = section_context(user, review, "agencies", today=today)
    context.update({
        "participations": access.participations_visible_to(user, review).select_related("agency"),
        "requests": list(access.requests_visible_to(user, review).prefetch_related("documents")),
    })
    return context


def inquiry_context(user, review: Review, *, today: dt.date) -> dict:
    context = section_context(user, review, "inquiry", today=today)
    context.update({"events": review.learning_events.all(), "family": review.family_involvement.all()})
    return context


def _labelled(items, labels):
    return [(item, [labels.get(t, t) for t in item.theme_ids]) for item in items]


def findings_context(user, review: Review, *, today: dt.date) -> dict:
    """Findings in force with their theme labels; withdrawn ones (with why) for the team only."""
    from casereview.reviews.models import LearningPoint, Recommendation, SingleAgencyRecommendation

    context = section_context(user, review, "findings", today=today)
    labels = theme_labels()
    recs = review.recommendations.select_related("addressee_agency").prefetch_related("learning_points")
    singles = list(access.single_agency_recommendations_for(user, review))
    for i, single in enumerate(singles):  # single-agency numbers run per agency: moves stay within it
        single.is_first_of_agency = i == 0 or singles[i - 1].agency_id != single.agency_id
        single.is_last_of_agency = i == len(singles) - 1 or singles[i + 1].agency_id != single.agency_id
    withdrawn = []
    if context["team"]:
        for model, kind in ((LearningPoint, "Learning point"), (Recommendation, "Recommendation"),
                            (SingleAgencyRecommendation, "Single-agency recommendation")):
            for item in model.all_objects.filter(review=review, withdrawn_at__isnull=False).select_related("withdrawn_by"):
                withdrawn.append((kind, item))
    context.update({
        "learning_points": _labelled(review.learning_points.all(), labels),
        "recommendations": [(rec, themes, sorted(lp.number for lp in rec.learning_points.all()))
                            for rec, themes in _labelled(recs, labels)],
        "single_agency_recommendations": singles,
        "withdrawn": sorted(withdrawn, key=lambda pair: pair[1].withdrawn_at),
        "editable": workflow.findings_editable(review),
    })
    return context


def history_context(user, review: Review, *, today: dt.date) -> dict:
    context = section_context(user, review, "history", today=today)
    context["stage_changes"] = review.stage_changes.select_related("by")
    return context


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
