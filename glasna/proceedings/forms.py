"""Forms of the proceedings room: a new proceeding, a step, the details, items given, a breach."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation
from glasna.core.form_errors import COMMON
from glasna.intake.forms import FreeTextField
from glasna.law import knowledge
from glasna.law.labels import JURISDICTIONS
from glasna.proceedings import institutions
from glasna.proceedings.models import Kind, Outcome, StepKind

_DATE_ERRORS = {**COMMON, "invalid": _("Please enter a valid date.")}


def _date_field(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), error_messages=_DATE_ERRORS, **kwargs
    )


def _not_future(value: Any) -> Any:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date cannot be in the future."))
    return value


def _jurisdictions() -> list[tuple[str, str]]:
    codes = [j.code for j in knowledge.cached().jurisdictions.values() if j.kind != "supranational"]
    return [(code, str(JURISDICTIONS.get(code, code))) for code in codes]


class ProceedingForm(forms.Form):
    prefix = "proceeding"
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Kind of proceeding"), error_messages=COMMON)
    institution_type = forms.ChoiceField(label=_("Institution type"), error_messages=COMMON)
    institution_name = FreeTextField(max_length=300, label=_("Institution (staff only, encrypted)"))
    institution_org = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=_("Institution in the directory"), error_messages=COMMON
    )
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), error_messages=COMMON)
    learnt_on = _date_field(
        required=False,
        label=_("When the survivor learnt of the offence and who committed it"),
        validators=[_not_future],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution_type"].choices = institutions.choices()  # type: ignore[attr-defined]
        self.fields["jurisdiction"].choices = _jurisdictions()  # type: ignore[attr-defined]
        entries = Organisation.objects.filter(org_type__in=institutions.DIRECTORY_TYPES).order_by("name")
        self.fields["institution_org"].choices = [("", _("Not in the directory"))] + [  # type: ignore[attr-defined]
            (entry.pk, entry.name) for entry in entries
        ]


class StepForm(forms.Form):
    prefix = "step"
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=StepKind.choices, label=_("Step"), error_messages=COMMON)
    on = _date_field(label=_("Date"), validators=[_not_future])


class DetailsForm(forms.Form):
    prefix = "details"
    version = forms.IntegerField(widget=forms.HiddenInput)
    offence_provision = forms.ChoiceField(required=False, label=_("Offence as charged (law knowledge base)"))
    offence_text = FreeTextField(
        max_length=500, required=False, label=_("Offence as charged, in words (staff only, encrypted)")
    )
    outcome = forms.ChoiceField(choices=Outcome.choices, required=False, label=_("Outcome"), error_messages=COMMON)
    sanction = FreeTextField(max_length=500, required=False, label=_("Sanction (staff only, encrypted)"))
    order_terms = FreeTextField(
        max_length=2000, required=False, label=_("Terms of the protection order (staff only, encrypted)")
    )
    order_from = _date_field(required=False, label=_("Order in force from"))
    order_until = _date_field(required=False, label=_("Order in force until"))

    def __init__(self, *args: Any, jurisdiction: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provisions = knowledge.cached().provisions_for(jurisdiction)
        choices: list[tuple[str, Any]] = [("", _("Not chosen"))]
        choices += [(p.id, f"{p.code} {p.article or ''} — {p.title.en}") for p in provisions]
        self.fields["offence_provision"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("order_from"), data.get("order_until")
        if start and end and end < start:
            raise forms.ValidationError(_("The order cannot end before it starts."))
        return data


class GiveForm(forms.Form):
    prefix = "give"
    version = forms.IntegerField(widget=forms.HiddenInput)
    items = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label=_("Evidence items given"), error_messages=COMMON
    )
    given_on = _date_field(label=_("Given on"), validators=[_not_future])

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items  # type: ignore[attr-defined]


class BreachForm(forms.Form):
    prefix = "breach"
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = _date_field(label=_("Date of the breach"), validators=[_not_future])
    description = FreeTextField(max_length=2000, label=_("What happened (staff only, encrypted)"))
    items = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, required=False, label=_("Evidence of the breach")
    )
    reported_on = _date_field(
        required=False, label=_("Reported to the police on (empty if not yet)"), validators=[_not_future]
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        on, reported_on = data.get("on"), data.get("reported_on")
        if on and reported_on and reported_on < on:
            raise forms.ValidationError(_("A breach cannot be reported before it happened."))
        return data


class BreachReportedForm(forms.Form):
    """A breach recorded earlier: reported to the police since, or she chose not to report it."""

    prefix = "reported"
    version = forms.IntegerField(widget=forms.HiddenInput)
    breach = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("reported", _("Reported to the police")), ("not_reporting", _("She chose not to report it"))],
        widget=forms.RadioSelect,
        label=_("Her decision"),
        error_messages=COMMON,
    )
    reported_on = _date_field(required=False, label=_("Reported on"), validators=[_not_future])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reported" and not data.get("reported_on"):
            self.add_error("reported_on", _("Give the date it was reported."))
        return data


def _days(label: Any, required: bool) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=730, required=required, label=label, error_messages=COMMON)


class SilenceSettingsForm(forms.Form):
    prefix = "silence"
    police_days = _days(_("Police: days without an answer"), True)
    prosecutor_days = _days(_("Prosecutor: days without an answer"), True)
    court_days = _days(_("Court: days without an answer (empty: no reminder)"), False)
    ombudsperson_days = _days(_("Ombudsperson: days without an answer (empty: no reminder)"), False)
    data_protection_days = _days(_("Data-protection authority: days without an answer (empty: no reminder)"), False)
