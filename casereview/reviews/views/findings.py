"""Findings: learning points and recommendations with themes, linked to each other; changed, reordered and
withdrawn (with a reason) until the review is signed off."""

from __future__ import annotations

from django.http import Http404
from django.views.decorators.http import require_POST

from casereview.core.access import requires
from casereview.core.web import perform, submit
from casereview.reviews import access, forms, services, workflow
from casereview.reviews.models import LearningPoint, Recommendation, SingleAgencyRecommendation
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


# Finding kinds in URLs: the model and the related name on the review that holds the ones in force.
_KINDS = {"learning-point": ("learning point", LearningPoint), "recommendation": ("recommendation", Recommendation),
          "single-agency-recommendation": ("single-agency recommendation", SingleAgencyRecommendation)}


def _finding(request, pk, model, item_pk, permission="reviews.findings.edit"):
    """The review (team only, with the capability) and one of its findings in force, or 404."""
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, permission)
    item = model.objects.filter(review=review, pk=item_pk).first()
    if item is None:
        raise Http404("No such finding.")
    return review, item


def _locked_note(review) -> str:
    if workflow.findings_editable(review):
        return ""
    return f"The review is at {review.get_stage_display()}: findings can no longer change."


@requires("reviews.findings.edit")
def learning_point_edit(request, pk, item_pk):
    review, point = _finding(request, pk, LearningPoint, item_pk)
    form = forms.LearningPointForm(request.POST or None, initial={"text": point.text, "themes": point.theme_ids})
    done = submit(request, form, services.edit_learning_point, point=point, by=request.user, now=now(),
                  success=f"Learning point {point.number} saved.", redirect_to=review_url(review, "findings"))
    return done or form_page(request, form, title=f"Change learning point {point.number}", review=review,
                             intro=_locked_note(review))


@requires("reviews.findings.edit")
def recommendation_edit(request, pk, item_pk):
    review, rec = _finding(request, pk, Recommendation, item_pk)
    form = forms.RecommendationForm(request.POST or None, review=review, initial={
        "text": rec.text, "themes": rec.theme_ids, "addressee_agency": rec.addressee_agency,
        "learning_points": list(rec.learning_points.all())})
    done = submit(request, form, services.edit_recommendation, recommendation=rec, by=request.user, now=now(),
                  success=f"Recommendation {rec.number} saved.", redirect_to=review_url(review, "findings"))
    return done or form_page(request, form, title=f"Change recommendation {rec.number}", review=review,
                             intro=_locked_note(review))


@requires("reviews.sar.edit")
def sar_edit(request, pk, item_pk):
    review, rec = _finding(request, pk, SingleAgencyRecommendation, item_pk, "reviews.sar.edit")
    form = forms.SingleAgencyTextForm(request.POST or None, initial={"text": rec.text})
    done = submit(request, form, services.edit_single_agency_recommendation, recommendation=rec, by=request.user,
                  now=now(), success=f"{rec.agency} recommendation {rec.number} saved.",
                  redirect_to=review_url(review, "findings"))
    return done or form_page(request, form, title=f"Change {rec.agency} recommendation {rec.number}", review=review,
                             intro=_locked_note(review))


def _kind(kind: str):
    if kind not in _KINDS:
        raise Http404("No such kind of finding.")
    return _KINDS[kind]


@requires("reviews.findings.edit")
@require_POST
def finding_move(request, pk, kind, item_pk):
    name, model = _kind(kind)
    review, item = _finding(request, pk, model, item_pk)
    direction = request.POST.get("direction", "")
    return perform(request, services.move_finding, finding=item, direction=direction, by=request.user, now=now(),
                   success=f"{name.capitalize()} moved {direction}.", redirect_to=review_url(review, "findings"))


@requires("reviews.findings.edit")
def finding_withdraw(request, pk, kind, item_pk):
    name, model = _kind(kind)
    review, item = _finding(request, pk, model, item_pk)
    form = forms.WithdrawForm(request.POST or None)
    done = submit(request, form, services.withdraw_finding, finding=item, by=request.user, now=now(),
                  success=f"{name.capitalize()} {item.number} withdrawn. The findings after it are renumbered.",
                  redirect_to=review_url(review, "findings"))
    return done or form_page(request, form, title=f"Withdraw {name} {item.number}", review=review,
                             button="Withdraw", intro=_locked_note(review) or item.text)
