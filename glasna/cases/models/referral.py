"""Referrals between organisations: what is shared, with whose consent, and what came of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, StaffMember
from glasna.cases.models.case import Case


class ReferralStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", _("Waiting for the survivor's consent")
    CONSENT_REFUSED = "consent_refused", _("The survivor did not consent")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


class ReferralService(models.TextChoices):
    LEGAL = "legal", _("Legal aid")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    SHELTER = "shelter", _("Shelter or safety")
    POLICE = "police", _("Police")
    REMOVAL = "removal", _("Content removal")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    OTHER = "other", _("Other help")


class SharedPart(models.TextChoices):
    INCIDENT = (
        "incident",
        _("What happened: forms of abuse, when, where, links and the account in the survivor's own words"),
    )
    PERPETRATOR = "perpetrator", _("Who did it: relationship and identifiers")
    ABOUT = "about", _("About the survivor: country, age band, gender")
    CONTACT = "contact", _("How to reach the survivor")
    FILES = "files", _("The files the survivor sent")


class ConsentChannel(models.TextChoices):
    PORTAL = "portal", _("Asked through the portal")
    RECORDED = "recorded", _("Given to the caseworker (by phone or in person)")


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    from_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_sent")
    to_org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="referrals_received")
    service = models.CharField(max_length=32, choices=ReferralService.choices)
    parts = models.JSONField(default=list)
    # The caseworker's note to the receiving organisation, encrypted under the report's data key:
    # the survivor reads it too, before she consents.
    note = models.BinaryField()
    status = models.CharField(max_length=24, choices=ReferralStatus.choices)
    consent_channel = models.CharField(max_length=16, choices=ConsentChannel.choices)
    consent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # What was shared, built only once consent exists: encrypted under its own key, which is
    # sealed to the receiving organisation and to the referring one (so both read the feedback).
    package = models.BinaryField(null=True)
    package_key_for_recipient = models.BinaryField(null=True)
    recipient_key_version = models.PositiveIntegerField(null=True)
    package_key_for_sender = models.BinaryField(null=True)
    sender_key_version = models.PositiveIntegerField(null=True)
    assigned_to = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The receiving organisation's reason (decline) or feedback (completion), under the package key.
    response = models.BinaryField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def get_parts_display(self) -> list[str]:
        return [str(SharedPart(part).label) for part in self.parts]


class ReferralFile(models.Model):
    """A file shared with a referral: re-encrypted under the package key, in its own blob."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="files")
    blob_name = models.CharField(max_length=200)
    meta = models.BinaryField()  # name, type, size, sha256 under the package key
