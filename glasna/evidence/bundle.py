"""Export bundles: one ZIP a prosecutor can verify offline (docs/evidence.md describes the format).

    manifest.json        items (record + salt + custody indexes + file path), hashes of the other files
    manifest.sig         Ed25519 over b"glasna-bundle-v1\\n" + manifest.json, hex
    custody.json         the signed tree head, every custody event of the items with its inclusion
                         proof, stamped earlier heads with consistency proofs to this one, and the
                         heads other organisations' witnesses cosigned, with their cosignatures
    originals/…          the original files, byte for byte
    timestamps/…         RFC 3161 tokens (.tsr) and, when configured, the TSA's CA certificate
    report.pdf           the human-readable report, in the chosen language
    verify.py            the offline verifier (Python standard library only)
    README.txt           how to verify

Exporting is itself a custody event on every item, appended before the head is signed, so the
bundle proves its own export."""

import hashlib
import json
import logging
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.core import audit
from glasna.evidence import (
    cosigning,
    custody_log,
    log_key,
    merkle,
    published_keys,
    report_pdf,
    services,
    vault,
    witness,
)
from glasna.evidence.custody_log import Action
from glasna.evidence.models import CustodyEntry, TreeHead, TreeHeadStamp

logger = logging.getLogger(__name__)
FORMAT = "glasna-evidence-bundle-v1"
BUNDLE_SIG_LABEL = b"glasna-bundle-v1\n"
MAX_STAMPED_HEADS = 5  # the most recent stamped heads are enough to anchor the log in time
_EXT = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "application/zip": "zip",
    "text/plain": "txt",
}
README = """Glasna evidence bundle
======================

report.pdf explains every item, how it was captured, its SHA-256 hash and its custody history.

To check that nothing in this bundle was changed since it was exported, on any computer with
Python 3.10 or newer (no internet needed, nothing to install):

    python3 verify.py --key "FINGERPRINT"

in this folder, or `python3 verify.py BUNDLE.zip --key "FINGERPRINT"`, where FINGERPRINT is the
organisation's published log key fingerprint (report.pdf and the verifier say where it is
published). Without --key the verifier can only say that the bundle is internally consistent:
anyone can sign a bundle with a key of their own. Give the time-stamping authority's certificate
with `--tsa-ca FILE`. Every item is reported VERIFIED or ALTERED, with what exactly was altered.
The verifier also checks staff notes and the survivor's own files against the custody log, that no
event of the bundle's items was left out (completeness), and lists events that no time-stamp covers
("no independent time").
The verifier reports in the language the bundle was exported in; `--lang LL` chooses another
(sq, mk, sr, sr-latn, bs, hr, cnr, en).
Exit status: 0 verified, 1 altered or signed by another key, 2 usage error, 3 consistent but no
key given.
"""


class NothingToExport(Exception):
    """No item was chosen, or none of the chosen ones belongs to the case."""


class TimeStampUnavailable(Exception):
    """The TSA did not stamp the export's tree head in time (GLASNA_TSA_EXPORT_TIMEOUT); nothing was
    exported or logged. The person may export again without a time-stamp, explicitly."""


def _stamp_export_head(head: TreeHead) -> None:
    from glasna.evidence.tasks import stamp_now
    from glasna.evidence.timestamping import TimestampError

    if TreeHeadStamp.objects.filter(tree_head=head).exists():
        return
    try:
        stamp_now(head.pk, settings.GLASNA_TSA_URL, settings.GLASNA_TSA_EXPORT_TIMEOUT)
    except TimestampError as error:
        logger.warning("time-stamping the export's tree head %s failed: %s", head.pk, error)
        raise TimeStampUnavailable from error


def _stamped_heads(head: TreeHead) -> list[tuple[TreeHead, TreeHeadStamp]]:
    stamps = (
        TreeHeadStamp.objects.filter(tree_head__tree_size__lte=head.tree_size)
        .select_related("tree_head")
        .order_by("-tree_head__tree_size", "-id")[:MAX_STAMPED_HEADS]
    )
    return [(stamp.tree_head, stamp) for stamp in reversed(list(stamps))]


