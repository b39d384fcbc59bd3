"""Reports as stored: ciphertext, plus coarse categories in clear only with consent."""

import uuid

from django.conf import settings
from django.db import models

from glasna.accounts.models import Organisation


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports")
    received_on = models.DateField()  # the day only: the hour adds risk and no help
    receipt_lookup = models.BinaryField(unique=True)
    org_key_version = models.PositiveIntegerField()
    data_key_for_org = models.BinaryField()  # sealed to the organisation's public key
    data_key_for_receipt = models.BinaryField()  # encrypted under the receipt-derived key
    payload = models.BinaryField()  # the answers, encrypted under the data key
    # Coarse facts for statistics, stored in clear ONLY when the survivor agreed (stats_consent).
    stats_consent = models.BooleanField(default=False)
    stat_country = models.CharField(max_length=16, blank=True)
    stat_forms = models.JSONField(default=list)
    stat_platforms = models.JSONField(default=list)
    stat_age_band = models.CharField(max_length=16, blank=True)


class Attachment(models.Model):
    SURVIVOR, ORGANISATION = "survivor", "organisation"
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    added_by = models.CharField(max_length=16, choices=[(SURVIVOR, SURVIVOR), (ORGANISATION, ORGANISATION)])
    blob_name = models.CharField(max_length=200)
    file_key = models.BinaryField()  # the file's own key, encrypted under the report's data key
    meta = models.BinaryField()  # name, type, size and SHA-256, encrypted under the data key
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Message(models.Model):
    SURVIVOR, ORGANISATION = "survivor", "organisation"
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=16, choices=[(SURVIVOR, SURVIVOR), (ORGANISATION, ORGANISATION)])
    staff_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    body = models.BinaryField()  # encrypted under the report's data key
    created_at = models.DateTimeField(auto_now_add=True)
    read_by_organisation = models.BooleanField(default=False)
    read_by_survivor = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]


class SubmissionMarker(models.Model):
    """One per submitted wizard: a replayed final step finds its marker and creates nothing."""

    digest = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(auto_now_add=True)
