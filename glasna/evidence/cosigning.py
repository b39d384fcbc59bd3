"""Cosignatures of this installation's own signed tree heads: made by its organisations' witnesses,
collected from other installations' witnesses, and carried in bundles (docs/evidence.md, "Witnesses").

Each organisation of the installation has its own witness key and view of the log (witness.py): after
a head is signed (a job) and at every export, each cosigns the head once it has checked it extends the
last head it cosigned. Witnesses on other installations fetch /evidence/tree-heads.json themselves and
publish their cosignatures at their own /evidence/cosignatures.json; `collect` fetches those back
(through core/outbound.py), keeps the ones that verify over a head this log signed, and raises the fork
alarm when a witness was shown a head of one of our sizes with another root."""

import json
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from glasna.accounts.models import Organisation
from glasna.core import outbound
from glasna.evidence import custody_log, fork_alarm, log_key, merkle, verify_bundle, witness
from glasna.evidence.models import HeadCosignature, TreeHead, WitnessedLog
from glasna.evidence.tree_heads import MalformedTreeHead, SignedTreeHead, verify_tree_head

logger = logging.getLogger(__name__)
COSIGNATURES_FORMAT = "glasna-cosignatures-v1"
READ_LIMIT = 2 << 20
BUNDLE_WITNESS_HEADS = 10  # at most this many cosigned heads in a bundle (one per witness, the largest)


def cosign_locally(head: TreeHead) -> list[HeadCosignature]:
    """Every organisation's witness cosigns `head` of this log, if it extends what that witness saw.
    A head older than the one a witness already cosigned (jobs may run out of order) is skipped."""
    log = log_key.public_key()
    if bytes(head.public_key) not in (b"", log):
        return []  # signed by an earlier key: its witnesses saw it then, or never
    signed = custody_log.to_signed(head)
    leaves: list[bytes] | None = None
    kept = []
    for organisation in Organisation.objects.order_by("pk"):
        who = witness.organisation_witness(organisation.slug)
        seen = WitnessedLog.objects.filter(witness=who, log_key_hex=log.hex()).first()
        if seen is not None and seen.tree_size > head.tree_size:
            continue
        if leaves is None:
            leaves = custody_log.leaf_hashes(head.tree_size)
        proof = merkle.consistency_proof(leaves, seen.tree_size) if seen is not None else []
        try:
            cosignature = witness.cosign(log, signed.to_dict(), proof, who)
        except witness.Refused as refused:
            logger.warning("witness %s refused head %s: %s", who, head.tree_size, refused)
            continue
        kept.append(_keep(head, cosignature, organisation.name, settings.GLASNA_SITE_URL))
    return kept


def _keep(head: TreeHead, cosignature: witness.Cosignature, name: str, installation: str) -> HeadCosignature:
    row, _ = HeadCosignature.objects.update_or_create(
        tree_head=head,
        witness_key_hex=cosignature.witness_public_key.hex(),
        defaults={
            "witness_public_key": cosignature.witness_public_key,
            "signature": cosignature.signature,
            "witness_name": name[:200],
            "installation": installation[:300],
        },
    )
    return row


class FetchFailed(Exception):
    """A configured peer could not be reached or answered something that is not its document."""


def fetch_json(url: str) -> Any:
    """GET a peer's public JSON document through the SSRF-safe client (core/outbound.py)."""
    try:
        response = outbound.request(url, timeout=10, read_limit=READ_LIMIT, headers={"Accept": "application/json"})
    except (outbound.Refused, OSError, ValueError) as error:
        raise FetchFailed(f"{url}: {error}") from error
    except Exception as error:  # http.client.HTTPException and kin: a broken peer is not our failure
        raise FetchFailed(f"{url}: {error!r}") from error
    if response.status != 200:
        raise FetchFailed(f"{url}: HTTP {response.status}")
    try:
        return json.loads(response.body)
    except ValueError as error:
        raise FetchFailed(f"{url}: not JSON") from error


