"""Normalising what names a perpetrator: phone numbers, e-mail addresses and accounts on Telegram,
Instagram, TikTok, Facebook and Viber, so that two survivors who write the same person differently
name the same value (the escrow matches on it: networks/ESCROW.md).

A pure function, no database: `normalise_perpetrator(kind, raw, region)` returns a
`PerpetratorIdentifier` or raises `InvalidIdentifier` with a translated message.

Decisions (docs/networks.md):
- Phone numbers: E.164 with `phonenumbers`; a number written without its country code is read in
  `region` (the case's country); numbers `phonenumbers` does not consider valid are refused, since
  a typo would otherwise never match.
- Viber accounts are phone numbers: a Viber entry is read as a phone number and matches one.
- E-mail addresses: trimmed, NFKC, lower case, the domain in IDNA form. No provider-specific rules
  (Gmail's dots and "+tags"): they are the provider's to change, and a wrong fold would make two
  people one.
- Accounts reuse the registry's normaliser (identifiers.normalise with account=True): links,
  @names, confusables and letter case are handled once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from glasna.networks.identifiers import ACCOUNT, NUMERIC_ID, InvalidIdentifier, normalise

PHONE = "phone"
EMAIL = "email"
HANDLE_PLATFORMS = ("telegram", "instagram", "tiktok", "facebook")
KINDS = (PHONE, EMAIL, *HANDLE_PLATFORMS, "viber")
# What a form offers, in KINDS' order; platform names are not translated.
KIND_CHOICES = [
    (PHONE, _("Phone number")),
    (EMAIL, _("E-mail address")),
    ("telegram", "Telegram"),
    ("instagram", "Instagram"),
    ("tiktok", "TikTok"),
    ("facebook", "Facebook"),
    ("viber", "Viber"),
]


def kind_label(kind: str) -> str:
    return str(dict(KIND_CHOICES).get(kind, kind))


@dataclass(frozen=True)
class PerpetratorIdentifier:
    kind: str  # phone, email or a platform of HANDLE_PLATFORMS
    value: str  # E.164, a lower-case address, or the canonical account name or number

    def canonical(self) -> bytes:
        """The OPRF's input: kind and value, so that a name on two platforms is two inputs."""
        return f"{self.kind}:{self.value}".encode()


def normalise_phone(raw: str, region: str = "") -> str:
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier(
            _("This is not a phone number we can read: write it with its country code, such as +389.")
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier(
            _("This is not a phone number we can read: write it with its country code, such as +389.")
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def normalise_email(raw: str) -> str:
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    local, at, domain = text.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidIdentifier(_("This is not an e-mail address.")) from exc
    address = f"{local}{at}{domain}"
    try:
        validate_email(address)
    except ValidationError as exc:
        raise InvalidIdentifier(_("This is not an e-mail address.")) from exc
    return address


def normalise_perpetrator(kind: str, raw: str, region: str = "") -> PerpetratorIdentifier:
    """The canonical identifier of `raw` as a `kind`; `region` (ISO 3166 code) reads national
    phone numbers."""
    if kind in (PHONE, "viber"):
        return PerpetratorIdentifier(PHONE, normalise_phone(raw, region))
    if kind == EMAIL:
        return PerpetratorIdentifier(EMAIL, normalise_email(raw))
    if kind not in HANDLE_PLATFORMS:
        raise InvalidIdentifier(_("Say which platform this name or number is on."))
    text = str(raw).strip()
    if "/" not in text and ":" not in text and not text.startswith("@") and not text.isdigit():
        text = "@" + text  # a bare name with a dot ("first.last") is a name here, not a website
    found = normalise(text, platform_hint=kind, account=True)
    if found.platform != kind or found.kind not in (ACCOUNT, NUMERIC_ID):
        raise InvalidIdentifier(_("This is not a valid account name on this platform."))
    return PerpetratorIdentifier(kind, found.value)
