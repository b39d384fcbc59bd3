"""Evidence items and the custody log as stored.

What is in clear: ids, the kind of item, who added it (survivor, or the staff username), when, the
SHA-256 of the exact bytes (needed to prove integrity; it reveals nothing of the content) and the
log itself. Everything the survivor told or captured (title, URL, platform, account, excerpt, file
name, EXIF, PDQ) is encrypted under the item's own key, which is encrypted under the report's data
key, exactly as intake attachments are (intake/sealing.py)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models import Case


class ItemKind(models.TextChoices):
    FILE = "file", _("File")
    URL = "url", _("Web address (URL)")
    TEXT = "text", _("Text excerpt")


class EvidenceItem(models.Model):
    SURVIVOR, ORGANISATION = "survivor", "organisation"
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_items")
    # The report whose data key opens this item; withdrawal or retention deletes the item with it.
    report = models.ForeignKey("intake.Report", on_delete=models.CASCADE, related_name="evidence_items")
    kind = models.CharField(max_length=8, choices=ItemKind.choices)
    added_by = models.CharField(max_length=16, choices=[(SURVIVOR, SURVIVOR), (ORGANISATION, ORGANISATION)])
    added_by_staff = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A salted commitment to the item record (custody_log.commitment): the SHA-256 of the bytes is inside
    # the encrypted record, since a bare hash in clear would let anyone holding a copy of an image confirm
    # that it was reported.
    commitment = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derivatives"
    )
    source_attachment_id = models.UUIDField(null=True, blank=True)  # imported from an intake attachment
    blob_name = models.CharField(max_length=200, blank=True)  # chunked stream (core/crypto/streams.py)
    item_key = models.BinaryField()  # the item's own key, under the report's data key
    details = models.BinaryField()  # JSON record, under the item key

    class Meta:
        ordering = ["created_at", "id"]


class EvidenceNote(models.Model):
    """An annotation by staff; the text is encrypted under the case's staff-notes key (never the survivor's)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="notes")
    author = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    body = models.BinaryField()


class CustodyEntry(models.Model):
    """One leaf of the instance's custody log. `entry` holds the exact bytes hashed into the tree:
    codes, ids, hashes and commitments only, never survivor content."""

    index = models.PositiveBigIntegerField(unique=True)
    entry = models.BinaryField()
    leaf_hash = models.BinaryField()
    item_id = models.UUIDField(db_index=True)  # kept even after the item is erased: the log is append-only
    case_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=32)
    ref = models.CharField(max_length=64, blank=True, db_index=True)  # e.g. "referral:12", to avoid duplicates
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["index"]


class CustodyHead(models.Model):
    """A single row, locked while appending, so concurrent appends get consecutive indexes."""

    size = models.PositiveBigIntegerField(default=0)


class TreeHead(models.Model):
    tree_size = models.PositiveBigIntegerField()
    timestamp_ms = models.PositiveBigIntegerField()
    root_hash = models.BinaryField()
    signature = models.BinaryField()
    # The Ed25519 public key that signed it: the published key history (published_keys.py) is read from
    # here. Empty for a head signed before this was kept by a key other than today's (migration 0003).
    public_key = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tree_size", "-id"]


class TreeHeadStamp(models.Model):
    """An RFC 3161 token over SHA-256 of a tree head's signed payload."""

    tree_head = models.ForeignKey(TreeHead, on_delete=models.CASCADE, related_name="stamps")
    tsa_url = models.CharField(max_length=300)
    token = models.BinaryField()
    gen_time = models.DateTimeField()
    serial_number = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)


class WitnessedLog(models.Model):
    """What a witness of this instance last saw of a log: the newest head it cosigned. `witness` is ""
    for the installation's witness (of other installations' logs) or "org:SLUG" for an organisation's
    witness of this installation's own log (witness.py)."""

    witness = models.CharField(max_length=80, default="")
    log_public_key = models.BinaryField()
    log_key_hex = models.CharField(max_length=64)
    tree_size = models.PositiveBigIntegerField()
    timestamp_ms = models.PositiveBigIntegerField()
    root_hash = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["witness", "log_key_hex"], name="one_view_per_witness_and_log")]


class WitnessRefusal(models.Model):
    """A head the witness refused to cosign, and why (witness.Refused.reason): kept as evidence of a fork
    or a rewritten log."""

    witness = models.CharField(max_length=80, default="")
    log_key_hex = models.CharField(max_length=64, db_index=True)
    reason = models.CharField(max_length=32)
    tree_size = models.PositiveBigIntegerField()
    root_hash = models.BinaryField()
    seen_tree_size = models.PositiveBigIntegerField(null=True)
    seen_root_hash = models.BinaryField(null=True)
    head = models.JSONField()  # the signed head as received
    created_at = models.DateTimeField(auto_now_add=True)


class HeadCosignature(models.Model):
    """A witness's cosignature of one of this log's signed heads, checked before it was kept: by an
    organisation of this installation (cosigning.py) or collected from another installation's witness."""

    tree_head = models.ForeignKey(TreeHead, on_delete=models.CASCADE, related_name="cosignatures")
    witness_public_key = models.BinaryField()
    witness_key_hex = models.CharField(max_length=64)
    signature = models.BinaryField()
    witness_name = models.CharField(max_length=200)  # an organisation's name, or the witness's site
    installation = models.CharField(max_length=300)  # the site the witness runs on (GLASNA_SITE_URL or its URL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tree_head", "witness_key_hex"], name="one_cosignature_per_witness")
        ]


class IssuedCosignature(models.Model):
    """A cosignature this installation's witness made of another installation's head, published at
    /evidence/cosignatures.json for that log to collect."""

    log_key_hex = models.CharField(max_length=64, db_index=True)
    tree_size = models.PositiveBigIntegerField()
    head = models.JSONField()  # SignedTreeHead.to_dict()
    signature = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class ForkAlarm(models.Model):
    """Two heads of one log, both signed by its key, of the same size with different roots: the log showed
    different histories to different people. Raised by a witness or by the log itself (fork_alarm.py)."""

    log_key_hex = models.CharField(max_length=64)
    tree_size = models.PositiveBigIntegerField()
    root_hash = models.BinaryField()  # the head seen first
    other_root_hash = models.BinaryField()
    source = models.CharField(max_length=300)  # who saw it: a witness id, or the URL the other head came from
    created_at = models.DateTimeField(auto_now_add=True)
