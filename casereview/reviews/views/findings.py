"""Findings: learning points and recommendations with themes, linked to each other."""

from __future__ import annotations

from django.http import Http404

from casereview.core.access import requires
from casereview.core.web import submit
from casereview.reviews import access, forms, services
from casereview.reviews.themes import suggest_themes
from casereview.reviews.views._helpers import form_page, now, review_url


def _with_suggestions(request, form_class, **kwargs):
    """On "Suggest themes", re-show the form with the text engine's themes ticked."""
    data = request.POST.copy()
    suggested = suggest_themes(data.get("text", ""))
    data.setlist("themes", sorted(set(data.getlist("themes")) | {s["theme"] for s in suggested}))
    return form_class(data, **kwargs), suggested


@requires("reviews.findings.edit")
def learning_point_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.findings.edit")
    suggested = None
    if request.method == "POST" and "suggest" in request.POST:
        form, suggested = _with_suggestions(request, forms.LearningPointForm)
        form.errors.clear()
    else:
        form = forms.LearningPointForm(request.POST or None)
        done = submit(request, form, services.add_learning_point, review=review, by=request.user, now=now(),
                      success="Learning point added.", redirect_to=review_url(review, "findings"))
        if done:
            return done
    return form_page(request, form, title="Add a learning point", review=review, button="Add learning point",
                     extra={"suggest": True, "suggested": suggested}, status=200 if suggested is not None else None)


@requires("reviews.findings.edit")
def recommendation_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.findings.edit")
    suggested = None
    if request.method == "POST" and "suggest" in request.POST:
        form, suggested = _with_suggestions(request, forms.RecommendationForm, review=review)
        form.errors.clear()
    else:
        form = forms.RecommendationForm(request.POST or None, review=review)
        done = submit(request, form, services.add_recommendation, review=review, by=request.user, now=now(),
                      success="Recommendation added.", redirect_to=review_url(review, "findings"))
        if done:
            return done
    return form_page(request, form, title="Add a recommendation", review=review, button="Add recommendation",
                     extra={"suggest": True, "suggested": suggested}, status=200 if suggested is not None else None)


@requires("reviews.findings.edit")
def recommendation_link(request, pk, recommendation_pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.findings.edit")
    recommendation = review.recommendations.filter(pk=recommendation_pk).first()
    if recommendation is None:
        raise Http404("No such recommendation.")
    form = forms.LinkForm(request.POST or None, review=review,
                          initial={"learning_points": list(recommendation.learning_points.all())})
    done = submit(request, form, services.link_recommendation, recommendation=recommendation, by=request.user, now=now(),
                  success=f"Links of recommendation {recommendation.number} saved.", redirect_to=review_url(review, "findings"))
    return done or form_page(request, form, title=f"Learning points answered by recommendation {recommendation.number}",
                     review=review, intro=recommendation.text)