def submitted_attachments(views: list[services.ItemView]) -> list[UUID]:
    """The intake attachments whose `submitted` events the items refer to (their first custody event)."""
    return [UUID(view.record["submission"]["attachment"]) for view in views if view.record.get("submission")]


def _note(note: dict[str, Any]) -> dict[str, Any]:
    """A staff note as the bundle discloses it: with the salt of its `annotated` entry's commitment (none
    for notes written before they were committed to, which verify.py reports as not in the log)."""
    return {
        "id": note["id"],
        "author": note["author"],
        "at": note["at"].isoformat(timespec="seconds"),
        "text": note["text"],
        "salt": note["salt"].hex() if note["salt"] else "",
    }


def _completeness(head: TreeHead, leaves: list[bytes], entries: list[Any]) -> dict[str, Any]:
    """What shows that the bundle lists every event of its items: every other entry from the items' first
    event to the head (exact bytes: codes, ids and commitments of other cases, never content), the roots
    tiling the log before it, and a consistency proof from the earliest signed head that holds that first
    event to the bundle's head (docs/evidence.md, "Completeness")."""
    first = entries[0].index if entries else head.tree_size
    listed = {entry.index for entry in entries}
    others = CustodyEntry.objects.filter(index__gte=first, index__lt=head.tree_size).exclude(index__in=listed)
    earliest = (
        TreeHead.objects.filter(tree_size__gt=first, tree_size__lte=head.tree_size, public_key=bytes(head.public_key))
        .order_by("tree_size", "id")
        .first()
    ) or head
    return {
        "first": first,
        "prefix_frontier": [h.hex() for h in merkle.prefix_frontier(leaves, first)],
        "other_entries": [bytes(entry.entry).decode("ascii") for entry in others.order_by("index")],
        "earliest_head": custody_log.to_signed(earliest).to_dict(),
        "consistency_proof": [h.hex() for h in merkle.consistency_proof(leaves, earliest.tree_size)],
    }


