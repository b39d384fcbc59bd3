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


class AuditCheckpoint(models.Model):
    """The last position of the audit chain found intact (a single row, pk=1), so that page views
    verify only the entries after it. `seal` is an HMAC under a key derived from the instance key
    over every other field: a checkpoint moved or rewritten in the database no longer opens."""

    event_id = models.BigIntegerField()  # 0: nothing verified yet
    entry_hash = models.CharField(max_length=64)
    full_check_at = models.DateTimeField(null=True)
    full_check_problems = models.JSONField(default=list)  # what the last full check found
    seal = models.CharField(max_length=64)


class OutboxJob(models.Model):
    """A background job written in the same transaction as the change it follows from, so that a
    committed change always has its job, whether or not the broker answered (core/outbox.py)."""

    task = models.CharField(max_length=200)  # dotted path of a huey task
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True)  # last handed to the broker
    done_at = models.DateTimeField(null=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["done_at", "enqueued_at"], name="core_outbox_pending")]
