"""The review record: list, notification, detail, edits, stage changes, decisions, identifiers, team, exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casereview.core.access import requires
from casereview.core.web import form_status, submit
from casereview.reviews import access, forms, services, workflow
from casereview.reviews.models import Stage
from casereview.reviews.selectors import review_json
from casereview.reviews.views._helpers import form_page, now, review_form, review_url, today
from casereview.tabular.export import SafeCsvWriter


@requires("reviews.view")
def review_list(request):
    reviews = access.reviews_visible_to(request.user)
    stage = request.GET.get("stage", "")
    if stage in Stage.values:
        reviews = reviews.filter(stage=stage)
    return render(request, "reviews/list.html", {"reviews": reviews, "stages": Stage.choices, "stage": stage,
                                                 "today": today()})


@requires("reviews.create")
def review_create(request):
    form = forms.ReviewForm(request.POST or None)
    done = submit(request, form, services.create_review, partnership=request.user.partnership, by=request.user,
                  now=now(), success=lambda review: f"Notification recorded as {review.reference}.",
                  redirect_to=review_url)
    return done or form_page(request, form, title="Record a new notification", button="Record notification",
                     intro="Record a serious incident the local authority has become aware of.")


@requires("reviews.edit")
def review_edit(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.edit")
    initial = {f: getattr(review, f) for f in services.DETAIL_FIELDS}
    form = forms.EditReviewForm(request.POST or None, initial=initial)
    changed = {f: v for f, v in form.cleaned_data.items() if v != initial.get(f)} if form.is_bound and form.is_valid() else {}
    done = submit(request, form, services.update_review, use_cleaned_data=False, review=review, by=request.user,
                  now=now(), success="Review details saved.", redirect_to=review_url(review), **changed)
    return done or form_page(request, form, title="Change review details", review=review)


@requires("reviews.transition")
def review_transition(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.transition")
    allowed = workflow.allowed_from(review.stage)
    form = forms.TransitionForm(request.POST or None, allowed=allowed, initial={"to_stage": request.GET.get("to")})
    done = submit(request, form, services.change_stage, review=review, by=request.user, now=now(),
                  success=lambda moved: f"{moved.reference} moved to {Stage(moved.stage).label}.", redirect_to=review_url)
    return done or form_page(request, form, title="Move the review to another stage", review=review, button="Move review",
                     intro=workflow.describe_allowed(review.stage))


@requires("reviews.decide")
def review_decide(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.decide")
    form = forms.DecisionForm(request.POST or None, criteria_basis=review.review_type.criteria_basis,
                              move_to=_decision_moves_to(review))
    done = submit(request, form, services.record_decision, review=review, by=request.user, now=now(),
                  success=_decision_message, redirect_to=review_url(review, "decisions"))
    return done or render(request, "reviews/decision_form.html", {
        "form": form, "review": review, "back": review_url(review, "decisions"),
        "stage_note": "" if review.stage in workflow.DECISION_STAGES else
        f"Decisions are recorded during the rapid review; this review is at {review.get_stage_display()}.",
        "converts_to": review.review_type.converts_to}, status=form_status(form))


def _decision_moves_to(review) -> str:
    """The label of the stage the decision form's checkbox moves to ("" when recording cannot move it)."""
    if review.stage == Stage.RAPID_REVIEW:
        return Stage.DECIDED.label
    if review.stage == Stage.DECIDED:
        return f"{Stage.TERMS_OF_REFERENCE.label} (or {Stage.NO_FURTHER_REVIEW.label}, if the decision is not to review)"
    return ""


def _decision_message(decision) -> str:
    review = decision.review
    review.refresh_from_db()
    message = "Decision recorded."
    if review.conversions.filter(decision=decision).exists():
        message += f" The review is now a {review.review_type.name.lower()}."
    if review.stage_changes.filter(at=decision.recorded_at).exists():
        message += f" It has moved to {review.get_stage_display()}."
    return message


@requires("reviews.decide")
def panel_response(request, pk, decision_pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.decide")
    decision = review.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404("No such decision.")
    form = forms.PanelResponseForm(request.POST or None)
    done = submit(request, form, services.record_national_panel_response, decision=decision, by=request.user,
                  now=now(), success="National panel response recorded.", redirect_to=review_url(review, "decisions"))
    return done or form_page(request, form, title="Record the national panel's response", review=review)


@requires("reviews.restricted.manage")
def identifier_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.restricted.manage")
    form = forms.IdentifierForm(request.POST or None)
    return review_form(request, form, services.add_restricted_identifier, review=review, anchor="restricted",
                       success="Restricted identifier added.", title="Add a restricted identifier",
                       intro="Only this review's team can see restricted identifiers. They feed the anonymisation gate.")


@requires("reviews.restricted.manage")
@require_POST
def identifier_remove(request, pk, identifier_pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.restricted.manage")
    identifier = review.restricted_identifiers.filter(pk=identifier_pk).first()
    if identifier is None:
        raise Http404("No such identifier.")
    services.remove_restricted_identifier(identifier=identifier, by=request.user, now=now())
    messages.success(request, "Restricted identifier removed.")
    return redirect(review_url(review, "restricted"))


@requires("reviews.team.manage")
def member_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.team.manage")
    form = forms.MemberForm(request.POST or None, partnership=review.partnership)
    return review_form(request, form, services.assign_member, review=review, anchor="team",
                       success=lambda data: f"{data['user'].display_name} assigned.",
                       title="Assign a reviewer or panel member", button="Assign")


@requires("reviews.team.manage")
@require_POST
def member_remove(request, pk, member_pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.team.manage")
    membership = review.memberships.filter(pk=member_pk).select_related("user").first()
    if membership is None:
        raise Http404("No such team member.")
    services.remove_member(membership=membership, by=request.user, now=now())
    messages.success(request, f"{membership.user.display_name} removed from the review.")
    return redirect(review_url(review, "team"))


@requires("reviews.view")
def review_export_json(request, pk):
    review = access.access_review(request.user, pk)
    return JsonResponse(review_json(request.user, review), json_dumps_params={"indent": 2})


@requires("reviews.view")
def reviews_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reviews.csv"'
    writer = SafeCsvWriter(response)
    writer.writerow(["reference", "type", "pseudonym", "age_at_incident", "outcome", "stage", "aware_date",
                     "notification_due", "notified_date", "rapid_review_due", "rapid_review_completed", "decision_date",
                     "lcspr_due", "published_date"])
    for r in access.reviews_visible_to(request.user):
        writer.writerow([r.reference, r.review_type.slug, r.pseudonym, r.age_at_incident, r.outcome, r.stage,
                         r.aware_date, r.notification_due, r.notified_date or "", r.rapid_review_due,
                         r.rapid_review_completed_date or "", r.decision_date or "", r.lcspr_due or "",
                         r.published_date or ""])
    return response
