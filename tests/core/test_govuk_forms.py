from django import forms

from casereview.accounts.models import Agency
from casereview.core.forms import GovukForm


class AgencyChoice(GovukForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none())
    note = forms.CharField()

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(partnership=partnership)


def test_a_choice_limited_after_init_validates_against_the_final_queryset(partnership, police):
    form = AgencyChoice({"agency": police.pk, "note": "ok"}, partnership=partnership)
    assert form.is_valid(), form.errors


def test_fields_with_errors_get_the_gov_uk_error_class(partnership):
    form = AgencyChoice({"agency": "", "note": ""}, partnership=partnership)
    assert not form.is_valid()
    assert "govuk-input--error" in form.fields["note"].widget.attrs["class"]
    assert "govuk-select--error" in form.fields["agency"].widget.attrs["class"]
