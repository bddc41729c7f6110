from __future__ import annotations

from django import forms

from casereview.accounts.models import Agency
from casereview.core.forms import GovukDateField, GovukForm
from casereview.publishing.models import SECTION_LABELS, DisseminationMethod

LIST_HINT = "One item per paragraph: leave a blank line between items."
HINTS = {
    "what_is": "What kind of review this was and why it was undertaken. Use the child's pseudonym only.",
    "background": "What happened, in a few paragraphs. No real names, dates of birth, addresses, schools or record numbers.",
    "learning_points": LIST_HINT,
    "recommendations": LIST_HINT,
    "further_information": LIST_HINT + " Links to guidance, procedures and training.",
    "why_it_matters": "Why this learning matters to practitioners, in a short paragraph.",
    "information": "What kind of review this was and what it found, briefly.",
    "the_learning": LIST_HINT + " The key learning, one point each.",
    "reflection_questions": LIST_HINT + " Questions a team can discuss in a few minutes.",
    "what_to_do": LIST_HINT + " What practitioners should do or think about from now on.",
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


class SevenMinuteBriefingForm(GovukForm):
    """The seven short parts of a 7-minute briefing, in the order they are printed."""

    title = forms.CharField(max_length=300, error_messages={"required": "Enter a title for the briefing."})
    background = _section_field("background", rows=4)
    why_it_matters = _section_field("why_it_matters", rows=4)
    information = _section_field("information", rows=4)
    the_learning = _section_field("the_learning", rows=8)
    reflection_questions = _section_field("reflection_questions", rows=6)
    what_to_do = _section_field("what_to_do", rows=6)
    further_information = _section_field("further_information", rows=4)


class DisseminationForm(GovukForm):
    """How a team used a briefing: short, so a team leader records it in under a minute."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Agency",
                                    error_messages={"required": "Choose the agency whose team used the briefing."})
    team = forms.CharField(label="Team", max_length=200, help_text='For example "North locality health visiting".',
                           error_messages={"required": "Enter the team that used the briefing."})
    # ISO in the widget: a browser's date input shows today's date only if given as YYYY-MM-DD.
    used_on = forms.DateField(label="Date used", widget=forms.DateInput(format="%Y-%m-%d"), error_messages={
        "required": "Enter the day the team used the briefing.",
        "invalid": "Enter the date as a real date, for example 20/11/2027."})
    method = forms.ChoiceField(label="How was it used?", choices=DisseminationMethod.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose how the team used the briefing."})
    practitioners = forms.IntegerField(label="Number of practitioners", min_value=1, max_value=10000, error_messages={
        "required": "Enter how many practitioners took part.", "min_value": "Enter 1 or more practitioners.",
        "invalid": "Enter the number of practitioners as a whole number, for example 8."})
    reflections = forms.CharField(label="Reflections (optional)", required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What the team discussed. No names of children, families or staff.")
    changes = forms.CharField(label="Changes made to practice (optional)", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="What the team will do differently, if anything.")

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:  # an agency contributor records for their own agency: no choice to make
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies


class TrainingEventForm(GovukForm):
    """A training or learning event that carried a review's learning, with attendance by agency."""

    title = forms.CharField(label="Event", max_length=300, error_messages={"required": "Enter the event's title."})
    held_on = forms.DateField(label="Held on", widget=forms.DateInput(format="%Y-%m-%d"), error_messages={
        "required": "Enter the day the event was held.", "invalid": "Enter the date as a real date, for example 20/11/2027."})
    audience = forms.CharField(label="Audience", max_length=300, help_text='For example "health visitors and midwives".',
                               error_messages={"required": "Say who the event was for."})

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = list(agencies)
        # Added after GovukForm styled the declared fields, so styled here.
        for agency in self.agencies:
            self.fields[f"agency_{agency.pk}"] = forms.IntegerField(
                label=f"Attended from {agency.name}", required=False, min_value=0, max_value=10000,
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
                error_messages={"min_value": "Attendance cannot be negative.",
                                "invalid": "Enter attendance as a whole number."})

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "held_on": data["held_on"], "audience": data["audience"],
                "attendance": {a: data.get(f"agency_{a.pk}") or 0 for a in self.agencies}}


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
