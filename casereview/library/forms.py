"""Forms for uploading documents and correcting what was extracted."""

from __future__ import annotations

from django import forms

from casereview.core.forms import GovukForm
from casereview.library.models import ItemKind
from casereview.text.themes import theme_labels


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.html,.htm,.docx,.txt,.md,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(GovukForm):
    files = MultipleFileField(
        label="Briefings or reports",
        help_text="PDF, HTML, DOCX, TXT or Markdown, or a .zip of them. You can choose several files at once.",
        error_messages={"required": "Choose at least one file to upload"},
    )


class ConfirmHeldForm(GovukForm):
    """The second step for files held back for matching restricted identifiers (see views.batch)."""

    confirm = forms.BooleanField(
        label="I have checked every match shown above: none of them identifies a child or family member of our "
              "reviews, so these files may be added to the library",
        error_messages={"required": "Tick the box to confirm you have checked every match, or choose not to "
                                    "add the files"},
    )


class CorrectItemForm(GovukForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Text",
                           error_messages={"required": "Enter the text of the learning point or recommendation"})
    kind = forms.ChoiceField(choices=ItemKind.choices, widget=forms.RadioSelect, label="This is a",
                             error_messages={"required": "Select whether this is a learning point or a recommendation"})


class ItemThemesForm(GovukForm):
    themes = forms.MultipleChoiceField(
        choices=lambda: list(theme_labels().items()),
        widget=forms.CheckboxSelectMultiple, required=False, label="Themes",
        error_messages={"invalid_choice": "Choose themes from the list"},
    )


class SearchForm(forms.Form):
    """The library's search box and filters (GET); bad values are ignored rather than refused."""

    q = forms.CharField(required=False, max_length=500)
    theme = forms.CharField(required=False)
    type = forms.CharField(required=False)
    partnership = forms.CharField(required=False)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2100)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)
