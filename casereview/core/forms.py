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
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = next((c for cls, c in _CLASSES.items() if type(widget) is cls), None)
            if css is None and isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            if css is None:
                css = "govuk-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"

    def full_clean(self):
        # Error styling is added after validation, never in __init__: reading
        # self.errors there would validate before subclasses finish setting up
        # (querysets, initial values) and keep stale errors.
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None:
                continue
            attrs = field.widget.attrs
            css = attrs.get("class", "")
            for base, error in (("govuk-input", "govuk-input--error"), ("govuk-select", "govuk-select--error"),
                                ("govuk-textarea", "govuk-textarea--error"), ("govuk-file-upload", "govuk-file-upload--error")):
                if base in css.split() and error not in css:
                    css += f" {error}"
            attrs["class"] = css


class GovukForm(GovukFormMixin, forms.Form):
    pass


