"""Platforms, notices and what became of them, statements of reasons, complaints, campaigns.

Notices hold only what a platform is sent: public URLs, hashes and the organisation's name. No
survivor identity or image is stored here, so the SLA and re-upload jobs can run without a human
key (docs/takedown.md). The URLs, accounts, texts and replies are still sealed at rest with the
instance key (core/sealed_fields.py): the jobs read them, a database dump does not show them."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, StaffMember
from glasna.cases.models import Case
from glasna.core.sealed_fields import SealedJSONField, SealedTextField


class Platform(models.Model):
    """One entry of the reviewed platform directory (data/platforms.yaml)."""

    key = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    provider = models.CharField(max_length=300, blank=True)
    establishment = models.CharField(max_length=120, blank=True)
    dsa_status = models.CharField(max_length=32, default="unknown")
    dsa_note = models.TextField(blank=True)
    eu_legal_representative = models.TextField(blank=True)
    digital_services_coordinator = models.CharField(max_length=300, blank=True)
    stopncii_partner = models.CharField(max_length=8, default="unknown")
    languages = models.JSONField(default=list)
    policy_name = models.CharField(max_length=300, blank=True)
    policy_url = models.URLField(max_length=500, blank=True)
    # [{kind: email|web_form|in_app, address, path, accepts, confidence}]
    channels = models.JSONField(default=list)
    reminder_hours = models.PositiveIntegerField(default=24)
    escalation_hours = models.PositiveIntegerField(default=48)
    known_behaviour = models.TextField(blank=True)
    confidence = models.CharField(max_length=8, default="low")
    last_verified = models.DateField()
    sources = models.JSONField(default=list)
    edited_by = models.CharField(max_length=150, blank=True)  # empty: as loaded from the data file

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def email_channel(self) -> dict[str, str] | None:
        return next((c for c in self.channels if c.get("kind") == "email" and c.get("address")), None)


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued for sending")
    SENT = "sent", _("Sent")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    REMOVED = "removed", _("Removed")
    PARTIALLY_REMOVED = "partially_removed", _("Partially removed")
    REFUSED = "refused", _("Refused")
    NO_RESPONSE = "no_response", _("No response")
    REAPPEARED = "reappeared", _("Reappeared")


class Notice(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="notices")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="notices")
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, db_index=True)
    channel = models.CharField(max_length=16)  # email | web_form | in_app
    recipient = models.CharField(max_length=300, blank=True)  # e-mail address or form URL
    language = models.CharField(max_length=8, default="en")  # the caseworker's language
    # The survivor's country chooses the law the notice cites (the text names it anyway); it is
    # counted in the figures only with her statistics consent (stat_country), as in intake.
    country = models.CharField(max_length=16, blank=True)
    stat_country = models.CharField(max_length=16, blank=True)
    # [{id, title, url, url_display, account, sha256, captured_at, content_type}] — URLs and hashes only.
    # Sealed with the instance key (core/sealed_fields.py): the jobs read them, a dump does not.
    items = SealedJSONField(default=list)
    subject = SealedTextField()
    body_en = SealedTextField()
    body_local = SealedTextField(blank=True)
    category = models.CharField(max_length=64)
    keywords = models.JSONField(default=list)
    provisions = models.JSONField(default=list)  # law KB ids cited
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)  # first removal: the figures' time to removal
    reappeared_at = models.DateTimeField(null=True, blank=True)
    # SLA clocks: due times set when sent (and again when reappeared); *_fired_at set once.
    reminder_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminder_fired_at = models.DateTimeField(null=True, blank=True)
    escalation_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    escalation_fired_at = models.DateTimeField(null=True, blank=True)
    platform_reference = models.CharField(max_length=200, blank=True)
    watch = models.BooleanField(default=True)  # re-upload watch on removed URLs
    last_checked_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]


class NoticeEvent(models.Model):
    """The notice's timeline: every status change, reply and job firing, with who and when."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    kind = models.CharField(max_length=64)
    detail = SealedTextField(blank=True)  # a pasted platform reply is kept verbatim, any language

    class Meta:
        ordering = ["at", "id"]


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    TEMP_FAILED = "temp_failed", _("Temporary failure, will retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    UNCERTAIN = "uncertain", _("Unknown: check before sending again")


class Delivery(models.Model):
    """One attempt to e-mail a notice. Its Message-ID stays the same across SMTP retries, and the
    row is claimed atomically before talking to the server, so a notice is never sent twice."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=16, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    tries = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)


class StatementOfReasons(models.Model):
    """The platform's decision (DSA Art. 17) in the DSA Transparency Database's field names;
    validated by glasna.takedown.transparency. The free-text fields (the platform's account of the
    facts, its grounds, the content's identifier) can describe her and the images, so they are sealed
    with the instance key like the notice itself; the codes stay in clear for the figures."""

    notice = models.OneToOneField(Notice, on_delete=models.CASCADE, related_name="statement")
    decision_visibility = models.JSONField(default=list)
    decision_visibility_other = SealedTextField(blank=True)
    decision_monetary = models.CharField(max_length=64, blank=True)
    decision_provision = models.CharField(max_length=64, blank=True)
    decision_account = models.CharField(max_length=64, blank=True)
    decision_ground = models.CharField(max_length=64)
    decision_ground_reference_url = SealedTextField(blank=True)
    illegal_content_legal_ground = SealedTextField(blank=True)
    illegal_content_explanation = SealedTextField(blank=True)
    incompatible_content_ground = SealedTextField(blank=True)
    incompatible_content_explanation = SealedTextField(blank=True)
    incompatible_content_illegal = models.CharField(max_length=3, blank=True)
    category = models.CharField(max_length=80)
    category_specification = models.JSONField(default=list)
    content_type = models.JSONField(default=list)
    content_type_other = SealedTextField(blank=True)
    territorial_scope = models.JSONField(default=list)
    decision_facts = SealedTextField()
    source_type = models.CharField(max_length=64)
    automated_detection = models.CharField(max_length=3)
    automated_decision = models.CharField(max_length=64)
    content_date = models.DateField()
    application_date = models.DateField()
    end_date_visibility_restriction = models.DateField(null=True, blank=True)
    puid = SealedTextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)


class Escalation(models.Model):
    """An internal complaint (Art. 20) or a step beyond the platform, drafted from the record."""

    class Route(models.TextChoices):
        INTERNAL_COMPLAINT = "internal_complaint", _("Internal complaint to the platform (DSA Art. 20)")
        TRUSTED_FLAGGER = "trusted_flagger", _("Through a trusted flagger (DSA Art. 22)")
        DSC = "dsc", _("Digital Services Coordinator of the platform's country (DSA Art. 53)")
        REGULATOR = "regulator", _("National regulator")
        POLICE = "police", _("Police")
        REMINDER = "reminder", _("Reminder to the platform")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Platform kept its decision")
        OVERTURNED = "overturned", _("Platform reversed its decision")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="escalations")
    route = models.CharField(max_length=24, choices=Route.choices)
    body = SealedTextField()
    deadline = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    filed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        ordering = ["created_at", "id"]


class Campaign(models.Model):
    """A coordinated reporting campaign against a public abusive group or channel."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="campaigns")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the public page's address
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(max_length=200)
    target_url = models.CharField(max_length=500)
    messages = models.JSONField(default=dict)  # {language code: template text}
    addresses = models.JSONField(default=list)  # reporting e-mail addresses / form URLs
    is_open = models.BooleanField(default=True)
    reported_count = models.PositiveIntegerField(default=0)  # anonymous "I reported" clicks, nothing else
    opened_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(max_length=200, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
