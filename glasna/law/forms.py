"""The public "know your rights" form: the facts a visitor types in. Nothing from it is stored."""

import datetime as dt
from typing import Any

from django import forms as dj
from django.utils.translation import gettext_lazy as _

from glasna.core.form_errors import COMMON
from glasna.intake import taxonomy as t
from glasna.law.facts import FORM_ELEMENTS, Facts

DATE_ERRORS = {**COMMON, "invalid": _("Please write the date as YYYY-MM-DD, for example 2026-03-31.")}
PERPETRATOR_COUNTRIES = [*t.COUNTRIES[:-2], ("other", _("Another country")), (t.DONT_KNOW, _("I don't know"))]


class FactsForm(dj.Form):
    forms = dj.MultipleChoiceField(
        choices=[(code, label) for code, label in t.FORMS if code in FORM_ELEMENTS],
        widget=dj.CheckboxSelectMultiple,
        label=_("What happened? Choose everything that fits."),
        error_messages=COMMON,
    )
    country = dj.ChoiceField(
        choices=t.COUNTRIES, widget=dj.RadioSelect, label=_("Where do you live?"), error_messages=COMMON
    )
    perpetrator_country = dj.ChoiceField(
        choices=PERPETRATOR_COUNTRIES,
        widget=dj.RadioSelect,
        label=_("Where does the person responsible live?"),
        required=False,
        error_messages=COMMON,
    )
    age_band = dj.ChoiceField(
        choices=t.AGE_BANDS, widget=dj.RadioSelect, label=_("How old are you?"), error_messages=COMMON
    )
    relationship = dj.ChoiceField(
        choices=t.RELATIONSHIPS,
        widget=dj.RadioSelect,
        label=_("Who is the person responsible?"),
        required=False,
        error_messages=COMMON,
    )
    platforms = dj.MultipleChoiceField(
        choices=t.PLATFORMS,
        widget=dj.CheckboxSelectMultiple,
        label=_("On which apps or websites?"),
        required=False,
        error_messages=COMMON,
    )
    happened_on = dj.DateField(
        label=_("When did it happen? (the first day, if it went on)"),
        required=False,
        widget=dj.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    learnt_on = dj.DateField(
        label=_("When did you find out about it?"),
        required=False,
        widget=dj.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()

    def _not_future(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and value > self.today:
            raise dj.ValidationError(_("This date is in the future. Please check it."))
        return value

    def clean_happened_on(self) -> dt.date | None:
        return self._not_future("happened_on")

    def clean_learnt_on(self) -> dt.date | None:
        return self._not_future("learnt_on")

    def facts(self) -> Facts:
        data = self.cleaned_data
        perpetrator = data.get("perpetrator_country") or None
        return Facts(
            forms=tuple(data["forms"]),
            age_band=data["age_band"],
            relationship=data.get("relationship") or "",
            survivor_country=data["country"],
            perpetrator_country=None if perpetrator == t.DONT_KNOW else perpetrator,
            platforms=tuple(p for p in data.get("platforms") or () if p != t.DONT_KNOW),
            happened_on=data.get("happened_on"),
            learnt_on=data.get("learnt_on"),
            today=self.today,
        )
