"""What a caseworker decided about a cue. The report's text and the triggering words are never
stored here: they are computed again from the decrypted narrative each time the case is opened."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import StaffMember
from glasna.cases.models import Case


class CueKind(models.TextChoices):
    MINOR = "minor", _("The survivor may be a child")
    THREAT_VIOLENCE = "threat_violence", _("Threat of violence")
    THREAT_PUBLICATION_DEADLINE = "threat_publication_deadline", _("Threat to publish, with a deadline")
    SEXTORTION = "sextortion", _("Demand for money, images or a meeting")
    SELF_HARM = "self_harm", _("Mention of self-harm")


class Decision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class CueDecision(models.Model):
    """One confirmation or dismissal; the latest per case and kind is the one that counts."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cue_decisions")
    kind = models.CharField(max_length=40, choices=CueKind.choices)
    decision = models.CharField(max_length=12, choices=Decision.choices)
    decided_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]


class StaffLanguages(models.Model):
    """The languages a staff member reads reports in (Glasna locale codes: sq, mk, sr, bs, hr, cnr,
    en). Kept here rather than on StaffMember so routing stays in the triage room."""

    staff = models.OneToOneField(StaffMember, on_delete=models.CASCADE, related_name="triage_languages")
    languages = models.JSONField(default=list)


class Routing(models.Model):
    """Why a new case went where it went, shown on the case: codes only, never the report's words."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="triage_routing")
    language = models.CharField(max_length=8, blank=True)  # "sq", ... or a group "bcms", "mk-sr"; "" undecided
    cues = models.JSONField(default=list)  # cue kinds found in the words, for the queue order
    assigned_to = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=32)  # a RoutingReason
    urgency = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)


class ImageScore(models.Model):
    """The explicitness score of one image sent with the report, sealed to the organisation key:
    only staff holding the key can read it; it never leaves the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="image_scores")
    attachment_id = models.UUIDField()
    sealed_score = models.BinaryField()  # "0.734" or "unreadable", sealed
    key_version = models.PositiveIntegerField()

    class Meta:
        unique_together = [("case", "attachment_id")]


class CaseNames(models.Model):
    """Names that must not leave this case (the survivor's, her family's), sealed to the
    organisation key; redaction of outgoing text hides them."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="triage_names")
    sealed = models.BinaryField()
    key_version = models.PositiveIntegerField()


class OutgoingCheck(models.Model):
    """A caseworker looked at the redacted text of something leaving the case and confirmed it.
    Records counts, never the values shown or kept."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outgoing_checks")
    target = models.CharField(max_length=64)  # "notice:12"
    hidden = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)  # false positives the caseworker un-redacted
    added = models.PositiveIntegerField(default=0)  # spans she added
    checked_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)
