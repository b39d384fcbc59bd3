from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import COUNTRIES, OrganisationType, Role
from glasna.core.form_errors import COMMON
from glasna.intake.taxonomy import DONT_KNOW, HELP


class LoginForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        label=_("Username"),
        error_messages=COMMON,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        error_messages=COMMON,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=12,
        error_messages=COMMON,
        label=_("Six-digit code from your authenticator app"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _any(label: Any, choices: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the query string; every field is optional."""

    country = forms.ChoiceField(
        required=False, label=_("Country"), choices=_any(_("Any country"), COUNTRIES), error_messages=COMMON
    )
    org_type = forms.ChoiceField(
        required=False,
        label=_("Type"),
        choices=_any(_("Any type"), OrganisationType.choices),
        error_messages=COMMON,
    )
    service = forms.ChoiceField(
        required=False,
        label=_("Help offered"),
        choices=_any(_("Any help"), [(code, label) for code, label in HELP if code != DONT_KNOW]),
        error_messages=COMMON,
    )
    language = forms.ChoiceField(
        required=False, label=_("Language"), choices=_any(_("Any language"), settings.LANGUAGES), error_messages=COMMON
    )
    accepts_referrals = forms.ChoiceField(
        required=False,
        label=_("Accepts referrals"),
        choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No"))],
        error_messages=COMMON,
    )
    text = forms.CharField(
        required=False,
        max_length=100,
        label=_("Name, place or description"),
        error_messages=COMMON,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for directory.search (call after is_valid)."""
        data = self.cleaned_data
        referrals = {"yes": True, "no": False}.get(data.get("accepts_referrals") or "")
        return {
            "country": data.get("country") or None,
            "org_type": data.get("org_type") or None,
            "service": data.get("service") or None,
            "language": data.get("language") or None,
            "accepts_referrals": referrals,
            "text": data.get("text") or None,
        }


class AuditFilterForm(forms.Form):
    """The audit log's filters; the actor and action lists are those seen in this organisation."""

    actor = forms.ChoiceField(required=False, label=_("Who"), error_messages=COMMON)
    action = forms.ChoiceField(required=False, label=_("Action"), error_messages=COMMON)
    since = forms.DateField(
        required=False,
        label=_("From"),
        error_messages={**COMMON, "invalid": _("Please enter a date.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        required=False,
        label=_("Until"),
        error_messages={**COMMON, "invalid": _("Please enter a date.")},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, actors: list[str], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].choices = _any(_("Anyone"), [(a, a) for a in actors])  # type: ignore[attr-defined]
        self.fields["action"].choices = _any(_("Any action"), [(a, a) for a in actions])  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("This date is before the start date."))
        return data


class InviteForm(forms.Form):
    username = forms.CharField(max_length=150, label=_("Username"), error_messages=COMMON)
    email = forms.EmailField(
        required=False, label=_("E-mail (optional)"), error_messages={**COMMON, "invalid": _("Enter a valid e-mail.")}
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(value, label) for value, label in Role.choices if value != Role.PLATFORM_ADMIN],
        error_messages=COMMON,
    )


class JoinForm(forms.Form):
    """The invitee's password, checked by Django's password validators."""

    password = forms.CharField(
        label=_("Password"),
        error_messages=COMMON,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=_("Password again"),
        error_messages=COMMON,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, username: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.username = username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("again")
        if password and again and password != again:
            self.add_error("again", _("The two passwords differ."))
        elif password:
            try:
                password_validation.validate_password(password, get_user_model()(username=self.username))
            except ValidationError as error:
                self.add_error("password", error)
        return data


class PasswordChangeForm(JoinForm):
    """The new password is checked exactly as when she joined (JoinForm); the current one unlocks
    her key, so it is checked by the key ring, not here."""

    current = forms.CharField(
        label=_("Current password"),
        error_messages=COMMON,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "password", "again"]


class NewAuthenticatorForm(CodeForm):
    """Changing her second factor asks for everything a sign-in does: her password and a code,
    here from the new app (the old one was asked for by the step-up before the page opened)."""

    current = forms.CharField(
        label=_("Current password"),
        error_messages=COMMON,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "code"]
