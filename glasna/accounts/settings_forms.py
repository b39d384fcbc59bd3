"""Forms of the organisation settings page, the password reset page and the operator console."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import COUNTRIES, Organisation, OrganisationType
from glasna.core.form_errors import COMMON
from glasna.matching.models import HashBank, Platform

EMAIL = {**COMMON, "invalid": _("Enter a valid e-mail.")}


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Days a closed case is kept before it is erased"),
        error_messages={**COMMON, "invalid": _("Enter a whole number of days.")},
    )


class DirectoryEntryForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    municipalities = forms.CharField(
        label=_("Municipalities served, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken with survivors"),
        required=False,
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(label=_("Phone"), max_length=64, required=False)
    public_email = forms.EmailField(label=_("Public e-mail"), required=False, error_messages=EMAIL)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    website = forms.URLField(
        label=_("Website"), required=False, error_messages={**COMMON, "invalid": _("Enter a valid web address.")}
    )
    accepts_referrals = forms.BooleanField(label=_("We accept referrals from other organisations"), required=False)

    @classmethod
    def for_organisation(cls, organisation: Organisation) -> "DirectoryEntryForm":
        initial = {field: getattr(organisation, field) for field in cls.base_fields}
        initial["municipalities"] = "\n".join(organisation.municipalities)
        return cls(initial=initial)

    def clean_municipalities(self) -> list[str]:
        lines = self.cleaned_data.get("municipalities", "").splitlines()
        return [line.strip() for line in lines if line.strip()]


class MailIdentityForm(forms.Form):
    notice_reply_to = forms.EmailField(
        label=_("Reply-To address of takedown notices"), required=False, error_messages=EMAIL
    )


class TokenForm(forms.Form):
    label = forms.CharField(label=_("Name of the token"), max_length=80, error_messages=COMMON)
    platform = forms.ModelChoiceField(
        label=_("Platform"), queryset=Platform.objects.filter(active=True).order_by("name"), error_messages=COMMON
    )
    banks = forms.ModelMultipleChoiceField(
        label=_("Hash banks it may see"),
        queryset=HashBank.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=COMMON,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].label_from_instance = lambda platform: platform.name  # type: ignore[attr-defined]
        self.fields["banks"].label_from_instance = lambda bank: bank.name  # type: ignore[attr-defined]


class OrganisationForm(forms.Form):
    """What the operator gives to create an organisation (accounts/founding.py)."""

    slug = forms.SlugField(label=_("Short name in addresses (letters, digits, hyphens)"), error_messages=COMMON)
    name = forms.CharField(label=_("Name"), max_length=200, error_messages=COMMON)
    org_type = forms.ChoiceField(label=_("Type"), choices=OrganisationType.choices, error_messages=COMMON)
    countries = forms.MultipleChoiceField(
        label=_("Countries served"), choices=COUNTRIES, widget=forms.CheckboxSelectMultiple, error_messages=COMMON
    )
    language = forms.ChoiceField(label=_("Language of notices"), choices=settings.LANGUAGES, initial="en")
    admin_username = forms.CharField(label=_("First administrator's username"), max_length=150, error_messages=COMMON)
    admin_email = forms.EmailField(
        label=_("First administrator's e-mail (optional)"), required=False, error_messages=EMAIL
    )
