"""The case opened for each report. Full case management grows here (issue: case management)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    # Kept after a withdrawal (report gone, outcome recorded) so counts stay true.
    report = models.OneToOneField("intake.Report", null=True, on_delete=models.SET_NULL, related_name="case")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    opened_on = models.DateField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    survivor_waiting = models.BooleanField(default=False)  # the survivor wrote and awaits an answer
    outcome = models.CharField(max_length=32, blank=True)
