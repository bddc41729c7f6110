"""Terms of reference, practitioner learning events and family involvement."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect

from casereview.accounts.access import requires
from casereview.reviews import access, forms, services
from casereview.reviews.views._helpers import form_page, now, review_url, run_service


@requires("reviews.inquiry.edit")
def terms(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    tor = getattr(review, "terms_of_reference", None)
    initial = {f: getattr(tor, f) for f in ("period_start", "period_end", "lines_of_enquiry", "scope_notes", "agreed_on")} if tor else {}
    form = forms.TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.save_terms_of_reference, review=review, by=request.user, now=now(), **form.cleaned_data):
            messages.success(request, "Terms of reference saved.")
            return redirect(review_url(review, "terms"))
    return form_page(request, form, title="Terms of reference", review=review)


@requires("reviews.inquiry.edit")
def event_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    form = forms.LearningEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.record_learning_event, review=review, by=request.user, now=now(), **form.cleaned_data):
            messages.success(request, "Practitioner learning event recorded.")
            return redirect(review_url(review, "events"))
    return form_page(request, form, title="Record a practitioner learning event", review=review)


@requires("reviews.inquiry.edit")
def family_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    form = forms.FamilyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.record_family_involvement, review=review, by=request.user, now=now(), **form.cleaned_data):
            messages.success(request, "Family involvement recorded.")
            return redirect(review_url(review, "family"))
    return form_page(request, form, title="Record family involvement", review=review,
                     intro="Record each family member by their relationship to the child, never by name.")
