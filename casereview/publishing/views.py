"""Briefing pages for the review team, and the public pages of published briefings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.core.access import PUBLIC, can, requires
from casereview.core.web import call, form_status, now, perform, submit
from casereview.publishing import access, renderings, services
from casereview.publishing.forms import (
    BriefingForm,
    DisseminationForm,
    FalsePositiveForm,
    PublishForm,
    SevenMinuteBriefingForm,
    TrainingEventForm,
    WithdrawForm,
)
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
                   kind=request.POST.get("kind") or "practitioner",
                   success=lambda briefing: f"Drafted {briefing.get_kind_display().lower()} version "
                                            f"{briefing.version} from the review's findings.",
                   redirect_to=lambda briefing: reverse("publishing:edit", args=[briefing.pk]),
                   refused_to=reverse("publishing:list"))


@requires("briefings.view")
def briefing_detail(request, pk):
    briefing = access.access_briefing(request.user, pk)
    return render(request, "publishing/detail.html", {
        "briefing": briefing, "sections": briefing.sections(), **_four_eyes(request.user, briefing),
        "may": {p: can(request.user, f"briefings.{p}") for p in ("edit", "gate", "publish", "withdraw", "record_use")},
        "records": access.dissemination_records_visible_to(request.user, briefing) if briefing.is_public else [],
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
    form_class = SevenMinuteBriefingForm if briefing.is_seven_minute else BriefingForm
    form = form_class(request.POST or None, initial=briefing.texts())
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


@requires("briefings.record_use")
def record_use(request, pk):
    """A team leader records how their team used a published briefing (linked from the briefing's pages)."""
    briefing = access.access_briefing_for_use(request.user, pk)
    agencies = access.recording_agencies(request.user)
    form = DisseminationForm(request.POST or None, agencies=agencies, initial={"used_on": timezone.localdate()})
    fixed = {} if agencies is not None else {"agency": request.user.agency}
    done = submit(request, form, services.record_dissemination, briefing=briefing, by=request.user, now=now(),
                  **fixed, success=lambda record: f"Recorded: {record.team} used this briefing "
                                                  f"({record.get_method_display().lower()}, {record.practitioners} "
                                                  f"practitioner{'s' if record.practitioners != 1 else ''}).",
                  redirect_to=reverse("publishing:detail", args=[briefing.pk]))
    return done or render(request, "publishing/record_use.html", {"briefing": briefing, "form": form},
                          status=form_status(form))


@requires("briefings.record_training")
def training_list(request):
    return render(request, "publishing/training_list.html",
                  {"events": access.training_events_visible_to(request.user),
                   "reviews": access.reviews_for_training(request.user)})


@requires("briefings.record_training")
def training_new(request, review_pk):
    """Record a training or learning event that carried a review's learning, with attendance by agency."""
    review = access.reviews_for_training(request.user).filter(pk=review_pk).first()
    if review is None:
        raise Http404("No such review.")
    form = TrainingEventForm(request.POST or None, agencies=review.partnership.agencies.order_by("name"))
    if request.method == "POST" and form.is_valid():
        ok, _event = call(form, services.record_training_event, review=review, by=request.user, now=now(),
                          **form.service_kwargs())
        if ok:
            messages.success(request, "Training event recorded. Its attendance counts towards the review's reach.")
            return redirect("publishing:training_list")
    attendance = [form[f"agency_{a.pk}"] for a in form.agencies]
    return render(request, "publishing/training_form.html",
                  {"review": review, "form": form, "attendance": attendance,
                   "main_fields": [form["title"], form["held_on"], form["audience"]]},
                  status=form_status(form))


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
    if fmt not in renderings.CONTENT_TYPES:
        raise Http404("No such format.")
    # Rendered once (at publication, or on the first request) and then read from storage.
    response = HttpResponse(renderings.public_file(briefing, fmt), content_type=renderings.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{renderings.download_name(briefing, fmt)}"'
    return response
