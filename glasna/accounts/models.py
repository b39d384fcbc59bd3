"""Organisations, staff and the organisation key hierarchy (docs/security.md)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("AL", _("Albania")),
    ("XK", _("Kosovo")),
    ("ME", _("Montenegro")),
    ("MK", _("North Macedonia")),
    ("RS", _("Serbia")),
    ("BA", _("Bosnia and Herzegovina")),
    ("HR", _("Croatia")),
    ("SI", _("Slovenia")),
]


class OrganisationType(models.TextChoices):
    WOMENS_RIGHTS = "womens_rights", _("Women's rights organisation")
    LEGAL_AID = "legal_aid", _("Free legal aid")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial service")
    SHELTER = "shelter", _("Shelter")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    POLICE = "police", _("Police cyber-crime unit")
    REGIONAL_DESK = "regional_desk", _("Regional help desk")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    OMBUDSPERSON = "ombudsperson", _("Ombudsperson or equality body")
    PLATFORM = "platform_trust_safety", _("Platform trust & safety")


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    org_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    # Countries served (codes from COUNTRIES) and help offered (codes from intake.taxonomy.HELP).
    countries = models.JSONField(default=list)
    services = models.JSONField(default=list)
    serves_children = models.BooleanField(default=False)
    accepts_reports = models.BooleanField(default=True)
    # The fallback when nothing else fits: a survivor who gives no country still reaches someone.
    is_regional_default = models.BooleanField(default=False)
    notify_email = models.EmailField(blank=True)
    # Reply-To of takedown notices sent by e-mail (takedown/notice_builder.py); blank: the public address.
    notice_reply_to = models.EmailField(blank=True)
    language = models.CharField(max_length=8, default="en")  # for notices sent to the organisation
    is_demo = models.BooleanField(default=False)
    # Closed cases are erased (report, messages, files, notes, keys) this many days after closing.
    retention_days = models.PositiveIntegerField(default=365)
    created_at = models.DateTimeField(auto_now_add=True)
    # The organisation directory (accounts/directory.py): what colleagues elsewhere see to refer a case.
    municipalities = models.JSONField(default=list)  # place names within the countries served
    languages = models.JSONField(default=list)  # Glasna locale codes (settings.LANGUAGES) spoken with survivors
    phone = models.CharField(max_length=64, blank=True)
    public_email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    website = models.URLField(blank=True)
    accepts_referrals = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    # Set when a key holder was removed: the console requires a key rotation (accounts/rotation.py).
    rotation_required_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def current_key(self) -> "OrganisationKey":
        return self.keys.order_by("-version").first()  # type: ignore[return-value]


class OrganisationKey(models.Model):
    """One version of the organisation's X25519 keypair. Reports are sealed to the newest.

    After a rotation the previous private key is kept sealed to the new public key, so old
    reports stay readable through the chain while removed staff can read nothing new."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="keys")
    version = models.PositiveIntegerField()
    public_key = models.BinaryField()
    previous_private_sealed = models.BinaryField(null=True)
    # Empty once retired: a finished rotation destroys every way to this version's private key.
    recovery_sealed = models.BinaryField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        unique_together = [("organisation", "version")]


class RecoveryKey(models.Model):
    """The organisation's recovery keypair; its private key opens only with the recovery code
    printed once at set-up and kept offline by the organisation."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="recovery")
    public_key = models.BinaryField()
    wrapped_private = models.BinaryField()


class Role(models.TextChoices):
    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    CASEWORKER = "caseworker", _("Caseworker")
    LAWYER = "lawyer", _("Lawyer")
    ANALYST = "analyst", _("Analyst")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    PLATFORM_ADMIN = "platform_admin", _("Platform operator administrator")


# Roles that read survivor data and so hold the organisation key. Analysts see aggregates only.
KEY_HOLDING_ROLES = {Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ORG_ADMIN}


class Membership(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class StaffMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=32, choices=Role.choices)
    public_key = models.BinaryField()
    wrapped_private = models.BinaryField()
    totp_secret_sealed = models.BinaryField(null=True)
    totp_confirmed = models.BooleanField(default=False)
    totp_last_step = models.BigIntegerField(default=0)
    # Whether she still belongs: suspended and left members cannot sign in and hold no grants.
    membership = models.CharField(max_length=16, choices=Membership.choices, default=Membership.ACTIVE)

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.organisation})"


class KeyGrant(models.Model):
    """An organisation private key sealed to one staff member's public key."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="grants")
    org_key = models.ForeignKey(OrganisationKey, on_delete=models.CASCADE, related_name="grants")
    sealed_private = models.BinaryField()

    class Meta:
        unique_together = [("staff", "org_key")]


class Invitation(models.Model):
    """A single-use link to join an organisation (accounts/invitations.py). Only a hash of the
    token is stored: a copy of the database lets nobody join."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    username = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class CredentialReset(models.Model):
    """A single-use link for a member who lost her password (accounts/recovery.py), issued by an
    administrator like an invitation; only a hash of the token is stored."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="credential_resets")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class SecondFactorCode(models.Model):
    """One of her one-time codes for a lost authenticator (accounts/second_factor_codes.py),
    stored as a password hash: a copy of the database reveals none."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="second_factor_codes")
    code_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)


class RotationState(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class RotationJob(models.Model):
    """One organisation key rotation (accounts/rotation.py): every record's key re-wrapped from
    older versions to `to_version`, batch by batch, `done` counted in the same transaction."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="rotations")
    from_version = models.PositiveIntegerField()
    to_version = models.PositiveIntegerField()
    state = models.CharField(max_length=16, choices=RotationState.choices, default=RotationState.RUNNING)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started_by = models.CharField(max_length=150)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The new private key encrypted under a key that travels only in the job's queue message:
    # neither the database nor the queue alone opens it. Erased when the rotation finishes.
    sealed_key = models.BinaryField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(state="running"),
                name="one_running_rotation_per_organisation",
            )
        ]
