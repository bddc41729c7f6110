from __future__ import annotations

from django import forms

from casereview.core.forms import GovukForm
from casereview.publishing.models import SECTIONS

LIST_HINT = "One item per paragraph: leave a blank line between items."
HINTS = {
    "what_is": "What kind of review this was and why it was undertaken. Use the child's pseudonym only.",
    "background": "What happened, in a few paragraphs. No real names, dates of birth, addresses, schools or record numbers.",
    "learning_points": LIST_HINT,
    "recommendations": LIST_HINT,
    "further_information": LIST_HINT + " Links to guidance, procedures and training.",
}


class BriefingForm(GovukForm):
    title = forms.CharField(max_length=300, error_messages={"required": "Enter a title for the briefing."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label, required=False, help_text=HINTS[key],
                widget=forms.Textarea(attrs={"rows": 12 if key in ("learning_points", "recommendations") else 6,
                                             "class": "govuk-textarea"}),
            )


class FalsePositiveForm(GovukForm):
    text = forms.CharField(widget=forms.HiddenInput, max_length=300)
    kind = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(
        label="Why is this not personal data?", max_length=1000,
        help_text='For example "the published switchboard number of the hospital trust".',
        error_messages={"required": "Say why this text does not identify anyone."},
    )


class PublishForm(GovukForm):
    publish_until = forms.DateField(
        label="Keep public until at least", required=False,
        help_text="Leave empty for one year from today, the minimum.",
        error_messages={"invalid": "Enter the date as a real date, for example 20/11/2027."},
    )


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why is the briefing being withdrawn?", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        error_messages={"required": "Say why the briefing is being withdrawn."},
    )
