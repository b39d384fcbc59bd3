"""The case file opened for each report: status, assignment, risk, timeline, staff-only notes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, StaffMember


class CaseStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class RiskFlag(models.TextChoices):
    PHYSICAL_THREAT = "physical_threat", _("Threat of physical harm")
    KNOWS_LOCATION = "knows_location", _("The perpetrator knows where the survivor lives or is")
    CHILD = "child", _("The survivor is a child")
    SPREADING = "spreading", _("The content is spreading")
    SEXTORTION_DEADLINE = "sextortion_deadline", _("Sextortion with a deadline")
    SELF_HARM = "self_harm", _("Risk of self-harm")


# Weights that order the triage queue: danger to life first, then what cannot wait.
RISK_WEIGHTS = {
    RiskFlag.SELF_HARM: 100,
    RiskFlag.PHYSICAL_THREAT: 90,
    RiskFlag.SEXTORTION_DEADLINE: 70,
    RiskFlag.CHILD: 60,
    RiskFlag.KNOWS_LOCATION: 40,
    RiskFlag.SPREADING: 30,
}
URGENT_THRESHOLD = 60


class Outcome(models.TextChoices):
    CONTENT_REMOVED = "content_removed", _("Content removed")
    POLICE_REPORT = "police_report", _("Police report filed")
    CHARGES = "charges", _("Charges brought")
    CONVICTION = "conviction", _("Conviction")
    DISMISSAL = "dismissal", _("Dismissed")
    CIVIL_DAMAGES = "civil_damages", _("Civil damages awarded")
    SURVIVOR_WITHDREW = "survivor_withdrew", _("Survivor withdrew")
    LOST_CONTACT = "lost_contact", _("Lost contact")


class Case(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    # Kept after a withdrawal (report gone, outcome recorded) so counts stay true.
    report = models.OneToOneField("intake.Report", null=True, on_delete=models.SET_NULL, related_name="case")
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.NEW)
    assigned_to = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    risk_flags = models.JSONField(default=list)
    urgency = models.PositiveIntegerField(default=0, db_index=True)
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    opened_on = models.DateField(auto_now_add=True)
    closed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    survivor_waiting = models.BooleanField(default=False)  # the survivor wrote and awaits an answer
    # Incremented on every change; a form carrying an older version is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    # Staff-only notes are encrypted under this key, sealed to the organisation key: the survivor's
    # receipt opens the report, never the notes.
    notes_key_for_org = models.BinaryField(null=True)
    notes_key_version = models.PositiveIntegerField(default=1)

    class Meta:
        # The staff case list's queues: filtered by organisation (and assignee), one page in order.
        indexes = [
            models.Index(
                fields=["organisation", "assigned_to", "-urgency", "opened_on", "id"], name="cases_queue_assignee"
            ),
            models.Index(fields=["organisation", "-urgency", "opened_on", "id"], name="cases_queue_urgency"),
            models.Index(fields=["organisation", "-opened_on", "-id"], name="cases_queue_newest"),
            models.Index(
                fields=["organisation", "assigned_to", "-urgency", "-survivor_waiting", "opened_on", "id"],
                name="cases_queue_mine",
            ),
            models.Index(
                fields=["organisation", "survivor_waiting", "-urgency", "opened_on"], name="cases_queue_waiting"
            ),
            models.Index(fields=["organisation", "status"], name="cases_queue_status"),  # the pager's COUNT
        ]

    @property
    def is_urgent(self) -> bool:
        return self.urgency >= URGENT_THRESHOLD


class CaseEvent(models.Model):
    """The case timeline. Details are codes and names, never survivor content."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.CharField(max_length=150)
    kind = models.CharField(max_length=32)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    body = models.BinaryField()

    class Meta:
        ordering = ["created_at", "id"]
