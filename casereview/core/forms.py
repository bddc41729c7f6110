"""GOV.UK styling for Django forms, so every app's forms look and behave alike.

Dates use the GOV.UK date input pattern (separate day, month and year boxes) rather
than a browser date picker, whose order follows the browser's locale (month first in
an English-US browser); errors follow the GOV.UK wording ("... must include a month",
"... must be a real date").
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

DATE_EXAMPLE = "For example, 27 3 2007"
_PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))
# A single value is accepted too (an ISO or day-first date in the field's own name), for
# scripts and tests that post one value; the browser form always shows three boxes.
_SINGLE = (re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
           re.compile(r"^(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})$"))


class GovukDateInput(forms.MultiWidget):
    """Day, month and year text boxes (numeric keyboard on phones) inside the field's fieldset."""

    template_name = "core/widgets/govuk_date_input.html"

    def __init__(self, attrs=None):
        widgets = {
            name: forms.TextInput(attrs={"class": f"govuk-input govuk-date-input__input govuk-input--width-{width}",
                                         "inputmode": "numeric"})
            for name, _, width in _PARTS
        }
        super().__init__(widgets, attrs)
        self.error_parts: frozenset[str] = frozenset()

    def decompress(self, value):
        if isinstance(value, str):
            value = _single(value)
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        if name in data and not any(f"{name}_{part}" in data for part, _, _ in _PARTS):
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for sub, (part, label, _) in zip(context["widget"]["subwidgets"], _PARTS, strict=True):
            sub["label"] = label
            sub["part"] = part
            if context["widget"]["attrs"].get("id"):
                sub["attrs"]["id"] = f"{context['widget']['attrs']['id']}_{part}"  # matches id_for_label
            if part in self.error_parts:
                sub["attrs"]["class"] += " govuk-input--error"
        return context

    def id_for_label(self, id_):
        # Labels and error-summary links go to the day box, as in the GOV.UK pattern.
        return f"{id_}_day" if id_ else id_


def _single(text: str) -> dt.date | None:
    for pattern in _SINGLE:
        if m := pattern.match(text.strip()):
            try:
                return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
            except ValueError:
                return None
    return None


class GovukDateField(forms.Field):
    """A date entered as day, month and year, with GOV.UK error messages naming the field.

    Rules that depend on other facts ("must be today or in the past") stay in the services.
    """

    widget = GovukDateInput
    example = DATE_EXAMPLE

    def to_python(self, value):
        label = self.label or "Date"
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            parsed = _single(value)
            if parsed is None:
                raise ValidationError(f"{label} must be a real date", code="invalid")
            return parsed
        parts = dict(zip((p for p, _, _ in _PARTS), (str(v or "").strip() for v in value), strict=True))
        if not any(parts.values()):
            return None
        missing = [p for p in parts if not parts[p]]
        if missing:
            self.widget.error_parts = frozenset(missing)
            raise ValidationError(f"{label} must include a {' and '.join(missing)}", code="incomplete")
        if not all(v.isdigit() for v in parts.values()):
            self.widget.error_parts = frozenset(p for p, v in parts.items() if not v.isdigit())
            raise ValidationError(f"{label} must be a real date", code="invalid")
        if len(parts["year"]) != 4:
            self.widget.error_parts = frozenset({"year"})
            raise ValidationError("Year must include 4 numbers", code="year")
        try:
            return dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.widget.error_parts = frozenset(p for p, _, _ in _PARTS)
            raise ValidationError(f"{label} must be a real date", code="invalid") from None

    def validate(self, value):
        if value is None and self.required:
            self.widget.error_parts = frozenset(p for p, _, _ in _PARTS)
        super().validate(value)

    @classmethod
    def replacing(cls, field: forms.DateField) -> GovukDateField:
        """The GOV.UK date field for a plain DateField, keeping its label, hint, requiredness and "required" message."""
        replacement = cls(label=field.label, required=field.required, help_text=field.help_text, initial=field.initial,
                          validators=field.validators, disabled=field.disabled)
        if "required" in field.error_messages:
            replacement.error_messages["required"] = field.error_messages["required"]
        return replacement

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.NumberInput: "govuk-input govuk-input--width-5",
}


class GovukFormMixin:
    """Adds GOV.UK classes and error state to every widget of a form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        fields = self.fields  # type: ignore[attr-defined]
        for name, field in fields.items():
            if type(field) is forms.DateField:
                fields[name] = GovukDateField.replacing(field)
        for field in fields.values():
            widget = field.widget
            if isinstance(widget, GovukDateInput):
                continue  # its boxes carry their own classes
            css = next((c for cls, c in _CLASSES.items() if type(widget) is cls), None)
            if css is None and isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            if css is None:
                css = "govuk-input"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        # Error styling is added after validation, never in __init__: reading
        # self.errors there would validate before subclasses finish setting up
        # (querysets, initial values) and keep stale errors.
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None or isinstance(field.widget, GovukDateInput):
                continue  # the date boxes mark their own errors
            attrs = field.widget.attrs
            css = attrs.get("class", "")
            for base, error in (("govuk-input", "govuk-input--error"), ("govuk-select", "govuk-select--error"),
                                ("govuk-textarea", "govuk-textarea--error"), ("govuk-file-upload", "govuk-file-upload--error")):
                if base in css.split() and error not in css:
                    css += f" {error}"
            attrs["class"] = css


class GovukForm(GovukFormMixin, forms.Form):
    pass


