"""The GOV.UK date input: day, month and year boxes in every form, UK order, GOV.UK error messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string

from casereview.core.forms import GovukDateField, GovukForm


class Incident(GovukForm):
    incident_date = GovukDateField(label="Date of the incident", error_messages={"required": "Enter the date of the incident"})
    due = forms.DateField(label="Due date", required=False)  # a plain DateField becomes the GOV.UK one


def parts(day="", month="", year="", name="incident_date") -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def test_day_month_and_year_make_a_date():
    form = Incident(parts("27", "3", "2007"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["incident_date"] == dt.date(2007, 3, 27)


@pytest.mark.parametrize("data, message", [
    (parts(), "Enter the date of the incident"),
    (parts("27", "", "2007"), "Date of the incident must include a month"),
    (parts("", "3", ""), "Date of the incident must include a day and year"),
    (parts("31", "2", "2007"), "Date of the incident must be a real date"),
    (parts("27", "March", "2007"), "Date of the incident must be a real date"),
    (parts("27", "3", "07"), "Year must include 4 numbers"),
    (parts("3", "27", "2007"), "Date of the incident must be a real date"),  # never read month first
])
def test_errors_use_the_gov_uk_wording(data, message):
    form = Incident(data)
    assert not form.is_valid()
    assert form.errors["incident_date"] == [message]


def test_only_the_boxes_with_the_problem_are_marked():
    form = Incident(parts("27", "", "2007"))
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["incident_date"]})
    assert html.count("govuk-input--error") == 1
    assert 'id="id_incident_date_month"' in html.split("govuk-input--error")[1][:80]


def test_the_field_renders_as_a_fieldset_with_three_numeric_boxes_and_the_gov_uk_hint():
    form = Incident(initial={"incident_date": dt.date(2026, 11, 27)})
    html = render_to_string("includes/field.html", {"field": form["incident_date"]})
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_incident_date-hint"' in html
    assert '<legend class="govuk-fieldset__legend">Date of the incident</legend>' in html
    assert "For example, 27 3 2007" in html
    assert html.count('inputmode="numeric"') == 3 and 'type="date"' not in html
    for label, name, value in (("Day", "day", "27"), ("Month", "month", "11"), ("Year", "year", "2026")):
        assert f'for="id_incident_date_{name}">{label}</label>' in html
        assert f'name="incident_date_{name}" type="text" inputmode="numeric" value="{value}"' in html
    assert html.index("_day") < html.index("_month") < html.index("_year")  # UK order


def test_a_plain_date_field_in_any_gov_uk_form_becomes_the_date_input():
    form = Incident({**parts("27", "3", "2007"), **parts("1", "4", "2027", name="due")})
    assert isinstance(form.fields["due"], GovukDateField) and form.fields["due"].label == "Due date"
    assert form.is_valid(), form.errors
    assert form.cleaned_data["due"] == dt.date(2027, 4, 1)


def test_one_iso_or_day_first_value_is_still_read_for_scripts():
    assert Incident({"incident_date": "2007-03-27"}).is_valid()
    form = Incident({"incident_date": "27/03/2007"})
    assert form.is_valid() and form.cleaned_data["incident_date"] == dt.date(2007, 3, 27)
    assert Incident({"incident_date": "03/27/2007"}).errors["incident_date"] == ["Date of the incident must be a real date"]


def test_what_was_typed_is_shown_again_after_an_error():
    form = Incident(parts("31", "2", "2007"))
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["incident_date"]})
    assert 'value="31"' in html and 'value="2"' in html and 'value="2007"' in html
    assert 'id="id_incident_date-error"' in html and "govuk-form-group--error" in html


def test_the_error_summary_links_to_the_day_box_and_does_not_repeat_the_label():
    form = Incident(parts("27", "", "2007"))
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_incident_date_day">Date of the incident must include a month</a>' in html
