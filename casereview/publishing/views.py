"""Briefing pages for the review team, and the public pages of published briefings."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.core.access import PUBLIC, can, requires
from casereview.core.web import form_status, now, perform, submit
from casereview.publishing import access, renderings, services
from casereview.publishing.forms import BriefingForm, FalsePositiveForm, PublishForm, WithdrawForm
from casereview.publishing.gate import highlight, scan_briefing
from casereview.publishing.models import SECTION_LABELS


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
    return perform(request, services.create_briefing_from_review, review=review, by=request.user, now=now(),
                   success=lambda briefing: f"Drafted version {briefing.version} from the review's findings.",
                   redirect_to=lambda briefing: reverse("publishing:edit", args=[briefing.pk]),
                   refused_to=reverse("publishing:list"))


@requires("briefings.view")
def briefing_detail(request, pk):
    briefing = access.access_briefing(request.user, pk)
    return render(request, "publishing/detail.html", {
        "briefing": briefing, "sections": briefing.sections(), **_four_eyes(request.user, briefing),
        "may": {p: can(request.user, f"briefings.{p}") for p in ("edit", "gate", "publish", "withdraw")},
    })


def _four_eyes(user, briefing) -> dict:
    """Who ran the gate, who approved, what still stops publication, and whether `user` may approve now."""
    is_gated = briefing.status == "gate_passed" and briefing.gate_still_valid
    approval = briefing.approval_for_current_content() if is_gated else None
    may_approve = (is_gated and approval is None and can(user, "briefings.publish")
                   and user.pk not in (briefing.gate_run_by_id, briefing.editor.pk))
    return {"approval": approval or briefing.publication_approval, "may_approve": may_approve,
            "publication_problems": services.publication_problems(briefing) if briefing.is_editable else []}


@requires("briefings.edit")
def briefing_edit(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.edit")
    form = BriefingForm(request.POST or None, initial=briefing.texts())
    done = submit(request, form, services.edit_briefing, briefing=briefing, by=request.user, now=now(),
                  success="Briefing saved. Run the anonymisation gate before publishing.",
                  redirect_to=reverse("publishing:gate", args=[briefing.pk]))
    return done or render(request, "publishing/edit.html", {"briefing": briefing, "form": form},
                          status=form_status(form))


@requires("briefings.gate")
def briefing_gate(request, pk):
    """GET shows what the gate finds now; POST runs it and records the outcome on the briefing."""
    briefing = access.access_briefing(request.user, pk, permission="briefings.gate")
    if request.method == "POST":
        return perform(request, services.run_gate, briefing=briefing, by=request.user, now=now(),
                       success=lambda result: "The briefing passed the anonymisation gate. A second person with "
                       "publishing rights must now approve it before it is published."
                       if result.ok else "",
                       redirect_to=reverse("publishing:gate", args=[briefing.pk]),
                       refused_to=reverse("publishing:detail", args=[briefing.pk]))
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
    done = submit(request, form, services.approve_false_positive, briefing=briefing, by=request.user, now=now(),
                  success=lambda _fp: f"Recorded '{form.cleaned_data['text']}' as not identifying anyone. Run the gate again.",
                  redirect_to=reverse("publishing:gate", args=[briefing.pk]))
    return done or render(request, "publishing/gate.html", _gate_context(request, briefing, fp_form=form), status=400)


@requires("briefings.publish")
@require_POST
def briefing_approve(request, pk):
    """The second person approves the exact content that passed the gate."""
    briefing = access.access_briefing(request.user, pk, permission="briefings.publish")
    return perform(request, services.approve_briefing, briefing=briefing, by=request.user, now=now(),
                   success="You approved this version for publication.",
                   redirect_to=reverse("publishing:detail", args=[briefing.pk]))


@requires("briefings.publish")
def briefing_publish(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.publish")
    form = PublishForm(request.POST or None)
    done = submit(request, form, services.publish_briefing, briefing=briefing, by=request.user, now=now(),
                  success="Briefing published. It is now on the public briefings page.",
                  redirect_to=reverse("publishing:detail", args=[briefing.pk]))
    return done or render(request, "publishing/publish.html",
                          {"briefing": briefing, "form": form, **_four_eyes(request.user, briefing)},
                          status=form_status(form))


@requires("briefings.withdraw")
def briefing_withdraw(request, pk):
    briefing = access.access_briefing(request.user, pk, permission="briefings.withdraw")
    form = WithdrawForm(request.POST or None)
    done = submit(request, form, services.withdraw_briefing, briefing=briefing, by=request.user, now=now(),
                  success="Briefing withdrawn from the public pages.",
                  redirect_to=reverse("publishing:detail", args=[briefing.pk]))
    if done:
        return done
    early = not briefing.may_withdraw_without_reason_override(timezone.localdate())
    return render(request, "publishing/withdraw.html", {"briefing": briefing, "form": form, "early": early})


@requires(PUBLIC)
def public_list(request):
    return render(request, "publishing/public_list.html", {"briefings": access.published_briefings()})


@requires(PUBLIC)
def public_detail(request, pk):
    briefing = access.public_briefing(pk)  # a withdrawn briefing: core.refusals.Gone, the GOV.UK 410 page
    return render(request, "publishing/public_detail.html", {"briefing": renderings.public_view(briefing)})


@requires(PUBLIC)
def public_download(request, pk, fmt):
    briefing = access.public_briefing(pk)  # a withdrawn briefing: core.refusals.Gone, the GOV.UK 410 page
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
