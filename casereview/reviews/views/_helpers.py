"""Small helpers shared by the review views: the review page URL and the review form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import render
from django.urls import reverse

from casereview.core.web import form_status, now, submit, today

__all__ = ["form_page", "now", "review_form", "review_url", "today"]


# The review page is split into sections (views/sections.py): a part of the old single page
# (its anchor) now lives on the section named here; anchors not listed are on the overview.
SECTION_OF = {"decisions": "reviews:decisions", "terms": "reviews:decisions", "agencies": "reviews:agencies",
              "events": "reviews:inquiry", "family": "reviews:inquiry", "findings": "reviews:findings",
              "single-agency": "reviews:findings", "history": "reviews:history"}


def review_url(review, anchor: str = "") -> str:
    """The review section that shows `anchor` (e.g. "agencies"), at that part of the page."""
    url = reverse(SECTION_OF.get(anchor, "reviews:detail"), args=[review.pk])
    return url + (f"#{anchor}" if anchor else "")


def form_page(request, form, *, title: str, review=None, button: str = "Save", intro: str = "", enctype: str = "",
              extra: dict | None = None, status: int | None = None):
    context = {"form": form, "title": title, "review": review, "button": button, "intro": intro, "enctype": enctype,
               "back": review_url(review) if review else reverse("reviews:list"), **(extra or {})}
    return render(request, "reviews/form.html", context, status=form_status(form) if status is None else status)


def review_form(request, form, service: Callable[..., Any], *, review, anchor: str, success: Callable[[dict], str] | str,
                title: str, button: str = "Save", intro: str = ""):
    """The shape every "add X to this review" page shares: on a valid POST call
    `service(review=, by=, now=, **cleaned_data)`, confirm and return to the review
    page at `anchor`; otherwise (or when the service refuses) show the form with
    its errors. `success` is the message, or a function of the cleaned data."""
    message = (lambda _result: success(form.cleaned_data)) if callable(success) else success
    done = submit(request, form, service, review=review, by=request.user, now=now(), success=message,
                  redirect_to=review_url(review, anchor))
    return done or form_page(request, form, title=title, review=review, button=button, intro=intro)
