"""The observatory's records: case facts in codebook terms, official figures, FOI requests.

Nothing here is survivor content: a statistical record holds coarse codes only, exists only with
the survivor's statistics consent, and is deleted with the report when she withdraws it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticalRecord(models.Model):
    # CASCADE: withdrawing the report (intake.services.withdraw deletes it) deletes this record.
    report = models.OneToOneField("intake.Report", on_delete=models.CASCADE, related_name="statistical_record")
    month = models.DateField()  # the first day of the month the report arrived: never the day
    country = models.CharField(max_length=16, default="unknown")
    age_band = models.CharField(max_length=16, default="unknown")
    survivor_gender = models.CharField(max_length=16, default="unknown")
    forms = models.JSONField(default=list)
    platforms = models.JSONField(default=list)
    relationship = models.CharField(max_length=16, default="unknown")
    perpetrator_gender = models.CharField(max_length=16, default="unknown")
    motive = models.CharField(max_length=32, default="unknown")
    offence = models.CharField(max_length=32, default="unknown")
    stage = models.CharField(max_length=16, default="reported")
    stage_month = models.DateField(null=True, blank=True)  # when the current stage was reached
    sanction = models.CharField(max_length=32, default="unknown")
    civil_outcome = models.CharField(max_length=16, default="unknown")


class OfficialFigure(models.Model):
    """One published figure from an institution, as the import format describes it
    (docs/observatory.md). Shown as published: institutions' aggregates are not disclosure-controlled."""

    dataset = models.CharField(max_length=64, db_index=True)
    source = models.CharField(max_length=500)
    locator = models.CharField(max_length=200)
    foi_request = models.ForeignKey("FOIRequest", null=True, blank=True, on_delete=models.SET_NULL)
    jurisdiction = models.CharField(max_length=8)
    institution_type = models.CharField(max_length=32)
    institution = models.CharField(max_length=300)
    period_start = models.CharField(max_length=7, blank=True)  # YYYY-MM, empty when not stated
    period_end = models.CharField(max_length=7, blank=True)
    offence_local = models.CharField(max_length=300)
    offence = models.CharField(max_length=32)
    mapping = models.CharField(max_length=16)
    stage = models.CharField(max_length=16)
    unit = models.CharField(max_length=16)
    count = models.PositiveIntegerField(null=True)  # null when not stated
    status = models.CharField(max_length=16)
    is_total = models.BooleanField(default=False)
    dimension = models.CharField(max_length=32, blank=True)
    category = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["dataset", "id"]


class FOIStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, awaiting answer")
    ANSWERED = "answered", _("Answered")
    PARTIAL = "partial", _("Partly answered")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class FOIRequest(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="foi_requests")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    country = models.CharField(max_length=8)
    institution_type = models.CharField(max_length=32)
    institution = models.CharField(max_length=300)
    period_start = models.CharField(max_length=7)
    period_end = models.CharField(max_length=7)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=FOIStatus.choices, default=FOIStatus.DRAFT)
    sent_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    deadline_basis = models.CharField(max_length=200, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    answer_summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class FOIEvent(models.Model):
    request = models.ForeignKey(FOIRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=150)
    kind = models.CharField(max_length=32)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at"]


class RecordCount(models.Model):
    """How many statistical records of a month hold a value of a published dimension: the
    dashboard and the open-data API are built from these, not from a million records
    (aggregates.py keeps them in step; `glasna observatory_rebuild` recomputes them)."""

    month = models.DateField()
    dimension = models.CharField(max_length=32)
    value = models.CharField(max_length=1000)  # a code, "YYYY-MM" for month, a JSON list for covers
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "dimension", "value"], name="observatory_recordcount_cell")
        ]
