"""This installation as a witness of other installations' logs (GLASNA_WITNESS_LOGS).

On a schedule (tasks.witness_peers) it fetches each log's /evidence/tree-heads.json through the
SSRF-safe client, with ?from=SIZE when it has cosigned a head of that log before, checks the log key
against the one configured, and cosigns the newest head with the installation's witness key when it
extends what it saw (witness.cosign refuses and records anything else). Any two heads of one size
with different roots signed by the log, in the document or against what it saw, raise the fork alarm.
Its cosignatures are published at /evidence/cosignatures.json for the logs to collect."""

from typing import Any

from django.conf import settings

from glasna.evidence import cosigning, fork_alarm, verify_bundle, witness
from glasna.evidence.models import IssuedCosignature, WitnessedLog
from glasna.evidence.tree_heads import MalformedTreeHead, SignedTreeHead, verify_tree_head

PUBLISHED = 50


def witness_log(url: str, log_key: str) -> IssuedCosignature:
    """Fetch the log's heads at url and cosign its newest. Raises cosigning.FetchFailed (unreachable,
    not the document, another key) or witness.Refused (recorded; a fork also alarmed)."""
    pin = verify_bundle.parse_key(log_key)
    document = cosigning.fetch_json(url)
    log = _log_key_of(document, url)
    if not verify_bundle.pins(pin, log):
        raise cosigning.FetchFailed(f"{url}: the log key is not the one configured")
    seen = WitnessedLog.objects.filter(witness="", log_key_hex=log.hex()).first()
    if seen is not None and _heads(document) and _heads(document)[0]["tree_size"] > seen.tree_size:
        separator = "&" if "?" in url else "?"
        document = cosigning.fetch_json(f"{url}{separator}from={seen.tree_size}")
        if _log_key_of(document, url) != log:
            raise cosigning.FetchFailed(f"{url}: the log key changed between two requests")
    heads = _heads(document)
    if not heads:
        raise cosigning.FetchFailed(f"{url}: no signed head yet")
    _look_for_forks(log, heads, url)
    consistency = document.get("consistency") or {}
    try:
        proof = [bytes.fromhex(h) for h in consistency.get("proof", [])]
    except (TypeError, ValueError, AttributeError) as error:
        raise cosigning.FetchFailed(f"{url}: unreadable consistency proof") from error
    cosignature = witness.cosign(log, heads[0], proof)
    # Ed25519 is deterministic: a head cosigned again (nothing new since) gives the same row, not another.
    issued, _ = IssuedCosignature.objects.get_or_create(
        log_key_hex=log.hex(),
        tree_size=heads[0]["tree_size"],
        signature=cosignature.signature,
        defaults={"head": heads[0]},
    )
    return issued


def _log_key_of(document: Any, url: str) -> bytes:
    try:
        if document.get("format") != "glasna-tree-heads-v1":
            raise ValueError
        key = bytes.fromhex(document["log_public_key"])
    except (AttributeError, KeyError, TypeError, ValueError) as error:
        raise cosigning.FetchFailed(f"{url}: not a tree-heads document") from error
    if len(key) != 32:
        raise cosigning.FetchFailed(f"{url}: not a tree-heads document")
    return key


def _heads(document: dict[str, Any]) -> list[dict[str, Any]]:
    heads = document.get("heads")
    return (
        [h for h in heads if isinstance(h, dict) and isinstance(h.get("tree_size"), int)]
        if isinstance(heads, list)
        else []
    )


def _look_for_forks(log: bytes, heads: list[dict[str, Any]], url: str) -> None:
    """Two signed heads of one size with different roots, in the document or against the head seen."""
    seen = WitnessedLog.objects.filter(witness="", log_key_hex=log.hex()).first()
    roots: dict[int, bytes] = {seen.tree_size: bytes(seen.root_hash)} if seen is not None else {}
    for data in heads:
        try:
            head = SignedTreeHead.from_dict(data)
        except MalformedTreeHead:
            continue
        if not verify_tree_head(log, head):
            continue
        known = roots.setdefault(head.tree_size, head.root_hash)
        if known != head.root_hash:
            fork_alarm.raise_alarm(log.hex(), head.tree_size, known, head.root_hash, url)


def published(log_key_hex: str | None = None) -> dict[str, Any]:
    """The public document of this witness's cosignatures (/evidence/cosignatures.json[?log=HEX])."""
    rows = IssuedCosignature.objects.order_by("-id")
    if log_key_hex:
        rows = rows.filter(log_key_hex=log_key_hex.lower())
    public = witness.witness_public_key()
    return {
        "format": cosigning.COSIGNATURES_FORMAT,
        "site": settings.GLASNA_SITE_URL,
        "witness_public_key": public.hex(),
        "witness_fingerprint": verify_bundle.fingerprint(public),
        "cosignatures": [
            {"log_public_key": row.log_key_hex, "tree_head": row.head, "signature": bytes(row.signature).hex()}
            for row in rows[:PUBLISHED]
        ],
    }


def run_configured() -> dict[str, list[str]]:
    """Witness every configured log and collect from every configured witness; what happened, per URL."""
    report: dict[str, list[str]] = {"witnessed": [], "collected": [], "failed": []}
    for url, key in settings.GLASNA_WITNESS_LOGS:
        try:
            issued = witness_log(url, key)
            report["witnessed"].append(f"{url}: cosigned size {issued.tree_size}")
        except (cosigning.FetchFailed, witness.Refused, verify_bundle.UsageError) as error:
            report["failed"].append(f"{url}: {error}")
    for url, key in settings.GLASNA_WITNESSES:
        try:
            report["collected"].append(f"{url}: {cosigning.collect(url, key)} new")
        except (cosigning.FetchFailed, verify_bundle.UsageError) as error:
            report["failed"].append(f"{url}: {error}")
    return report
