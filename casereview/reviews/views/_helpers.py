"""Small helpers shared by the review views: run a service and show its refusals on the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone


def now():
    return timezone.now()


def today():
    return timezone.localdate()


def run_service(form, service: Callable[..., Any], **kwargs) -> Any | None:
    """Call `service`; on ValidationError put its messages on `form` (by field where the form has it) and return None."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                for message in errors:
                    form.add_error(target, message)
        else:
            for message in exc.messages:
                form.add_error(None, message)
        return None


def review_url(review, anchor: str = "") -> str:
    return reverse("reviews:detail", args=[review.pk]) + (f"#{anchor}" if anchor else "")


def form_page(request, form, *, title: str, review=None, button: str = "Save", intro: str = "", enctype: str = "",
              extra: dict | None = None, status: int | None = None):
    context = {"form": form, "title": title, "review": review, "button": button, "intro": intro, "enctype": enctype,
               "back": review_url(review) if review else reverse("reviews:list"), **(extra or {})}
    if status is None:
        status = 400 if form.is_bound and form.errors else 200
    return render(request, "reviews/form.html", context, status=status)


def review_form(request, form, service: Callable[..., Any], *, review, anchor: str, success: Callable[[dict], str] | str,
                title: str, button: str = "Save", intro: str = ""):
    """The shape every "add X to this review" page shares: on a valid POST call
    `service(review=, by=, now=, **cleaned_data)`, confirm and return to the review
    page at `anchor`; otherwise (or when the service refuses) show the form with
    its errors. `success` is the message, or a function of the cleaned data."""
    if request.method == "POST" and form.is_valid():
        if run_service(form, service, review=review, by=request.user, now=now(), **form.cleaned_data):
            messages.success(request, success(form.cleaned_data) if callable(success) else success)
            return redirect(review_url(review, anchor))
    return form_page(request, form, title=title, review=review, button=button, intro=intro)
