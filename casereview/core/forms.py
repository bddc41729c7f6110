"""GOV.UK styling for Django forms, so every app's forms look and behave alike."""

from __future__ import annotations

from django import forms

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.NumberInput: "govuk-input govuk-input--width-5",
}


class GovukFormMixin:
    """Adds GOV.UK classes and error state to every widget of a form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next((c for cls, c in _CLASSES.items() if type(widget) is cls), None)
            if css is None and isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            if css is None:
                css = "govuk-input"
            if self.errors.get(name) if self.is_bound else False:  # type: ignore[attr-defined]
                css += " govuk-input--error" if "input" in css else " govuk-select--error" if "select" in css else ""
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
