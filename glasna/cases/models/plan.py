"""The case plan: tasks with an owner and a due date, and the services the organisation provided."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models.case import Case


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    # Encrypted under the case's notes key like a note: a title can name the survivor or her situation.
    title = models.BinaryField()
    owner = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="case_tasks")
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        # The "my tasks due" queue: open tasks of one owner by due date.
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="cases_task_owner_due")]


class ServiceKind(models.TextChoices):
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    LEGAL_REPRESENTATION = "legal_representation", _("Legal representation")
    PSYCHOLOGICAL_SUPPORT = "psychological_support", _("Psychological support")
    SHELTER = "shelter", _("Shelter")
    SAFETY_PLANNING = "safety_planning", _("Safety planning")
    CONTENT_REMOVAL = "content_removal", _("Content removal")
    POLICE_ACCOMPANIMENT = "police_accompaniment", _("Accompaniment to the police")
    MEDICAL_REFERRAL = "medical_referral", _("Medical referral")
    OTHER = "other", _("Other")


class CaseService(models.Model):
    """A service provided to the survivor: a code and a date, never content, so it can be counted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services_provided")
    kind = models.CharField(max_length=32, choices=ServiceKind.choices)
    provided_on = models.DateField()
    provided_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["provided_on", "id"]
