"""Terms of reference, practitioner learning events and family involvement."""

from __future__ import annotations

from casereview.core.access import requires
from casereview.reviews import access, forms, services
from casereview.reviews.views._helpers import review_form


@requires("reviews.inquiry.edit")
def terms(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    tor = getattr(review, "terms_of_reference", None)
    initial = {f: getattr(tor, f) for f in ("period_start", "period_end", "lines_of_enquiry", "scope_notes", "agreed_on")} if tor else {}
    form = forms.TermsForm(request.POST or None, initial=initial)
    return review_form(request, form, services.save_terms_of_reference, review=review, anchor="terms",
                       success="Terms of reference saved.", title="Terms of reference")


@requires("reviews.inquiry.edit")
def event_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    form = forms.LearningEventForm(request.POST or None)
    return review_form(request, form, services.record_learning_event, review=review, anchor="events",
                       success="Practitioner learning event recorded.", title="Record a practitioner learning event")


@requires("reviews.inquiry.edit")
def family_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.inquiry.edit")
    form = forms.FamilyForm(request.POST or None)
    return review_form(request, form, services.record_family_involvement, review=review, anchor="family",
                       success="Family involvement recorded.", title="Record family involvement",
                       intro="Record each family member by their relationship to the child, never by name.")
