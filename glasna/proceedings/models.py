"""Proceedings with institutions on a case: the steps, what was given, protection-order breaches,
the reminders sent and each organisation's silence thresholds.

Free text that may hold survivor details (institution name, offence as charged, sanction, terms,
breach descriptions) is encrypted under the case's staff-notes key, like case notes and tasks.
Codes and dates stay in clear: the jobs that compute deadlines and silences run without any key."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, StaffMember
from glasna.cases.models import Case


class Kind(models.TextChoices):
    CRIMINAL_COMPLAINT = "criminal_complaint", _("Criminal complaint")
    PRIVATE_LAWSUIT = "private_lawsuit", _("Private lawsuit")
    MOTION_TO_PROSECUTE = "motion_to_prosecute", _("Motion to prosecute")
    MISDEMEANOUR = "misdemeanour", _("Misdemeanour procedure")
    CIVIL_CLAIM = "civil_claim", _("Civil claim")
    PROTECTION_ORDER = "protection_order", _("Protection order")
    DATA_PROTECTION = "data_protection", _("Data-protection complaint")
    OMBUDSPERSON = "ombudsperson", _("Complaint to an ombudsperson")


class StepKind(models.TextChoices):
    FILED = "filed", _("Filed")
    REGISTERED = "registered", _("Registered")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATION = "investigation", _("Investigation opened")
    INDICTMENT = "indictment", _("Indictment")
    HEARING = "hearing", _("Hearing")
    DECISION = "decision", _("Decision")
    APPEAL = "appeal", _("Appeal")
    FINAL = "final", _("Final")


# The order steps normally follow; a step dated before an earlier kind's date is accepted with a warning.
STEP_ORDER = [kind.value for kind in StepKind]


class Outcome(models.TextChoices):
    NONE = "", _("Not yet")
    DISMISSED = "dismissed", _("Dismissed or rejected")
    DROPPED = "dropped", _("Dropped by the institution")
    CHARGED_MISDEMEANOUR = "charged_misdemeanour", _("Charged as a misdemeanour")
    CONVICTED = "convicted", _("Conviction")
    ACQUITTED = "acquitted", _("Acquittal")
    ORDER_GRANTED = "order_granted", _("Order granted")
    ORDER_REFUSED = "order_refused", _("Order refused")
    UPHELD = "upheld", _("Complaint upheld")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn by the survivor")


class Proceeding(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # One of institutions.TYPES; drives the silence threshold.
    institution_type = models.CharField(max_length=32)
    institution_name = models.BinaryField()  # encrypted
    # The referral directory's entry for the institution, where it is listed there.
    institution_org = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    jurisdiction = models.CharField(max_length=16)  # a law knowledge-base jurisdiction code
    # When the survivor learnt of the offence and of who committed it: private lawsuits and motions
    # run from it.
    learnt_on = models.DateField(null=True, blank=True)
    offence_provision = models.CharField(max_length=64, blank=True)  # a knowledge-base provision id
    offence_text = models.BinaryField(default=b"")  # encrypted, "" when none
    outcome = models.CharField(max_length=32, choices=Outcome.choices, blank=True)
    sanction = models.BinaryField(default=b"")  # encrypted
    order_terms = models.BinaryField(default=b"")  # encrypted; protection orders only
    order_from = models.DateField(null=True, blank=True)
    order_until = models.DateField(null=True, blank=True)
    # Warnings about accepted but doubtful input (codes, see warnings.py), shown on the page.
    warnings = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Step(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=16, choices=StepKind.choices)
    on = models.DateField()
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class GivenItem(models.Model):
    """An evidence item given to the institution; the custody log holds the same event."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="given")
    item_id = models.UUIDField()
    given_on = models.DateField()

    class Meta:
        ordering = ["given_on", "id"]
        constraints = [models.UniqueConstraint(fields=["proceeding", "item_id"], name="proceedings_given_once")]


class Breach(models.Model):
    """A reported breach of a protection order."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="breaches")
    on = models.DateField()
    description = models.BinaryField()  # encrypted
    item_ids = models.JSONField(default=list)  # evidence item ids, as strings
    # When it was reported to the police, or that the survivor chose not to report it: until one of
    # them is recorded, the reminder job asks the caseworker to talk it over with her (reminders.py).
    reported_on = models.DateField(null=True, blank=True)
    not_reporting = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)  # services pass the room's clock

    class Meta:
        ordering = ["on", "id"]

    @property
    def awaits_her_decision(self) -> bool:
        return self.reported_on is None and not self.not_reporting


class Reminder(models.Model):
    """A reminder sent to the caseworker. `key` names what it is about, so each is sent once."""

    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=64)
    kind = models.CharField(max_length=16)  # "deadline" | "silence" | "order_end" | "breach"
    about = models.DateField()  # the deadline's date, or the day the silence began
    days = models.PositiveIntegerField()  # days before the deadline, or the silence threshold
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [models.UniqueConstraint(fields=["proceeding", "key"], name="proceedings_reminder_once")]


class SilenceSettings(models.Model):
    """How long an organisation waits for an answer from each kind of institution before Glasna says so."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="silence_settings")
    police_days = models.PositiveIntegerField(default=30)
    prosecutor_days = models.PositiveIntegerField(default=60)
    court_days = models.PositiveIntegerField(null=True, blank=True)
    ombudsperson_days = models.PositiveIntegerField(null=True, blank=True)
    data_protection_days = models.PositiveIntegerField(null=True, blank=True)
