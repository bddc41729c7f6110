"""Forms for action plans. Every error says what to do to fix it."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import URLValidator

from casereview.accounts.models import Agency, User
from casereview.core.forms import GovukDateField, GovukForm
from casereview.tabular.reader import megabytes


class VersionField(forms.IntegerField):
    """The version of the action the form was opened on (hidden; see rules.check_version)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=1, **kwargs)


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}),
                                  error_messages={"required": "Enter what will be done"})
    owner_agency = forms.ModelChoiceField(label="Owner agency", queryset=Agency.objects.none(),
                                          error_messages={"required": "Choose the agency that owns the action"})
    owner = forms.ModelChoiceField(label="Named owner (optional)", queryset=User.objects.none(), required=False,
                                   help_text="The person responsible. Leave empty if the agency has not named one.")
    due_date = GovukDateField(label="Due date", error_messages={"required": "Enter the due date"})
    success_measure = forms.CharField(
        label="Success measure", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What evidence will show the action worked.",
        error_messages={"required": "Enter what evidence will show the action worked"})
    version = VersionField(required=False)

    def __init__(self, *args, partnership, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.filter(partnership=partnership)
        people = User.objects.filter(partnership=partnership, is_active=True)
        if agency is not None:
            # An agency contributor keeps the action in their own agency.
            agencies = agencies.filter(pk=agency.pk)
            people = people.filter(agency=agency)
        self.fields["owner_agency"].queryset = agencies
        self.fields["owner"].queryset = people
        self.fields["owner"].label_from_instance = lambda u: f"{u.display_name} ({u.agency or u.role_label})"
        # GovukFormMixin validated while styling, before the choices above existed: validate again.
        self._errors = None
        if self.is_bound:
            for name, field in self.fields.items():
                classes = field.widget.attrs.get("class", "").replace(" govuk-input--error", "").replace(" govuk-select--error", "")
                if name in self.errors:
                    classes += " govuk-select--error" if "select" in classes else " govuk-input--error"
                field.widget.attrs["class"] = classes


class ProgressForm(GovukForm):
    prefix = "progress"  # several forms share the action page: keep their ids apart

    on = GovukDateField(label="Date of the progress", error_messages={"required": "Enter the date the progress was made"})
    note = forms.CharField(label="What has been done", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Enter what progress has been made"})


class EvidenceForm(GovukForm):
    prefix = "evidence"  # several forms share the action page: keep their ids apart

    description = forms.CharField(label="What the evidence shows", widget=forms.Textarea(attrs={"rows": 2}),
                                  error_messages={"required": "Describe what the evidence shows"})
    file = forms.FileField(label="Upload a file", required=False,
                           help_text="A document, spreadsheet or image. Or give a link below.")
    url = forms.URLField(label="Or a link", required=False, assume_scheme="https",
                         validators=[URLValidator(schemes=["http", "https"])],
                         error_messages={"invalid": "Enter a full web address, for example https://intranet.example/report"})

    def clean(self):
        data = super().clean()
        upload, url = data.get("file"), data.get("url")
        if upload and url:
            raise forms.ValidationError("Give either a file or a link, not both.")
        if not upload and not url and not self.errors:
            raise forms.ValidationError("Choose a file to upload or enter a link to the evidence.")
        if upload and upload.size > settings.MAX_UPLOAD_BYTES:
            self.add_error("file", f"The file must be smaller than {settings.MAX_UPLOAD_BYTES / 1_048_576:.0f} MB")
        return data


class CompleteForm(GovukForm):
    prefix = "complete"  # several forms share the action page: keep their ids apart

    note = forms.CharField(label="Completion note", widget=forms.Textarea(attrs={"rows": 4}),
                           help_text="What was done and how it met the success measure.",
                           error_messages={"required": "Enter a completion note saying what was done"})
    version = VersionField()


class ClosureForm(GovukForm):
    prefix = "closure"  # several forms share the action page: keep their ids apart

    rationale = forms.CharField(label="Why the action is no longer required", widget=forms.Textarea(attrs={"rows": 4}),
                                help_text="A review manager must approve this before the action is closed.",
                                error_messages={"required": "Enter why the action is no longer required"})
    version = VersionField()


class ReopenForm(GovukForm):
    prefix = "reopen"  # several forms share the action page: keep their ids apart

    reason = forms.CharField(label="Why the action is being reopened", widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "Enter why the action is being reopened"})
    version = VersionField()


class VersionForm(GovukForm):
    prefix = "signoff"  # several forms share the action page: keep their ids apart

    version = VersionField()


class ImportForm(GovukForm):
    file = forms.FileField(label="Action plan spreadsheet (.xlsx or .csv)",
                           error_messages={"required": "Choose the action plan file to import"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_SPREADSHEET_BYTES:
            raise forms.ValidationError(f"The file must be smaller than {megabytes(settings.MAX_SPREADSHEET_BYTES)}")
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("The file must be a spreadsheet saved as .xlsx or .csv")
        return upload
