"""Participating agencies: requests, uploads of their reports, the chase list, single-agency recommendations."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casereview.core.access import requires
from casereview.core.web import call, form_status, submit
from casereview.reviews import access, forms, notices, services
from casereview.reviews.deadlines import chase_list
from casereview.reviews.models import RequestItem
from casereview.reviews.views._helpers import form_page, now, review_form, review_url, today


@requires("reviews.agencies.manage")
def agency_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.agencies.manage")
    form = forms.AgencyForm(request.POST or None, partnership=review.partnership)
    return review_form(request, form, services.add_participating_agency, review=review, anchor="agencies",
                       success=lambda data: f"{data['agency']} added to the review.",
                       title="Add a participating agency", button="Add agency")


@requires("reviews.agencies.manage")
def request_add(request, pk, participation_pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.agencies.manage")
    participation = review.participating_agencies.filter(pk=participation_pk).select_related("agency").first()
    if participation is None:
        raise Http404("No such participating agency.")
    form = forms.RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _made = call(form, services.request_item, participation=participation, by=request.user, now=now(),
                         **form.cleaned_data)
        if ok:
            contacts = notices.agency_contacts(participation.agency)
            if contacts:
                messages.success(request, f"Request sent to {participation.agency}: being e-mailed to "
                                          f"{', '.join(u.display_name for u in contacts)}.")
            else:
                messages.warning(request, f"Request recorded, but {participation.agency} has no one in "
                                          f"{settings.CASEREVIEW_SERVICE_NAME} with an e-mail address, so no one was told. "
                                          "Ask the partnership administrator to add a contributor for the agency, "
                                          "or tell the agency yourself.")
            return redirect(review_url(review, "agencies"))
    return form_page(request, form, title=f"Request an item from {participation.agency}", review=review, button="Request")


@requires("reviews.agencies.manage")
def request_status(request, request_pk):
    agency_request = access.access_request(request.user, request_pk)
    review = agency_request.participating_agency.review
    access.require_team(request.user, review, "reviews.agencies.manage")
    form = forms.RequestStatusForm(request.POST or None, initial={"status": agency_request.status,
                                                                  "note": agency_request.note})
    done = submit(request, form, services.set_request_status, request=agency_request, by=request.user, now=now(),
                  success="Request updated.", redirect_to=review_url(review, "agencies"))
    return done or form_page(request, form, title=f"Update: {agency_request}", review=review)


@requires("reviews.agencies.manage")
@require_POST
def request_chase(request, request_pk):
    agency_request = access.access_request(request.user, request_pk)
    access.require_team(request.user, agency_request.participating_agency.review, "reviews.agencies.manage")
    services.record_chase(request=agency_request, by=request.user, now=now())
    messages.success(request, f"Recorded that {agency_request.participating_agency.agency} was chased.")
    return redirect("reviews:chase_list")


@requires("reviews.requests.submit")
def request_upload(request, request_pk):
    """The request as the agency sees it (due date, status, the manager's note, versions) and its one upload.

    A report or summary is uploaded here as PDF or Word; a chronology request's form
    posts to the chronology importer (which has the column-mapping step).
    """
    agency_request = access.access_request(request.user, request_pk)
    review = agency_request.participating_agency.review
    is_chronology = agency_request.item == RequestItem.CHRONOLOGY
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and is_chronology:
        form.is_valid()
        form.add_error(None, services.CHRONOLOGY_GOES_TO_IMPORTER)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        ok, document = call(form, services.upload_document, request=agency_request, name=upload.name,
                            file=upload, by=request.user, now=now())
        if ok:
            messages.success(request, f"Version {document.version} uploaded.")
            return redirect(review_url(review, "agencies"))
    agency = agency_request.participating_agency.agency
    return render(request, "reviews/request.html", {
        "review": review, "agency_request": agency_request, "agency": agency, "form": form,
        "is_chronology": is_chronology, "documents": agency_request.documents.order_by("-version"),
        "chronology_url": reverse("chronology:submission", args=[review.pk]) + f"?agency={agency.pk}",
        "today": today(), "back": review_url(review, "agencies"),
    }, status=form_status(form))


@requires("reviews.documents.download")
def document_download(request, document_pk):
    document = access.access_document(request.user, document_pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=document.content_type)


@requires("reviews.requests.view")
def chase_list_page(request):
    return render(request, "reviews/chase_list.html", {"requests": chase_list(request.user, today=today()), "today": today()})


@requires("reviews.sar.edit")
def sar_add(request, pk):
    review = access.access_review(request.user, pk)
    access.require_team(request.user, review, "reviews.sar.edit")
    form = forms.SingleAgencyRecommendationForm(request.POST or None, review=review)
    done = submit(request, form, services.add_single_agency_recommendation, review=review, by=request.user, now=now(),
                  success="Single-agency recommendation recorded.", redirect_to=review_url(review, "single-agency"))
    return done or form_page(request, form, title="Record a single-agency recommendation", review=review,
                     intro="From the agency's report, so the partnership can later seek assurance it was actioned.")