def export(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    item_ids: list[UUID] | None,
    language: str,
    request: HttpRequest | None = None,
    time_stamp: bool = True,
) -> IO[bytes]:
    """Build the bundle into a temporary file (originals are streamed in) and return it, at offset 0.

    With a TSA configured, the export's own tree head is stamped before the bundle is built, so every
    event in it has an independent time; when the TSA does not answer, TimeStampUnavailable is raised
    and the export events are rolled back, unless `time_stamp` is False (the person's explicit choice)."""
    case = services._staff_case(staff, case_id)
    data_key = services._report_key(case, org_keys)
    items = list(case.evidence_items.all())
    if item_ids is not None:
        wanted = {str(i) for i in item_ids}
        items = [item for item in items if str(item.pk) in wanted]
    if not items:
        raise NothingToExport
    export_id = uuid.uuid4()
    actor = staff.user.get_username()
    # One transaction: when the TSA is down, the export did not happen and leaves no events. Appends wait
    # on the log's row lock meanwhile, for at most GLASNA_TSA_EXPORT_TIMEOUT.
    with transaction.atomic():
        for item in items:
            custody_log.append(Action.EXPORTED, item.pk, actor, case.pk, ref=f"export:{export_id}", language=language)
        head = custody_log.sign_head()
        if settings.GLASNA_TSA_URL and time_stamp:
            _stamp_export_head(head)
    # The other organisations' witnesses cosign the export's head now, so that the bundle carries them. A
    # database error here (the job cosigning the same head at the same moment) must not stop the export.
    try:
        with transaction.atomic():
            cosigning.cosign_locally(head)
    except DatabaseError:
        logger.warning("the witnesses could not cosign the export's head %s now", head.pk, exc_info=True)
    audit.record(
        "evidence.exported",
        actor=actor,
        target=f"case:{case.pk} items:{len(items)}" + ("" if time_stamp else " without-time-stamp"),
        organisation_id=staff.organisation_id,
        request=request,
    )
    keys = {item.pk: vault.item_key(item, data_key) for item in items}
    staff_notes_key = services.notes_key(case, org_keys)
    views = [services._view(item, keys[item.pk], staff_notes_key) for item in items]
    leaves = custody_log.leaf_hashes(head.tree_size)
    log_ids = [item.pk for item in items] + submitted_attachments(views)
    entries = custody_log.entries_for(log_ids, head.tree_size)
    by_item: dict[str, list[int]] = {}
    for entry in entries:
        by_item.setdefault(str(entry.item_id), []).append(entry.index)

    sink = tempfile.TemporaryFile(prefix="glasna-bundle-")
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files: dict[str, str] = {}

        def put(name: str, data: bytes) -> None:
            archive.writestr(name, data)
            files[name] = hashlib.sha256(data).hexdigest()

        manifest_items = []
        for view in views:
            item = view.item
            path = ""
            if item.blob_name:
                path = f"originals/{item.pk}.{_EXT.get(view.record.get('content_type', ''), 'bin')}"
                with archive.open(path, "w", force_zip64=True) as out:
                    for chunk in vault.file_chunks(item, keys[item.pk]):
                        out.write(chunk)
            manifest_items.append(
                {
                    "id": str(item.pk),
                    "path": path,
                    "record": view.record,
                    "salt": view.salt,
                    "custody": by_item.get(str(item.pk), []),
                    "notes": [_note(note) for note in view.notes],
                }
            )
        stamped_entries: list[dict[str, Any]] = []
        custody: dict[str, Any] = {
            "tree_head": custody_log.to_signed(head).to_dict(),
            "entries": [
                {
                    "index": entry.index,
                    "entry": bytes(entry.entry).decode("ascii"),
                    "proof": [h.hex() for h in merkle.inclusion_proof(leaves, entry.index)],
                }
                for entry in entries
            ],
            "stamped_heads": stamped_entries,
            "completeness": _completeness(head, leaves, entries),
            # Not the exporting organisation's own witness: it is no independent witness of its own export.
            "witnesses": cosigning.bundle_section(
                head,
                entries[0].index if entries else head.tree_size,
                exclude=[witness.witness_public_key(witness.organisation_witness(case.organisation.slug))],
            ),
        }
        stamped = _stamped_heads(head)
        for old_head, stamp in stamped:
            token_path = f"timestamps/sth-{old_head.tree_size}-{stamp.serial_number}.tsr"
            put(token_path, bytes(stamp.token))
            stamped_entries.append(
                {
                    "tree_head": custody_log.to_signed(old_head).to_dict(),
                    "token_path": token_path,
                    "tsa_url": stamp.tsa_url,
                    "gen_time": stamp.gen_time.isoformat(),
                    "consistency_proof": [h.hex() for h in merkle.consistency_proof(leaves, old_head.tree_size)],
                }
            )
        ca_file = Path(settings.GLASNA_TSA_CA_FILE) if settings.GLASNA_TSA_CA_FILE else None
        if stamped and ca_file is not None:
            if ca_file.is_file():
                put("timestamps/tsa-ca.pem", ca_file.read_bytes())
            else:  # a misconfiguration must not stop an export; the verifier reports the signature unchecked
                logger.warning("GLASNA_TSA_CA_FILE %s is not a readable file; bundle exported without it", ca_file)
        put("custody.json", json.dumps(custody, indent=1, ensure_ascii=False).encode())
        with translation.override(language):
            published_at = published_keys.page_url()
            pdf = report_pdf.render(
                case, views, head, stamped, services.history(log_ids), language, custody["witnesses"]
            )
        put("report.pdf", pdf)
        put("verify.py", Path(__file__).with_name("verify_bundle.py").read_bytes())
        put("README.txt", README.encode())
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "language": language,
            "case": case.pk,
            "organisation": case.organisation.name,
            "log": {
                "public_key": log_key.public_key().hex(),
                "fingerprint": log_key.fingerprint(),
                "published_at": published_at,
            },
            "items": manifest_items,
            "files": files,
        }
        manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.sig", log_key.sign_detached(BUNDLE_SIG_LABEL, manifest_bytes).hex() + "\n")
    sink.seek(0)
    return sink
