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
