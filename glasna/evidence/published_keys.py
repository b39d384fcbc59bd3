"""The custody log's public keys as an organisation publishes them, so that a verifier can pin the key
out of band (DESIGN.md): the current key and every key that signed a tree head, with when.

One log serves every organisation of an instance, so every organisation publishes the same key. The
witness keys are published beside it: each organisation's (which cosigns this installation's log) and
the installation's own (which cosigns other installations' logs), so that a court can tell which
cosignatures in a bundle come from whom, and which are independent of the log's operator."""

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse

from glasna.accounts.models import Organisation
from glasna.evidence import log_key, verify_bundle, witness
from glasna.evidence.models import TreeHead

FORMAT = "glasna-log-keys-v1"


@dataclass(frozen=True)
class PublishedKey:
    public_key: bytes
    first_signed: datetime | None  # the first tree head it signed; None: it has signed none yet
    last_signed: datetime | None
    current: bool  # the key this instance signs with today

    @property
    def fingerprint(self) -> str:
        return verify_bundle.fingerprint(self.public_key)

    @property
    def hex(self) -> str:
        return self.public_key.hex()

    @property
    def base64(self) -> str:
        return base64.b64encode(self.public_key).decode("ascii")

    def as_dict(self) -> dict[str, Any]:
        return {
            "public_key_hex": self.hex,
            "public_key_base64": self.base64,
            "fingerprint": self.fingerprint,
            "from": self.first_signed.isoformat() if self.first_signed else None,
            "until": None if self.current or self.last_signed is None else self.last_signed.isoformat(),
            "current": self.current,
        }


def _at(timestamp_ms: int | None) -> datetime | None:
    return None if timestamp_ms is None else datetime.fromtimestamp(timestamp_ms / 1000, tz=UTC)


def key_history() -> list[PublishedKey]:
    """Today's key (even before its first head), then every earlier key that signed a head, newest first."""
    current = log_key.public_key()
    rows = (
        TreeHead.objects.exclude(public_key=b"")
        .values("public_key")
        .annotate(first=Min("timestamp_ms"), last=Max("timestamp_ms"))
    )
    keys = [
        PublishedKey(bytes(row["public_key"]), _at(row["first"]), _at(row["last"]), bytes(row["public_key"]) == current)
        for row in rows
    ]
    if not any(key.current for key in keys):
        keys.append(PublishedKey(current, None, None, True))
    return sorted(keys, key=lambda k: (not k.current, -(k.last_signed.timestamp() if k.last_signed else 0)))


@dataclass(frozen=True)
class PublishedWitness:
    name: str  # the organisation, or "" for the installation's own witness
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        return verify_bundle.fingerprint(self.public_key)

    @property
    def hex(self) -> str:
        return self.public_key.hex()

    def as_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.name or None,
            "installation": settings.GLASNA_SITE_URL,
            "witnesses": "this installation's log" if self.name else "other installations' logs",
            "public_key_hex": self.hex,
            "fingerprint": self.fingerprint,
        }


def witnesses() -> list[PublishedWitness]:
    """Each organisation's witness key, then the installation's."""
    keys = [
        PublishedWitness(org.name, witness.witness_public_key(witness.organisation_witness(org.slug)))
        for org in organisations()
    ]
    return [*keys, PublishedWitness("", witness.witness_public_key())]


def current_key() -> PublishedKey:
    return next(key for key in key_history() if key.current)


def organisations() -> list[Organisation]:
    return list(Organisation.objects.order_by("name"))


def page_url() -> str:
    """The public page where the keys are published (in the active language), as a full address."""
    return settings.GLASNA_SITE_URL.rstrip("/") + reverse("evidence:keys")


def published() -> dict[str, Any]:
    """The JSON document: the keys with their history, and the organisations that sign with them."""
    history = key_history()
    current = next(key for key in history if key.current)
    return {
        "format": FORMAT,
        "site": settings.GLASNA_SITE_URL,
        "fingerprint_definition": "SHA-256 of the 32-byte Ed25519 public key, hex in groups of four",
        "keys": [key.as_dict() for key in history],
        "organisations": [
            {"name": org.name, "slug": org.slug, "log_key_fingerprint": current.fingerprint} for org in organisations()
        ],
        "witnesses": [each.as_dict() for each in witnesses()],
    }
