"""Core records: the hash-chained audit log."""

from django.db import models


class AuditEvent(models.Model):
    """Who did what to which object, when and from where. Each entry's hash covers the previous
    entry's hash, so deleting or editing one breaks the chain (`glasna verify_audit`)."""

    at = models.DateTimeField()
    actor = models.CharField(max_length=150)  # username, "survivor", or "system"
    organisation_id = models.IntegerField(null=True, db_index=True)
    action = models.CharField(max_length=64)
    target = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=64, blank=True)  # staff IP address; never a survivor's
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]


class AuditHead(models.Model):
    """A single row locked while appending, so concurrent writers chain in order."""

    last_hash = models.CharField(max_length=64)
