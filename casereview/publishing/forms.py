from __future__ import annotations

from django import forms

from casereview.core.forms import GovukDateField, GovukForm
from casereview.publishing.models import SECTION_LABELS

LIST_HINT = "One item per paragraph: leave a blank line between items."
HINTS = {
    "what_is": "What kind of review this was and why it was undertaken. Use the child's pseudonym only.",
    "background": "What happened, in a few paragraphs. No real names, dates of birth, addresses, schools or record numbers.",
    "learning_points": LIST_HINT,
    "recommendations": LIST_HINT,
    "further_information": LIST_HINT + " Links to guidance, procedures and training.",
}


def _section_field(key: str, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=SECTION_LABELS[key], required=False, help_text=HINTS[key],
                           widget=forms.Textarea(attrs={"rows": rows}))


class BriefingForm(GovukForm):
    # Declared on the class: GovukForm validates while it styles the widgets, so fields
    # added in __init__ would be missed.
    title = forms.CharField(max_length=300, error_messages={"required": "Enter a title for the briefing."})
    what_is = _section_field("what_is")
    background = _section_field("background")
    learning_points = _section_field("learning_points", rows=14)
    recommendations = _section_field("recommendations", rows=14)
    further_information = _section_field("further_information")


class FalsePositiveForm(GovukForm):
    text = forms.CharField(widget=forms.HiddenInput, max_length=300)
    kind = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(
        label="Why is this not personal data?", max_length=1000,
        help_text='For example "the published switchboard number of the hospital trust".',
        error_messages={"required": "Say why this text does not identify anyone."},
    )


class PublishForm(GovukForm):
    publish_until = GovukDateField(
        label="Keep public until at least", required=False,
        help_text="Leave empty for one year from today, the minimum.",
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why is the briefing being withdrawn?", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": "Say why the briefing is being withdrawn."},
    )
