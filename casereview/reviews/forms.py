"""Forms for the review lifecycle. Each error says what to fix; services re-check everything."""

from __future__ import annotations

from django import forms

from casereview.accounts.models import Agency, User
from casereview.core.forms import GovukDateField, GovukForm
from casereview.core.roles import ASSIGNMENT_BOUND_ROLES
from casereview.reviews.models import (
    DecisionOutcome,
    FamilyStatus,
    IdentifierKind,
    LearningPoint,
    Outcome,
    RequestItem,
    RequestStatus,
    ReviewType,
    RoleInReview,
    Stage,
)
from casereview.reviews.themes import theme_choices


def _revalidate(form) -> None:
    """GovukForm validates while styling in __init__; after a subclass narrows its choices, validate again."""
    form._errors = None
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data


def _date(label: str, required: bool = True, help_text: str = "") -> GovukDateField:
    return GovukDateField(label=label, required=required, help_text=help_text,
                          error_messages={"required": f"Enter the {label.lower()}."})


def _text(label: str, required: bool = True, textarea: bool = False, max_length: int | None = None,
          help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput()
    return forms.CharField(label=label, required=required, widget=widget, max_length=max_length, help_text=help_text,
                           error_messages={"required": f"Enter the {label.lower()}.",
                                           "max_length": f"{label} must be %(limit_value)d characters or fewer."})


def _choice(label: str, choices, **kw) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices,
                             error_messages={"required": f"Choose the {label.lower()}.",
                                             "invalid_choice": f"Choose the {label.lower()} from the list."}, **kw)


class ReviewForm(GovukForm):
    review_type = forms.ModelChoiceField(
        label="Type of review", queryset=ReviewType.objects.all(), empty_label=None,
        error_messages={"required": "Choose the type of review.", "invalid_choice": "Choose the type of review from the list."})
    title = _text("Title", max_length=200, help_text="A short name for the review, without real names.")
    pseudonym = _text("Pseudonym of the child", max_length=80, help_text='The name the review will use, e.g. "Oliver".')
    other_children = _text("Other children (pseudonyms)", required=False, textarea=True, help_text="One a line.")
    age_at_incident = _text("Age at incident", required=False, max_length=40, help_text='For example "15 days" or "3 years".')
    outcome = _choice("Outcome for the child", Outcome.choices, widget=forms.RadioSelect)
    incident_date = _date("Incident date")
    aware_date = _date("Date the local authority became aware")
    notified_date = _date("Date the national panel was notified", required=False,
                          help_text="Leave empty if not yet notified. Due 5 working days after awareness.")
    summary = _text("Summary", required=False, textarea=True, help_text="No real names or addresses: use restricted identifiers.")

    def clean(self):
        # The service checks the same rules; checking here too lists every problem at once.
        from django.utils import timezone

        from casereview.reviews.services import date_problems

        data = super().clean()
        problems = date_problems(incident_date=data.get("incident_date"), aware_date=data.get("aware_date"),
                                 notified_date=data.get("notified_date"), today=timezone.localdate())
        for field, message in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return data


class EditReviewForm(ReviewForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["review_type"]
        _revalidate(self)


class TransitionForm(GovukForm):
    to_stage = _choice("Move to", [])
    reason = _text("Reason", textarea=True, help_text="Why the review moves now. This is kept in the audit log.")

    def __init__(self, *args, allowed: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in allowed]
        _revalidate(self)


class DecisionForm(GovukForm):
    abuse_or_neglect = forms.BooleanField(label="Abuse or neglect of the child is known or suspected", required=False)
    child_died = forms.BooleanField(label="The child has died", required=False)
    child_seriously_harmed = forms.BooleanField(label="The child has been seriously harmed", required=False)
    agencies_concern = forms.BooleanField(
        label="There is cause for concern about how agencies worked together to safeguard the child", required=False,
        help_text="Needed for a serious case review of serious harm (Working Together 2015).")
    reason_improvements_needed = forms.BooleanField(label="The case highlights improvements needed", required=False)
    reason_recurrent_themes = forms.BooleanField(label="The case highlights recurrent themes", required=False)
    reason_agencies_working_together = forms.BooleanField(
        label="The case highlights concerns about agencies working together", required=False)
    reason_national_panel_view = forms.BooleanField(label="The national panel considers a review appropriate", required=False)
    outcome = _choice("Decision", DecisionOutcome.choices, widget=forms.RadioSelect)
    decision_makers = _text("Decision makers", textarea=True, help_text="Name and role of each, one a line.")
    decided_on = _date("Decision date")
    rationale = _text("Rationale", textarea=True)

    CRITERIA = ("abuse_or_neglect", "child_died", "child_seriously_harmed", "agencies_concern")
    REASONS = ("reason_improvements_needed", "reason_recurrent_themes", "reason_agencies_working_together",
               "reason_national_panel_view")

    move_stage = forms.BooleanField(required=False)

    def __init__(self, *args, criteria_basis: str = "wt2018", move_to: str = "", **kwargs):
        self.criteria_basis = criteria_basis
        super().__init__(*args, **kwargs)
        # "Move the review to <stage> now": recording the decision moves the stage in the same step.
        if move_to:
            self.fields["move_stage"].label = f"Move the review to {move_to} now"
            self.fields["move_stage"].help_text = "The move is checked like any other: if something blocks it, nothing is saved."
        else:
            del self.fields["move_stage"]

    def clean(self):
        data = super().clean()
        if data.get("outcome") == DecisionOutcome.REVIEW:
            from casereview.reviews.models import Decision, criteria_problems

            probe = Decision(criteria_basis=self.criteria_basis, **{f: bool(data.get(f)) for f in self.CRITERIA + self.REASONS})
            problems = criteria_problems(probe)
            if problems:
                raise forms.ValidationError(
                    ["A review that does not meet the criteria cannot be recorded as meeting them. " + problems[0],
                     *problems[1:]])
        return data


class PanelResponseForm(GovukForm):
    response = _text("National panel's response", textarea=True)
    response_date = _date("Date of the response")


class IdentifierForm(GovukForm):
    kind = _choice("Kind", IdentifierKind.choices)
    label = _text("Whose or what", required=False, max_length=120, help_text='For example "Child", "Mother", "Home address".')
    value = _text("Identifier", max_length=300, help_text="Exactly as it appears in agency records.")


class MemberForm(GovukForm):
    user = forms.ModelChoiceField(label="Person", queryset=User.objects.none(),
                                  error_messages={"required": "Choose the person to assign.",
                                                  "invalid_choice": "Choose the person from the list."})
    role_in_review = _choice("Role in this review", RoleInReview.choices)

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            partnership=partnership, role__in=list(ASSIGNMENT_BOUND_ROLES), is_active=True)
        _revalidate(self)


