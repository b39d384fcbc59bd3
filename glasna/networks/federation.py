"""Linkage across organisations and borders, without sharing cases (docs/networks.md).

Each space of the registry has one `Appearance`: a keyed pseudonym of the space (HMAC under the
linkage key), the organisation's countries and the first sighting. Organisations on one
installation are separate tenants; what one learns about another's spaces is computed from these
records alone: how many other organisations name the same space, in which countries, since when.
Never a case, a report, a survivor or the organisation's name.

A public space's canonical link joins the record only when the organisation chooses to share it
in clear (`share_in_clear`, recorded and audited); private identifiers (invite links, accounts)
only ever as the pseudonym. The same records, signed, are what installations exchange
(`export`, `receive` by file; peers.py over the network): the format is in docs/networks.md."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from glasna.accounts.models import Organisation, StaffMember
from glasna.core import audit
from glasna.core.crypto.server_keys import keyed_pseudonym, purpose_key
from glasna.networks import feed_choice, registry
from glasna.networks.identifiers import PRIVATE_KINDS, PRIVATE_PAGE, Identifier
from glasna.networks.models import Appearance, FeedShare, Space

FORMAT = "glasna-appearances/1"
_SIGNING_PURPOSE = "networks-appearances-ed25519"
_SIGNATURE_LABEL = b"glasna/appearances/1\n"


class FederationError(Exception):
    """A document or a change refused; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


class BadSignature(FederationError):
    """The signature does not verify under the sender's key."""


def linkage_key() -> bytes:
    """Installations that exchange records agree on one key (GLASNA_NETWORKS_LINKAGE_KEY, base64);
    alone, an installation derives its own from the instance key."""
    shared = getattr(settings, "GLASNA_NETWORKS_LINKAGE_KEY", "")
    return base64.b64decode(shared) if shared else purpose_key("networks/linkage")


def pseudonym(identifier: Identifier) -> str:
    """The same for every organisation naming the identifier, in any link form; not the identifier."""
    message = f"{identifier.platform}:{identifier.kind}:{identifier.value}".encode()
    return hmac.new(linkage_key(), message, hashlib.sha256).hexdigest()


def reporter(organisation_id: int) -> str:
    """Tells organisations apart in counts without naming them."""
    return keyed_pseudonym("networks/reporter", str(organisation_id))


def installation_name() -> str:
    return str(getattr(settings, "GLASNA_NETWORKS_INSTALLATION", "") or "glasna")


def record(space: Space, identifier: Identifier | None = None) -> Appearance | None:
    """The space's appearance, made on first need. A private space needs its identifier in hand
    (the registry keeps only an instance-keyed pseudonym of it); without, there is none yet. A
    private page never has one: it is case data, and other organisations never learn of it."""
    if space.identifier_kind == PRIVATE_PAGE:
        return None
    found = Appearance.objects.filter(space=space).first()
    if found is not None:
        return found
    if identifier is None:
        if space.identifier_kind in PRIVATE_KINDS:
            return None
        identifier = Identifier(space.platform, space.identifier_kind, space.identifier)
    appearance, _created = Appearance.objects.get_or_create(
        space=space,
        defaults={
            "organisation_id": space.organisation_id,
            "reporter": reporter(space.organisation_id),
            "platform": space.platform,
            "identifier_kind": space.identifier_kind,
            "pseudonym": pseudonym(identifier),
            "countries": _countries(space.organisation_id),
            "first_seen": space.first_seen,
        },
    )
    return appearance


def _countries(organisation_id: int) -> list[str]:
    countries = Organisation.objects.filter(pk=organisation_id).values_list("countries", flat=True).first()
    return sorted({str(c) for c in countries or []})


@dataclass(frozen=True)
class Elsewhere:
    """What an organisation learns about one of its spaces from the others."""

    organisations: int = 0
    countries: list[str] = field(default_factory=list)  # empty unless `detailed`
    since: dt.datetime | None = None  # None unless `detailed`
    detailed: bool = False


