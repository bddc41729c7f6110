"""The one view helper for calling a service: refusals become GOV.UK errors, success redirects.

    form = ThingForm(request.POST or None)
    done = submit(request, form, services.do_thing, thing=thing, by=request.user, now=now(),
                  success="Saved.", redirect_to=thing_url)
    return done or render(request, "thing/form.html", {"form": form}, status=form_status(form))

`submit` calls the service with the form's cleaned data (plus the keyword arguments
given) on a valid POST. A `Refused` puts its messages on the form, against the field
it names when the form has that field, else at the top of the error summary. A
POST without a form (a button) uses `perform`, which shows a refusal as a page error
on the page it redirects to.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone

from casereview.core.refusals import Refused

Message = str | Callable[[Any], str]
Target = str | Callable[[Any], str]


def now():
    return timezone.now()


def today():
    return timezone.localdate()


def show_refusal(form, refusal: Refused) -> None:
    for field, message in refusal.errors:
        form.add_error(field if field in form.fields else None, message)
    for message in refusal.problems:
        if all(message != m for _f, m in refusal.errors):
            form.add_error(None, message)


def call(form, service: Callable[..., Any], /, **kwargs) -> tuple[bool, Any]:
    """Call `service(**kwargs)`; on `Refused` show it on `form`. Returns (succeeded, result)."""
    try:
        return True, service(**kwargs)
    except Refused as refusal:
        show_refusal(form, refusal)
        return False, None


def _resolve(value: Any, result: Any) -> Any:
    return value(result) if callable(value) else value


def submit(request, form, service: Callable[..., Any], /, *, success: Message, redirect_to: Target,
           use_cleaned_data: bool = True, **kwargs):
    """On a valid POST run the service and redirect with `success`; otherwise None (render the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    data = dict(form.cleaned_data) if use_cleaned_data else {}
    ok, result = call(form, service, **{**data, **kwargs})
    if not ok:
        return None
    message = _resolve(success, result)
    if message:  # as in perform: the page a success leads to may say it all
        messages.success(request, message)
    return redirect(_resolve(redirect_to, result))


def perform(request, service: Callable[..., Any], /, *, success: Message, redirect_to: Target,
            refused_to: str | None = None, **kwargs):
    """A POST with no form (a button): run the service; a refusal becomes a page error on the next page."""
    try:
        result = service(**kwargs)
    except Refused as refusal:
        for message in refusal.problems:
            messages.error(request, message)
        return redirect(refused_to or _resolve(redirect_to, None))
    message = _resolve(success, result)
    if message:  # a service may succeed with nothing to confirm (the page it leads to says it)
        messages.success(request, message)
    return redirect(_resolve(redirect_to, result))


def form_status(form) -> int:
    """400 for a submitted form with errors, so tests and tools see the refusal; else 200."""
    return 400 if form.is_bound and form.errors else 200
