from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.core.form_errors import COMMON


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