def elsewhere(spaces: Iterable[Space], detailed: bool | Callable[[Space], bool] = True) -> dict[int, Elsewhere]:
    """For each space: the other organisations (here and at installations that sent records) naming
    it. `detailed(space)` (or a bool) says whether countries and the first month may be shown."""
    spaces = list(spaces)
    mine = {a.space_id: a for a in Appearance.objects.filter(space__in=spaces)}
    for space in spaces:
        if space.pk not in mine:
            made = record(space)
            if made is not None:
                mine[space.pk] = made
    others: dict[tuple[str, str], list[Appearance]] = {}
    rows = Appearance.objects.filter(pseudonym__in={a.pseudonym for a in mine.values()}).only(
        "installation", "reporter", "platform", "pseudonym", "countries", "first_seen"
    )
    for row in rows:
        others.setdefault((row.platform, row.pseudonym), []).append(row)
    result: dict[int, Elsewhere] = {}
    for space in spaces:
        own = mine.get(space.pk)
        if own is None:
            result[space.pk] = Elsewhere()
            continue
        theirs = [
            r
            for r in others.get((own.platform, own.pseudonym), [])
            if (r.installation, r.reporter) != (own.installation, own.reporter)
        ]
        show = detailed(space) if callable(detailed) else bool(detailed)
        result[space.pk] = Elsewhere(
            organisations=len({(r.installation, r.reporter) for r in theirs}),
            countries=sorted({str(c) for r in theirs for c in r.countries}) if show else [],
            since=min((r.first_seen for r in theirs), default=None) if show else None,
            detailed=show,
        )
    return result


OVERVIEW_LIMIT = 500


def overview(organisation_id: int) -> list[Space]:
    """The organisation's spaces that other organisations also name, most named first (at most
    OVERVIEW_LIMIT), grouped in the database; its cost grows with the organisation's own registry
    (docs/performance.md), so it serves a page opened now and then, not every case page."""
    mine = Appearance.objects.filter(organisation_id=organisation_id, installation="")
    shared = (
        Appearance.objects.filter(pseudonym__in=mine.values("pseudonym"))
        .exclude(organisation_id=organisation_id, installation="")
        .values("platform", "pseudonym")
        .annotate(reporters=Count("reporter", distinct=True), since=Min("first_seen"))
        .order_by("-reporters", "since")[:OVERVIEW_LIMIT]
    )
    order = {(row["platform"], row["pseudonym"]): i for i, row in enumerate(shared)}
    found = mine.filter(pseudonym__in={p for _, p in order}).select_related("space")
    spaces = [a.space for a in found if a.space is not None and (a.platform, a.pseudonym) in order]
    return sorted(spaces, key=lambda s: order[(s.platform, s.appearance.pseudonym)])


def share_in_clear(staff: StaffMember, space: Space, share: bool) -> Appearance:
    """The organisation's choice, for one public space, to let its link leave in clear (platforms'
    API, exchanged records). Recorded (who, when) and audited; private identifiers never."""
    registry.check(staff, space)
    if space.identifier_kind in PRIVATE_KINDS:
        raise FederationError(_("A private invite link or an account is never shared in clear."))
    appearance = record(space)
    assert appearance is not None  # a public space always has one
    appearance.public_id = space.identifier if share else ""
    appearance.shared_by = staff if share else None
    appearance.shared_at = timezone.now() if share else None
    appearance.save(update_fields=["public_id", "shared_by", "shared_at"])
    audit.record(
        "networks.share_in_clear" if share else "networks.share_withdrawn",
        actor=staff.user.get_username(),
        target=f"space:{space.pk}",
        organisation_id=staff.organisation_id,
    )
    return appearance


# --- Records between installations ---------------------------------------------------------------


def signing_key() -> SigningKey:
    return SigningKey(purpose_key(_SIGNING_PURPOSE))


def public_key() -> str:
    return base64.b64encode(bytes(signing_key().verify_key)).decode()


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def export(organisation: Organisation | None = None) -> dict[str, Any]:
    """This installation's appearances (one organisation's, or all), signed with Ed25519."""
    return sign(
        {"format": FORMAT, "installation": installation_name(), "records": records(organisation)}, signing_key()
    )


