"""One action: its page, edits (version-checked), progress, evidence and status changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casereview.actions import access, rules, services
from casereview.actions.forms import (
    ActionForm,
    ClosureForm,
    CompleteForm,
    EvidenceForm,
    ProgressForm,
    ReopenForm,
    VersionForm,
)
from casereview.core.access import can, own_agency, requires
from casereview.core.refusals import Refused
from casereview.core.web import form_status, now, show_refusal, submit
from casereview.text.urls import WEB_SCHEMES, safe_url


def _page(request, action, **forms):
    today = timezone.localdate()
    context = {
        "action": action, "rag": action.rag_on(today), "reasons": [rules.DRIFT_LABELS[r] for r in action.drift_reasons_on(today)],
        "rag_labels": rules.RAG_LABELS, "updates": action.updates.select_related("author"),
        "evidence": action.evidence.select_related("added_by"), "escalations": action.escalations.all(),
        "can_update": access.can_update_action(request.user, action), "can_manage": can(request.user, "actions.manage"),
        "can_download": can(request.user, "actions.evidence.download"),
        "progress_form": ProgressForm(initial={"on": today}), "evidence_form": EvidenceForm(),
        "complete_form": CompleteForm(initial={"version": action.version}),
        "closure_form": ClosureForm(initial={"version": action.version}),
        "reopen_form": ReopenForm(initial={"version": action.version}),
        "version_form": VersionForm(initial={"version": action.version}),
    }
    context.update(forms)
    return render(request, "actions/detail.html", context, status=400 if forms else 200)


@requires("actions.view")
def action_detail(request, pk):
    return _page(request, access.access_action(request.user, pk))


@requires("actions.update")
def edit_action(request, pk):
    action = access.access_action(request.user, pk, for_update=True)
    own = own_agency(request.user)
    initial = {f: getattr(action, f) for f in services.EDITABLE_FIELDS} | {"version": action.version}
    form = ActionForm(request.POST or None, initial=initial, partnership=action.review.partnership, agency=own)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_action(action=action, by=request.user, now=now(),
                                   expected_version=form.cleaned_data["version"] or action.version, **data)
        except Refused as refusal:
            form = _refreshed(form, action, refusal, own)
        else:
            messages.success(request, f"Action {action.reference} saved.")
            return redirect("actions:detail", pk=action.pk)
    return render(request, "actions/action_form.html", {"form": form, "action": action, "review": action.review},
                  status=form_status(form))


def _refreshed(form, action, refusal: Refused, own):
    """After a refused edit: keep what was typed, but move the form on to the current version."""
    if refusal.field == "version":
        action.refresh_from_db()
        data = form.data.copy()
        data["version"] = action.version
        form = ActionForm(data, partnership=action.review.partnership, agency=own)
        form.is_valid()
    form.add_error(None, refusal.message)
    return form


@requires("actions.update")
@require_POST
def add_progress(request, pk):
    action = access.access_action(request.user, pk, for_update=True)
    form = ProgressForm(request.POST)
    done = submit(request, form, services.add_progress_update, action=action, by=request.user, now=now(),
                  success="Progress recorded.", redirect_to=reverse("actions:detail", args=[action.pk]))
    return done or _page(request, action, progress_form=form)


@requires("actions.update")
@require_POST
def add_evidence(request, pk):
    action = access.access_action(request.user, pk, for_update=True)
    form = EvidenceForm(request.POST, request.FILES)
    done = submit(request, form, services.add_evidence, use_cleaned_data=False, action=action, by=request.user,
                  now=now(), description=form.cleaned_data.get("description", "") if form.is_valid() else "",
                  upload=form.cleaned_data.get("file"), url=form.cleaned_data.get("url", ""),
                  success="Evidence added.", redirect_to=reverse("actions:detail", args=[action.pk]))
    return done or _page(request, action, evidence_form=form)


@requires("actions.evidence.download")
def download_evidence(request, pk):
    evidence = access.access_evidence(request.user, pk)
    if evidence.kind == "link":
        # Checked again here: a link stored before the check must not become a script redirect.
        target = safe_url(evidence.url, WEB_SCHEMES)
        if target is None:
            raise PermissionDenied("This evidence link is not a web address, so it cannot be opened.")
        return HttpResponseRedirect(target)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    # Always a download, never rendered inline: uploads are not trusted content.
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name,
                        content_type="application/octet-stream")


def _transition(request, pk, form_class, form_key, service, done):
    action = access.access_action(request.user, pk, for_update=True)
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, action, **{form_key: form})
    data = dict(form.cleaned_data)
    try:
        service(action=action, by=request.user, now=now(), expected_version=data.pop("version"), **data)
    except Refused as refusal:
        if refusal.field == "version":  # someone else changed it: show the current action with the message
            messages.error(request, refusal.message)
            return redirect("actions:detail", pk=action.pk)
        show_refusal(form, refusal)
        return _page(request, action, **{form_key: form})
    messages.success(request, done)
    return redirect("actions:detail", pk=action.pk)


@requires("actions.update")
@require_POST
def complete(request, pk):
    return _transition(request, pk, CompleteForm, "complete_form", services.complete_action,
                       "Action marked completed. A review manager will verify it.")


@requires("actions.update")
@require_POST
def request_closure(request, pk):
    return _transition(request, pk, ClosureForm, "closure_form", services.request_closure,
                       "Closure requested. A review manager must approve it.")


@requires("actions.manage")
@require_POST
def approve_closure(request, pk):
    return _transition(request, pk, VersionForm, "version_form", services.approve_closure,
                       "Closure approved: the action is no longer required.")


@requires("actions.manage")
@require_POST
def verify(request, pk):
    return _transition(request, pk, VersionForm, "version_form", services.verify_completion, "Completion verified.")


@requires("actions.manage")
@require_POST
def reopen(request, pk):
    return _transition(request, pk, ReopenForm, "reopen_form", services.reopen_action, "Action reopened.")
