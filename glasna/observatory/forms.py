"""Staff forms: the case panel's coding and the FOI tracker's steps."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.observatory import codebook, codebook_labels, foi


def _choices(dimension: str) -> list[tuple[str, Any]]:
    return [(code, codebook_labels.LABELS[dimension][code]) for code in codebook.load().codes(dimension)]


class CodingForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage of proceedings"), choices=lambda: _choices("stage"))
    offence = forms.ChoiceField(label=_("Offence charged"), choices=lambda: _choices("offence"))
    motive = forms.ChoiceField(label=_("Declared motive"), choices=lambda: _choices("motive"))
    sanction = forms.ChoiceField(label=_("Sanction (after a conviction)"), choices=lambda: _choices("sanction"))
    civil_outcome = forms.ChoiceField(label=_("Civil outcome"), choices=lambda: _choices("civil_outcome"))
    perpetrator_gender = forms.ChoiceField(
        label=_("Perpetrator’s gender"), choices=lambda: _choices("perpetrator_gender")
    )
    survivor_gender = forms.ChoiceField(label=_("Survivor’s gender"), choices=lambda: _choices("survivor_gender"))
    relationship = forms.ChoiceField(
        label=_("Relationship to the perpetrator"), choices=lambda: _choices("relationship")
    )


MONTH_HELP = _("Year and month, for example 2025-01.")


class DraftForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [(c, codebook.label("country", c)) for c in foi.countries()]
    )
    institution_type = forms.ChoiceField(
        label=_("Type of institution"), choices=lambda: list(codebook_labels.INSTITUTION_TYPES.items())
    )
    institution = forms.CharField(label=_("Institution"), max_length=300)
    period_start = forms.RegexField(
        label=_("From (month)"), regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", help_text=MONTH_HELP
    )
    period_end = forms.RegexField(label=_("To (month)"), regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", help_text=MONTH_HELP)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data


class DateForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class AnswerForm(DateForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("answered", _("Answered")), ("partial", _("Partly answered")), ("refused", _("Refused"))],
    )
    summary = forms.CharField(label=_("Summary of the answer"), widget=forms.Textarea, required=False, max_length=5000)


class FigureForm(forms.Form):
    offence_local = forms.CharField(label=_("Offence as the institution names it"), max_length=300)
    offence = forms.ChoiceField(label=_("Offence (codebook)"), choices=lambda: _choices("offence"))
    mapping = forms.ChoiceField(
        label=_("How well the codebook offence fits"),
        choices=[("exact", _("exact")), ("close", _("close")), ("uncertain", _("uncertain"))],
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=lambda: _choices("stage"))
    unit = forms.ChoiceField(label=_("Unit"), choices=lambda: list(codebook_labels.UNITS.items()))
    count = forms.IntegerField(label=_("Number"), min_value=0)
    period_start = forms.RegexField(
        label=_("From (month)"), regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", help_text=MONTH_HELP
    )
    period_end = forms.RegexField(label=_("To (month)"), regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$", help_text=MONTH_HELP)
    locator = forms.CharField(label=_("Where in the answer (page, table, line)"), max_length=200)
