"""Hash banks, the hashes in them, the platforms that match against them, and sightings.

A hash is linked to a report and its case, never to a name. Hashes are stored in clear: they are
what platforms receive (as on StopNCII.org), and a PDQ hash does not let anyone rebuild the image.
A withdrawn hash keeps its value and nothing else (the links are cleared) so that the exchange can
tell every platform that received it to delete it."""

import uuid

from django.db import models


class SignalType(models.TextChoices):
    PDQ = "pdq", "PDQ"
    VPDQ_FRAME = "vpdq_frame", "vPDQ frame"
    VIDEO_MD5 = "video_md5", "Video MD5"


class Source(models.TextChoices):
    SURVIVOR_DEVICE = "survivor_device", "Hashed on the survivor's device"
    STAFF = "staff", "Hashed on the server by staff"


class HashBank(models.Model):
    name = models.SlugField(max_length=64, unique=True)
    description = models.CharField(max_length=200, blank=True)
    threshold = models.PositiveSmallIntegerField(default=31)  # PDQ match radius in bits
    created_at = models.DateTimeField(auto_now_add=True)


class Platform(models.Model):
    """A content service provider allowed to fetch and match hashes; authenticates with a token."""

    key = models.SlugField(max_length=32, unique=True)  # the intake taxonomy's platform key where one exists
    name = models.CharField(max_length=120)
    token_digest = models.CharField(max_length=64, unique=True)  # SHA-256 of the token; the token is never stored
    banks = models.ManyToManyField(HashBank, related_name="platforms", blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Submission(models.Model):
    """One sending of hashes, with the consent scope the survivor chose for all of them."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the case number platforms see
    every_platform = models.BooleanField(default=False)  # also platforms that join later
    platforms = models.ManyToManyField(Platform, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class HashEntry(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="entries")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the case number platforms see
    bank = models.ForeignKey(HashBank, on_delete=models.PROTECT, related_name="entries")
    report = models.ForeignKey("intake.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    signal_type = models.CharField(max_length=16, choices=SignalType.choices)
    hash_value = models.CharField(max_length=64, db_index=True)  # lowercase hex
    quality = models.PositiveSmallIntegerField(null=True)
    media_index = models.PositiveSmallIntegerField(default=0)
    media_type = models.CharField(max_length=8, default="image")
    frame_ts = models.FloatField(null=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Exchange checkpoint: set on every change from a counter that grows with commit order.
    change_seq = models.BigIntegerField(db_index=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["bank", "change_seq"])]


class ChangeCounter(models.Model):
    """One row; locked while a change is written so sequence order is commit order."""

    last = models.BigIntegerField(default=0)


class Sighting(models.Model):
    """A platform saw a survivor's image again: a match on lookup, or feedback on a fetched hash."""

    MATCH, FEEDBACK = "match", "feedback"
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.CASCADE, related_name="sightings")
    entry = models.ForeignKey(HashEntry, null=True, on_delete=models.SET_NULL, related_name="sightings")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="sightings")
    kind = models.CharField(max_length=16, choices=[(MATCH, MATCH), (FEEDBACK, FEEDBACK)])
    distance = models.PositiveSmallIntegerField(null=True)
    feedback = models.CharField(max_length=32, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)
    seen_by_staff = models.BooleanField(default=False)

    class Meta:
        ordering = ["-seen_at", "-id"]


class PlatformToken(models.Model):
    """A token an organisation administrator created for a platform (matching/tokens.py), scoped
    to some of that platform's banks. Shown once; only its SHA-256 digest is kept."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="tokens")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey("accounts.StaffMember", null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField(max_length=150)  # kept when the member's account is gone
    label = models.CharField(max_length=80)
    token_digest = models.CharField(max_length=64, unique=True)
    banks = models.ManyToManyField(HashBank, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