def records(organisation: Organisation | None = None) -> list[dict[str, Any]]:
    """This installation's appearances (one organisation's, or all) as exchanged records, as each
    organisation chose (feed_choice.py): none of an organisation that chose to send nothing, and
    no link in clear of one that chose records without links."""
    choices = feed_choice.restricted()
    withheld = [org for org, share in choices.items() if share == FeedShare.NONE]
    without_links = {org for org, share in choices.items() if share == FeedShare.COUNTS_ONLY}
    rows = Appearance.objects.filter(installation="").exclude(organisation_id__in=withheld).order_by("pk")
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    found = []
    for row in rows:
        item = {
            "platform": row.platform,
            "kind": row.identifier_kind,
            "pseudonym": row.pseudonym,
            "reporter": row.reporter,
            "countries": row.countries,
            "first_seen": row.first_seen.date().isoformat(),
        }
        # What sharing in clear adds is the link alone: without it, a record is the pseudonym's.
        if row.public_id and row.organisation_id not in without_links:
            item["public_id"] = row.public_id
        found.append(item)
    return found


def sign(body: dict[str, Any], key: SigningKey) -> dict[str, Any]:
    """The document: the body and an Ed25519 signature over its canonical JSON."""
    signature = key.sign(_SIGNATURE_LABEL + _canonical(body)).signature
    return {**body, "signature": base64.b64encode(signature).decode()}


def verify(document: dict[str, Any], sender_key: str) -> list[dict[str, Any]]:
    """The records of a document signed by the installation whose public key is `sender_key`."""
    body = {k: v for k, v in document.items() if k != "signature"}
    try:
        VerifyKey(base64.b64decode(sender_key)).verify(
            _SIGNATURE_LABEL + _canonical(body), base64.b64decode(str(document.get("signature", "")))
        )
    except (BadSignatureError, ValueError) as error:
        raise BadSignature(_("The signature of these records does not verify.")) from error
    if body.get("format") != FORMAT or not isinstance(body.get("records"), list):
        raise FederationError(_("These records are not in a format this installation reads."))
    return list(body["records"])


def receive(document: dict[str, Any], sender_key: str) -> int:
    """Store another installation's records (replacing what it sent before); returns how many."""
    return store(str(document.get("installation", "")), verify(document, sender_key))


def store(sender: str, records: list[dict[str, Any]]) -> int:
    """Replace what `sender` sent before by these (verified) records; returns how many."""
    sender = sender[:100]
    if not sender or sender == installation_name():
        raise FederationError(_("These records name no other installation."))
    try:
        stored = [_received(sender, item) for item in records]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise FederationError(_("These records are not in a format this installation reads.")) from error
    incoming = {_row_key(a): a for a in stored}
    with transaction.atomic():
        # Only what changed is written: a peer's hourly feed is mostly what it sent last time, and
        # rewriting it whole would hold the (SQLite) write lock for a minute at 200,000 records.
        before = {row[1:4]: row for row in Appearance.objects.filter(installation=sender).values_list("pk", *_COMPARED)}
        kept = {key for key, row in before.items() if key in incoming and row[1:] == _fields(incoming[key])}
        stale = [row[0] for key, row in before.items() if key not in kept]
        for start in range(0, len(stale), 500):
            Appearance.objects.filter(pk__in=stale[start : start + 500]).delete()
        Appearance.objects.bulk_create([a for key, a in incoming.items() if key not in kept], batch_size=2000)
    return len(stored)


_COMPARED = ("reporter", "platform", "pseudonym", "identifier_kind", "countries", "first_seen", "public_id")


def _row_key(row: Appearance) -> tuple[str, str, str]:
    return (row.reporter, row.platform, row.pseudonym)


def _fields(row: Appearance) -> tuple[Any, ...]:
    return tuple(getattr(row, name) for name in _COMPARED)


def _received(sender: str, item: dict[str, Any]) -> Appearance:
    kind = str(item["kind"])
    public_id = "" if kind in PRIVATE_KINDS else str(item.get("public_id", ""))[:2100]
    return Appearance(
        installation=sender,
        reporter=str(item["reporter"])[:64],
        platform=str(item["platform"])[:32],
        identifier_kind=kind[:16],
        pseudonym=str(item["pseudonym"])[:64],
        countries=sorted({str(c)[:2] for c in item.get("countries", [])}),
        first_seen=dt.datetime.combine(dt.date.fromisoformat(str(item["first_seen"])), dt.time(), tzinfo=dt.UTC),
        public_id=public_id,
    )
