"""Forms for chronology uploads, column mapping and the reviewer's work. Services re-check everything."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings

from casereview.chronology.engine import resources as R
from casereview.chronology.engine.headers import normalise_header
from casereview.core.forms import GovukDateField, GovukForm
from casereview.tabular.reader import megabytes

FIELD_LABELS = {
    "date": "Date",
    "datetime": "Date and time (one column)",
    "time": "Time",
    "agency": "Agency or service",
    "source": "Source or record",
    "event": "Event (what happened)",
    "action": "Action taken or outcome",
    "significance": "Significance or analysis",
}


def _revalidate(form: forms.Form) -> None:
    """GovukForm validates while styling; after narrowing choices, validate again."""
    form._errors = None
    if hasattr(form, "cleaned_data"):
        del form.cleaned_data


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Chronology file",
        help_text="A spreadsheet (.xlsx) or CSV file, one row per event. Dates are read day first: 03/04/2019 is 3 April 2019.",
        error_messages={"required": "Choose the chronology file to upload."},
    )
    sheet = forms.CharField(
        label="Sheet name (optional)", required=False, max_length=120,
        help_text="Leave blank to read the first sheet of a spreadsheet.",
    )

    def __init__(self, *args, agencies: Sequence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"] = forms.ChoiceField(
                label="Agency", choices=[(a.pk, a.name) for a in agencies],
                error_messages={"required": "Choose the agency this chronology is from.",
                                "invalid_choice": "Choose an agency taking part in this review."},
            )
            self.fields["agency"].widget.attrs["class"] = "govuk-select"
            self.order_fields(["agency", "file", "sheet"])
            _revalidate(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError("Old Excel .xls files cannot be read: save it as .xlsx or CSV and upload that.")
        if not name.endswith((".csv", ".xlsx", ".xlsm", ".txt", ".tsv")):
            raise forms.ValidationError("The file must be a spreadsheet (.xlsx) or a CSV file.")
        if upload.size > settings.MAX_SPREADSHEET_BYTES:
            raise forms.ValidationError(
                f"The file must be smaller than {megabytes(settings.MAX_SPREADSHEET_BYTES)}: split it into smaller files."
            )
        return upload


class MappingForm(GovukForm):
    """One choice per header found: which field the column holds, or not used."""

    def __init__(self, *args, headers: Sequence[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Not used")] + [(f, FIELD_LABELS[f]) for f in R.FIELDS]
        self.headers = [h for h in headers if h]
        for index, header in enumerate(self.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False,
                initial=R.HEADER_TO_FIELD.get(normalise_header(header), ""),
            )
            self.fields[f"col_{index}"].widget.attrs["class"] = "govuk-select"
        _revalidate(self)

    def clean(self):
        data = super().clean()
        chosen: dict[str, list[str]] = {}
        for index, header in enumerate(self.headers):
            target = data.get(f"col_{index}")
            if target:
                chosen.setdefault(target, []).append(header)
        for target, cols in chosen.items():
            if len(cols) > 1:
                raise forms.ValidationError(f"Only one column can be {FIELD_LABELS[target].lower()}: {', '.join(cols)}.")
        if "date" not in chosen and "datetime" not in chosen:
            raise forms.ValidationError("Choose the column that holds the date.")
        if "event" not in chosen:
            raise forms.ValidationError("Choose the column that holds what happened (the event).")
        return data

    def mapping(self) -> dict[str, str]:
        """Every header mapped explicitly; unmapped ones are ignored on purpose."""
        return {
            header: self.cleaned_data.get(f"col_{index}") or R.IGNORE for index, header in enumerate(self.headers)
        }


class EpisodeForm(GovukForm):
    name = forms.CharField(label="Episode name", max_length=160,
                           error_messages={"required": "Give the episode a name."})
    start = GovukDateField(label="Start date", error_messages={"required": "Enter the start date."})
    end = GovukDateField(label="End date", error_messages={"required": "Enter the end date."})
    description = forms.CharField(label="What this episode covers (optional)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class AnalysisForm(GovukForm):
    text = forms.CharField(
        label="Reviewer analysis", required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Your analysis, kept separate from the agency's record. Leave empty to remove it.",
    )
