"""Defences against hostile Unicode in what people type.

Direction overrides (the "Trojan Source" characters) can make a link or a name display as
something else; zero-width characters can hide inside identifiers. Identifiers (links, handles,
phone numbers, e-mail addresses) refuse both; free text keeps joiners (emoji need them) but
refuses direction overrides and control characters."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_ALLOWED_CONTROLS = set("\n\t")


def _controls(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS and ch != "\r" for ch in value)


def clean_free_text(value: str) -> str:
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    if any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _(
                "This text contains invisible characters that change the direction of writing. Please remove them or retype the text."
            ),
            code="bidi",
        )
    if _controls(value):
        raise ValidationError(_("This text contains invisible control characters. Please retype it."), code="control")
    return value.strip()


def clean_identifier(value: str) -> str:
    value = unicodedata.normalize("NFC", value)
    if any(ch in BIDI_CONTROLS or ch in ZERO_WIDTH for ch in value):
        raise ValidationError(
            _(
                "This contains hidden characters (zero-width or direction marks) that could disguise it. Please retype it."
            ),
            code="invisible",
        )
    if _controls(value.replace("\n", "").replace("\r", "")):
        raise ValidationError(_("This text contains invisible control characters. Please retype it."), code="control")
    return value.strip()


def strip_invisible(value: str) -> str:
    return "".join(
        ch
        for ch in unicodedata.normalize("NFC", value)
        if ch not in BIDI_CONTROLS and ch not in ZERO_WIDTH and unicodedata.category(ch) != "Cc"
    )
