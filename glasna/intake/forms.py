"""The wizard's steps and the return-visit forms. Every answer is optional unless it makes no
sense without it (a phone number once "by phone" was chosen)."""

from typing import Any

from django import forms as dj
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from glasna.core.form_errors import COMMON
from glasna.core.text import clean_free_text, clean_identifier
from glasna.intake import taxonomy as t


class MultipleFileInput(dj.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(dj.FileField):
    widget = MultipleFileInput
    default_error_messages = COMMON

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(items) > settings.GLASNA_MAX_FILES_PER_REPORT:
            raise ValidationError(
                _("Please send at most %(count)d files at a time.") % {"count": settings.GLASNA_MAX_FILES_PER_REPORT}
            )
        return [item for item in items if item]


def _checkboxes(choices: list[tuple[str, Any]], label: Any) -> dj.MultipleChoiceField:
    return dj.MultipleChoiceField(
        choices=choices, widget=dj.CheckboxSelectMultiple, required=False, label=label, error_messages=COMMON
    )


def _radios(
    choices: list[tuple[str, Any]], label: Any, required: bool = False, initial: str | None = None
) -> dj.ChoiceField:
    return dj.ChoiceField(
        choices=choices, widget=dj.RadioSelect, required=required, label=label, initial=initial, error_messages=COMMON
    )


class FreeTextField(dj.CharField):
    default_error_messages = COMMON

    def clean(self, value: Any) -> str:
        return clean_free_text(super().clean(value) or "")


class IdentifierField(dj.CharField):
    default_error_messages = COMMON

    def clean(self, value: Any) -> str:
        return clean_identifier(super().clean(value) or "")


class WhatForm(dj.Form):
    title = _("What happened?")
    forms = _checkboxes(t.FORMS, _("Choose everything that fits. You can choose more than one."))
    narrative = FreeTextField(
        required=False,
        max_length=5000,
        widget=dj.Textarea(attrs={"rows": 5}),
        label=_("In your own words (optional)"),
        help_text=_("Write only what you want to share. You can add more later."),
    )


class WhereForm(dj.Form):
    title = _("Where did it happen?")
    platforms = _checkboxes(t.PLATFORMS, _("On which apps or websites?"))
    links = IdentifierField(
        required=False,
        max_length=2000,
        widget=dj.Textarea(attrs={"rows": 3}),
        label=_("Links, group or channel names (optional)"),
        help_text=_("For example the name of a Telegram group, or a link to a post. One per line."),
    )


class WhoForm(dj.Form):
    title = _("Who did it?")
    relationship = _radios(t.RELATIONSHIPS, _("Who is the person, or people, responsible?"))
    perpetrator = IdentifierField(
        required=False,
        max_length=500,
        label=_("Names, usernames or profiles you know (optional)"),
    )


class AboutForm(dj.Form):
    title = _("When, and about you")
    when = _radios(t.WHEN, _("When did it happen?"))
    country = _radios(t.COUNTRIES, _("Where do you live?"))
    age_band = _radios(t.AGE_BANDS, _("How old are you?"))
    gender = _radios(t.GENDERS, _("Your gender (optional)"))


class HelpForm(dj.Form):
    title = _("What help would you like?")
    help = _checkboxes(t.HELP, _("Choose everything you want. You can change your mind later."))


class ContactForm(dj.Form):
    title = _("How can we reach you?")
    contact_method = _radios(
        t.CONTACT_METHODS, _("How may the organisation contact you?"), required=True, initial="portal"
    )
    contact_value = IdentifierField(
        required=False,
        max_length=200,
        label=_("Phone number, e-mail address or Signal username"),
        help_text=_("Only if you chose phone, e-mail or Signal. Give a contact that is safe for you."),
    )
    consent_stats = _radios(
        t.STATS_CONSENT,
        _("May your answers (not your story, not your contact) be counted in anonymous statistics?"),
        required=True,
        initial="no",
    )
    consent_police = _radios(
        t.POLICE_CONSENT, _("May the organisation contact the police about this?"), required=True, initial="no"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact_method") not in (None, "", "portal") and not data.get("contact_value"):
            self.add_error(
                "contact_value",
                _("Please tell us where to reach you, or choose “only through this website”."),
            )
        if data.get("contact_method") == "portal":
            data["contact_value"] = ""
        return data


class FilesForm(dj.Form):
    title = _("Files and sending")
    # Django moves declared fields off the class, so this never shadows Form.files at run time.
    files = MultipleFileField(  # type: ignore[assignment]
        required=False,
        label=_("Screenshots, photos, videos or documents (optional)"),
        help_text=_("They are encrypted as soon as they arrive. Up to %(count)d files.")
        % {"count": settings.GLASNA_MAX_FILES_PER_REPORT},
    )


STEPS: list[type[dj.Form]] = [WhatForm, WhereForm, WhoForm, AboutForm, HelpForm, ContactForm, FilesForm]


class ReceiptForm(dj.Form):
    receipt = dj.CharField(
        max_length=64,
        label=_("Your receipt code"),
        error_messages=COMMON,
        widget=dj.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )


class ReplyForm(dj.Form):
    text = FreeTextField(
        required=False, max_length=5000, widget=dj.Textarea(attrs={"rows": 4}), label=_("Your message")
    )
    # Django moves declared fields off the class, so this never shadows Form.files at run time.
    files = MultipleFileField(required=False, label=_("Add files (optional)"))  # type: ignore[assignment]
