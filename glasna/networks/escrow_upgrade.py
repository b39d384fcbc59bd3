"""Moving escrow entries made under the first OPRF (edwards25519, glasna/core/crypto/oprf.py) to
RFC 9497's ristretto255-SHA512 (docs/decisions/0008-oprf-ristretto255.md, ESCROW.md "Migration").

Nobody holds an old entry's identifier, so old entries cannot be re-keyed in bulk. The request that
makes a new entry holds its identifier for a moment: it evaluates the old OPRF as well, finds the
live old entries under that identifier's old match key, and moves each onto the new line (same
entry key and details; new match key, survivor tag, share and context). From then on the moved
entry counts, matches and is told exactly as a new one would be."""

from __future__ import annotations

import json

from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto import oprf, oprf_ristretto255, shamir
from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt
from glasna.networks.escrow_lines import Line, context, line_for, share_x, survivor_name, survivor_tag, wrapping_key
from glasna.networks.models import EscrowEntry

LEGACY_SUITE = oprf.SUITE.decode()
CURRENT_SUITE = oprf_ristretto255.SUITE.decode()


def legacy_output(data: bytes) -> bytes:
    """The first OPRF's output for `data`, run as it ran then (blind, evaluate, finalize)."""
    blinded = oprf.blind(data)
    return oprf.finalize(data, blinded.blind, oprf.evaluate(oprf.server_key(), blinded.element))


def upgrade_legacy_entries(data: bytes, line: Line) -> int:
    """Move every live old entry naming `data` onto `line` (its current line); returns how many.
    Runs inside the caller's transaction, and locks the rows it moves."""
    live = EscrowEntry.objects.filter(oprf_suite=LEGACY_SUITE, withdrawn_at__isnull=True)
    if not live.exists():  # once none is left, the old OPRF is never run again
        return 0
    old = line_for(legacy_output(data), len(line.coefficients))
    entries = live.select_for_update().filter(match_key=old.match_key).order_by("pk")
    return sum(_move(entry, old, line) for entry in entries)


def _move(entry: EscrowEntry, old: Line, new: Line) -> bool:
    old_context = context(entry.match_key, entry.share_x)
    try:
        entry_key = decrypt(wrapping_key(old.coefficients[0]), bytes(entry.wrapped_key or b""), old_context)
        details = json.loads(decrypt(entry_key, bytes(entry.sealed_details or b""), old_context))
    except DecryptionError:  # a damaged row stays as it was, sealed, never guessed at
        return False
    # Her tag on the new line comes from her report, as a new entry's does: her old entry and a new
    # one of hers stay one point, one survivor.
    case = Case.objects.filter(pk=int(str(details["case"])), organisation=entry.organisation).first()
    tag = survivor_tag(new, survivor_name(case) if case is not None else f"case:{details['case']}")
    x, y = shamir.share_on(new.coefficients, share_x(tag))
    new_context = context(new.match_key, str(x))
    entry.match_key = new.match_key
    entry.survivor_tag = tag
    entry.share_x, entry.share_y = str(x), str(y)
    entry.wrapped_key = encrypt(wrapping_key(new.coefficients[0]), entry_key, new_context)
    entry.sealed_details = encrypt(entry_key, json.dumps(details).encode(), new_context)
    entry.oprf_suite = CURRENT_SUITE
    entry.save(
        update_fields=["match_key", "survivor_tag", "share_x", "share_y", "wrapped_key", "sealed_details", "oprf_suite"]
    )
    audit.record(
        "networks.escrow.upgraded", actor="system", organisation_id=entry.organisation_id, target=f"entry:{entry.pk}"
    )
    return True
