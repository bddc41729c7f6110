"""Lists and action plans: all visible actions, one review's plan, setting and importing actions."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from casereview.actions import access, rules, selectors, services
from casereview.actions.forms import ActionForm, ImportForm
from casereview.core.access import can, requires
from casereview.core.refusals import Refused
from casereview.core.web import form_status, now, submit
from casereview.reviews.models import Recommendation, SingleAgencyRecommendation


@requires("actions.view")
def index(request):
    today = timezone.localdate()
    rows = selectors.rows(access.actions_visible_to(request.user).order_by("due_date", "pk"), today=today)
    colour = request.GET.get("rag", "")
    if colour in rules.RAG_LABELS:
        rows = [r for r in rows if r.rag == colour]
    reviews = access.plan_reviews_visible_to(request.user).order_by("reference")
    return render(request, "actions/index.html", {"rows": rows, "reviews": reviews, "colour": colour,
                                                  "rag_labels": rules.RAG_LABELS, "colour_label": rules.RAG_LABELS.get(colour),
                                                  "today": today})


@requires("actions.view")
def review_plan(request, review_pk):
    review = access.access_plan_review(request.user, review_pk)
    today = timezone.localdate()
    visible = access.actions_visible_to(request.user).filter(review=review)
    rows = selectors.rows(selectors.with_evidence_counts(visible), today=today)
    limited = not can(request.user, "actions.manage") and request.user.agency_id is not None
    groups = _groups(*access.plan_recommendations(request.user, review), rows, only_with_actions=limited)
    return render(request, "actions/review_plan.html", {
        "review": review, "groups": groups, "can_manage": can(request.user, "actions.manage"), "today": today})


def _groups(recommendations, single_agency, rows, *, only_with_actions):
    by_parent: dict[tuple[str, int], list] = {}
    for row in rows:
        key = ("r", row.action.recommendation_id) if row.action.recommendation_id else ("s", row.action.single_agency_recommendation_id)
        by_parent.setdefault(key, []).append(row)
    groups = [{"rec": r, "text": text, "kind": "partnership", "rows": by_parent.get(("r", r.pk), [])}
              for r, text in recommendations]
    groups += [{"rec": s, "text": text, "kind": "single", "rows": by_parent.get(("s", s.pk), [])}
               for s, text in single_agency]
    return [g for g in groups if g["rows"] or not only_with_actions]


def _add(request, parent):
    form = ActionForm(request.POST or None, partnership=parent.review.partnership)
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"} if form.is_bound and form.is_valid() else {}
    done = submit(request, form, services.create_action, use_cleaned_data=False, parent=parent, by=request.user,
                  now=now(), success=lambda action: f"Action {action.reference} set.",
                  redirect_to=lambda action: reverse("actions:detail", args=[action.pk]), **data)
    return done or render(request, "actions/action_form.html", {"form": form, "parent": parent, "review": parent.review},
                          status=form_status(form))


@requires("actions.manage")
def add_action(request, rec_pk):
    return _add(request, access.access_recommendation(request.user, Recommendation, rec_pk))


@requires("actions.manage")
def add_single_agency_action(request, rec_pk):
    return _add(request, access.access_recommendation(request.user, SingleAgencyRecommendation, rec_pk))


@requires("actions.manage")
def import_plan(request, review_pk):
    review = access.access_plan_review(request.user, review_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.import_action_plan(review=review, name=upload.name, data=upload.read(),
                                                  by=request.user, now=now())
        except Refused as refusal:
            problems = refusal.problems
        else:
            messages.success(request, f"Imported {len(created)} action(s) from {upload.name}.")
            return redirect("actions:review_plan", review_pk=review.pk)
    return render(request, "actions/import.html", {"form": form, "review": review, "problems": problems},
                  status=400 if problems else form_status(form))


@requires("actions.report")
def drift(request):
    today = timezone.localdate()
    items = selectors.drifting(access.actions_visible_to(request.user).order_by("review__reference", "pk"), today=today)
    return render(request, "actions/drift.html", {"items": items, "today": today})