def collect(url: str, witness_key: str) -> int:
    """Fetch the cosignatures a witness on another installation published of this log (its
    /evidence/cosignatures.json), and keep those that verify. Returns how many were new."""
    pin = verify_bundle.parse_key(witness_key)
    log = log_key.public_key()
    separator = "&" if "?" in url else "?"
    document = fetch_json(f"{url}{separator}log={log.hex()}")
    try:
        if document["format"] != COSIGNATURES_FORMAT:
            raise FetchFailed(f"{url}: not a cosignatures document")
        witness_public = bytes.fromhex(document["witness_public_key"])
        entries = list(document["cosignatures"])
        site = str(document.get("site") or url)
    except (KeyError, TypeError, ValueError) as error:
        raise FetchFailed(f"{url}: not a cosignatures document") from error
    if not verify_bundle.pins(pin, witness_public):
        raise FetchFailed(f"{url}: its witness key is not the one configured")
    new = 0
    for entry in entries:
        new += _collect_one(entry, log, witness_public, site, url)
    return new


def _collect_one(entry: Any, log: bytes, witness_public: bytes, site: str, url: str) -> int:
    try:
        if entry["log_public_key"] != log.hex():
            return 0
        head = SignedTreeHead.from_dict(entry["tree_head"])
        signature = bytes.fromhex(entry["signature"])
    except (KeyError, TypeError, ValueError, MalformedTreeHead):
        return 0
    if not verify_tree_head(log, head):
        return 0  # not a head of ours: nothing to learn from it
    ours = TreeHead.objects.filter(tree_size=head.tree_size, public_key=log).first()
    if ours is None:
        return 0
    if bytes(ours.root_hash) != head.root_hash:
        # Our key signed another head of this size, and a witness was shown it: a fork (or a stolen key).
        fork_alarm.raise_alarm(log.hex(), head.tree_size, bytes(ours.root_hash), head.root_hash, url)
        return 0
    cosignature = witness.Cosignature(witness_public, signature)
    if not witness.verify_cosignature(log, head, cosignature):
        logger.warning("a cosignature from %s does not verify over head %s", url, head.tree_size)
        return 0
    created = not HeadCosignature.objects.filter(tree_head=ours, witness_key_hex=witness_public.hex()).exists()
    _keep(ours, cosignature, site, site)
    return int(created)


def bundle_section(head: TreeHead, first: int, exclude: Iterable[bytes] = ()) -> list[dict[str, Any]]:
    """The cosigned heads a bundle carries: for each witness (not the exporting organisation's own),
    its largest cosigned head of this log from the one holding event `first` up to the bundle's head,
    with a consistency proof to the bundle's head."""
    skip = {key.hex() for key in exclude}
    rows = (
        HeadCosignature.objects.filter(
            tree_head__tree_size__gt=first,
            tree_head__tree_size__lte=head.tree_size,
            tree_head__public_key=bytes(head.public_key),
        )
        .exclude(witness_key_hex__in=skip)
        .select_related("tree_head")
        .order_by("-tree_head__tree_size", "witness_key_hex")
    )
    best: dict[str, HeadCosignature] = {}
    for row in rows:
        best.setdefault(row.witness_key_hex, row)
    by_head: dict[int, list[HeadCosignature]] = {}
    for row in best.values():
        by_head.setdefault(row.tree_head_id, []).append(row)
    leaves = custody_log.leaf_hashes(head.tree_size)
    section = []
    for group in sorted(by_head.values(), key=lambda g: -g[0].tree_head.tree_size)[:BUNDLE_WITNESS_HEADS]:
        cosigned = group[0].tree_head
        section.append(
            {
                "tree_head": custody_log.to_signed(cosigned).to_dict(),
                "consistency_proof": [h.hex() for h in merkle.consistency_proof(leaves, cosigned.tree_size)],
                "cosignatures": [
                    {
                        "witness_public_key": row.witness_key_hex,
                        "signature": bytes(row.signature).hex(),
                        "witness": row.witness_name,
                        "installation": row.installation,
                    }
                    for row in sorted(group, key=lambda r: r.witness_key_hex)
                ],
            }
        )
    return section