class AgencyForm(GovukForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(),
                                    error_messages={"required": "Choose the agency.",
                                                    "invalid_choice": "Choose the agency from the list."})
    contact = _text("Contact in the agency", required=False, max_length=200)

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)
        _revalidate(self)


class RequestForm(GovukForm):
    item = _choice("Item requested", RequestItem.choices)
    due_date = _date("Due date")
    note = _text("Note to the agency", required=False, textarea=True,
                 help_text="Shown to the agency with the request when they sign in; it is not e-mailed.")


class RequestStatusForm(GovukForm):
    status = _choice("Status", RequestStatus.choices)
    due_date = _date("New due date", required=False, help_text="Leave empty to keep the current due date.")
    note = _text("Note to the agency", required=False, textarea=True,
                 help_text="Shown to the agency with the request. Leave as it is to keep it.")


class UploadForm(GovukForm):
    file = forms.FileField(label="Report file", help_text="A PDF or Word (.docx) file.",
                           error_messages={"required": "Choose the file to upload.",
                                           "empty": "The selected file is empty: choose the agency's report."})


class SingleAgencyRecommendationForm(GovukForm):
    agency = forms.ModelChoiceField(label="Agency", queryset=Agency.objects.none(),
                                    error_messages={"required": "Choose the agency.",
                                                    "invalid_choice": "Choose the agency from the list."})
    text = _text("Recommendation", textarea=True)

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(review_participations__review=review)
        _revalidate(self)


class TermsForm(GovukForm):
    period_start = _date("Start of the period under review")
    period_end = _date("End of the period under review")
    lines_of_enquiry = _text("Key lines of enquiry", textarea=True, help_text="One a line.")
    scope_notes = _text("Scope notes", required=False, textarea=True)
    agreed_on = _date("Date agreed", required=False)


class LearningEventForm(GovukForm):
    held_on = _date("Date of the event")
    facilitator = _text("Facilitator", max_length=200)
    attendees = _text("Attendees", textarea=True, required=False,
                      help_text='One a line as "Agency: role", e.g. "Police: detective sergeant".')
    episodes = _text("Key practice episodes discussed", textarea=True, required=False, help_text="One a line.")
    notes = _text("Notes", textarea=True, required=False)

    def clean_attendees(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["attendees"].splitlines(), start=1):
            if not line.strip():
                continue
            agency, sep, role = line.partition(":")
            if not sep or not agency.strip() or not role.strip():
                raise forms.ValidationError(f'Line {number} must be "Agency: role", for example "Police: detective sergeant".')
            rows.append({"agency": agency.strip(), "role": role.strip()})
        return rows


class FamilyForm(GovukForm):
    family_member = _text("Family member", max_length=120, help_text='Relationship to the child, e.g. "Mother". Never a real name.')
    status = _choice("Involvement", FamilyStatus.choices)
    status_date = _date("Date", required=False)
    notes = _text("Notes", textarea=True, required=False)


class ThemesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(label="Themes", required=False, widget=forms.CheckboxSelectMultiple,
                         error_messages={"invalid_choice": "Choose themes from the list."}, **kwargs)


class LearningPointForm(GovukForm):
    text = _text("Learning point", textarea=True)
    themes = ThemesField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices()
        _revalidate(self)


class RecommendationForm(GovukForm):
    text = _text("Recommendation", textarea=True)
    addressee_agency = forms.ModelChoiceField(label="Addressed to", queryset=Agency.objects.none(), required=False,
                                              empty_label="The partnership",
                                              error_messages={"invalid_choice": "Choose the addressee from the list."})
    learning_points = forms.ModelMultipleChoiceField(
        label="Learning points it answers", queryset=LearningPoint.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose learning points of this review."})
    themes = ThemesField()

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee_agency"].queryset = Agency.objects.filter(partnership=review.partnership)
        self.fields["learning_points"].queryset = review.learning_points.all()
        self.fields["learning_points"].label_from_instance = lambda lp: f"{lp.number}. {lp.text[:90]}"
        self.fields["themes"].choices = theme_choices()
        _revalidate(self)


class LinkForm(GovukForm):
    learning_points = forms.ModelMultipleChoiceField(
        label="Learning points it answers", queryset=LearningPoint.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose learning points of this review."})

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning_points"].queryset = review.learning_points.all()
        self.fields["learning_points"].label_from_instance = lambda lp: f"{lp.number}. {lp.text[:90]}"
        _revalidate(self)


class SingleAgencyTextForm(GovukForm):
    text = _text("Recommendation", textarea=True)


class WithdrawForm(GovukForm):
    reason = _text("Why is it withdrawn?", textarea=True,
                   help_text="Kept with the finding and shown to the review team. The audit log keeps a reference only.")
