"""Briefing pages for the review team, and the public pages of published briefings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.accounts.access import PUBLIC, can, requires
from casereview.publishing import access, renderings, services
from casereview.publishing.forms import BriefingForm, FalsePositiveForm, PublishForm, WithdrawForm
from casereview.publishing.gate import highlight, scan_briefing
from casereview.publishing.models import SECTION_LABELS
from casereview.publishing.services import PublishingError


@requires("briefings.view")
def briefing_list(request):
    user = request.user
    return render(request, "publishing/list.html", {
        "published": access.published_briefings(user.partnership_id),
        "in_progress": access.briefings_in_progress(user),
        "to_start": access.reviews_needing_a_briefing(user),
    })


@requires("briefings.edit")
@require_POST
def briefing_start(request, review_pk):
    review = access.access_review_for_briefing(request.user, review_pk)
    try:
        briefing = services.create_briefing_from_review(review=review, by=request.user, now=timezone.now())
    except PublishingError as exc:
        messages.error(request, str(exc))
        return redirect("publishing:list")
    messages.success(request, f"Drafted version {briefing.version} from the review's findings.")
    return redirect("publishing:edit", pk=briefing.pk)


@requires("briefings.view")
def briefing_detail(request, pk):
    briefing = access.access_briefing(request.user, pk)
    return render(request, "publishing/detail.html", {
        "briefing": briefing, "sections": briefing.sections(),
        "may": {p: can(request.user, f"briefings.{p}") for p in ("edit", "gate", "publish", "withdraw")},
    })


@requires("briefings.edit")
def briefing_edit(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.edit")
    form = BriefingForm(request.POST or None, initial=briefing.texts())
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_briefing(briefing=briefing, by=request.user, now=timezone.now(), **form.cleaned_data)
        except PublishingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Briefing saved. Run the anonymisation gate before publishing.")
            return redirect("publishing:gate", pk=briefing.pk)
    return render(request, "publishing/edit.html", {"briefing": briefing, "form": form})


@requires("briefings.gate")
def briefing_gate(request, pk):
    """GET shows what the gate finds now; POST runs it and records the outcome on the briefing."""
    briefing = access.access_briefing(request.user, pk, permission="briefings.gate")
    if request.method == "POST":
        try:
            result = services.run_gate(briefing=briefing, by=request.user, now=timezone.now())
        except PublishingError as exc:
            messages.error(request, str(exc))
            return redirect("publishing:detail", pk=briefing.pk)
        if result.ok:
            messages.success(request, "The briefing passed the anonymisation gate and can be published.")
        return redirect("publishing:gate", pk=briefing.pk)
    return render(request, "publishing/gate.html", _gate_context(request, briefing))


def _gate_context(request, briefing, fp_form=None):
    result = scan_briefing(briefing)
    numbered = {(h.section, h.start): n for n, h in enumerate(result.hits, start=1)}
    sections = []
    for key, text in briefing.texts().items():
        hits = [h for h in result.hits if h.section == key]
        pieces = [{**p, "number": numbered.get((key, p["hit"].start)) if p["hit"] else None} for p in highlight(text, hits)]
        sections.append({"key": key, "label": SECTION_LABELS[key], "pieces": pieces, "count": len(hits)})
    return {
        "briefing": briefing, "result": result, "sections": sections, "fp_form": fp_form,
        "numbered_hits": list(enumerate(result.hits, start=1)),
        "may_approve": can(request.user, "briefings.approve_false_positive"),
        "may_publish": can(request.user, "briefings.publish"),
    }


@requires("briefings.approve_false_positive")
@require_POST
def false_positive(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.approve_false_positive")
    form = FalsePositiveForm(request.POST)
    if form.is_valid():
        try:
            services.approve_false_positive(briefing=briefing, by=request.user, now=timezone.now(), **form.cleaned_data)
        except PublishingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Recorded '{form.cleaned_data['text']}' as not identifying anyone. Run the gate again.")
            return redirect("publishing:gate", pk=briefing.pk)
    return render(request, "publishing/gate.html", _gate_context(request, briefing, fp_form=form), status=400)


@requires("briefings.publish")
def briefing_publish(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.publish")
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_briefing(briefing=briefing, by=request.user, now=timezone.now(),
                                      publish_until=form.cleaned_data["publish_until"])
        except PublishingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Briefing published. It is now on the public briefings page.")
            return redirect("publishing:detail", pk=briefing.pk)
    return render(request, "publishing/publish.html", {"briefing": briefing, "form": form})


@requires("briefings.withdraw")
def briefing_withdraw(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.withdraw")
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_briefing(briefing=briefing, by=request.user, reason=form.cleaned_data["reason"],
                                       now=timezone.now())
        except PublishingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Briefing withdrawn from the public pages.")
            return redirect("publishing:detail", pk=briefing.pk)
    early = not briefing.may_withdraw_without_reason_override(timezone.localdate())
    return render(request, "publishing/withdraw.html", {"briefing": briefing, "form": form, "early": early})


@requires(PUBLIC)
def public_list(request):
    return render(request, "publishing/public_list.html", {"briefings": access.published_briefings()})


@requires(PUBLIC)
def public_detail(request, pk):
    briefing = access.public_briefing(pk)
    return render(request, "publishing/public_detail.html", {"briefing": renderings.public_view(briefing)})


@requires(PUBLIC)
def public_download(request, pk, fmt):
    briefing = access.public_briefing(pk)
    if fmt == "pdf":
        body, content_type = renderings.render_pdf(briefing), "application/pdf"
    elif fmt == "docx":
        body = renderings.render_docx(briefing)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("No such format.")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{renderings.download_name(briefing, fmt)}"'
    return response
