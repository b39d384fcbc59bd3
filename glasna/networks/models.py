"""The registry of abusive spaces, per organisation: a space, its names, status history, member
counts, lineage, and the links from it to cases, evidence items, notices and sightings.

Public spaces are stored in clear; private identifiers (invite links, accounts) only as a keyed
pseudonym (registry.identifier_key); a page on a website the platform list does not know, linked
from a case, as a pseudonym and its address sealed to the organisation key (private_pages.py).
Links carry the kind and id of the object, never its text."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Organisation, StaffMember
from glasna.cases.models import Case
from glasna.networks import perpetrators


class SpaceKind(models.TextChoices):
    GROUP = "group", _("Group")
    CHANNEL = "channel", _("Channel")
    BOT = "bot", _("Bot")
    COMMUNITY = "community", _("Community")
    SERVER = "server", _("Server")
    THREAD = "thread", _("Forum thread")
    WEBSITE = "website", _("Website")
    ACCOUNT = "account", _("Account")
    UNKNOWN = "unknown", _("Not known yet")


class IdentifierKind(models.TextChoices):
    PUBLIC_SPACE = "public_space", _("Public space")
    PRIVATE_INVITE = "private_invite", _("Private invite link")
    ACCOUNT = "account", _("Account")
    NUMERIC_ID = "numeric_id", _("Numeric id")
    PRIVATE_PAGE = "private_page", _("Page sealed with the case data")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    REEMERGED = "reemerged", _("Re-emerged")


class Space(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="spaces")
    platform = models.CharField(max_length=32)  # a key of glasna/core/data/platforms.yaml
    kind = models.CharField(max_length=16, choices=SpaceKind.choices, default=SpaceKind.UNKNOWN)
    identifier_kind = models.CharField(max_length=16, choices=IdentifierKind.choices)
    # The canonical value for public spaces and numeric ids; "hmac:<hex>" for private identifiers.
    identifier = models.CharField(max_length=2100)
    # A private page's address, sealed to the organisation key `url_key_version` (none otherwise).
    sealed_url = models.BinaryField(null=True, blank=True)
    url_key_version = models.PositiveIntegerField(null=True, blank=True)
    # Who made a private page a public space (private_pages.promote), and when.
    promoted_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    promoted_at = models.DateTimeField(null=True, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    successor_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="successors"
    )
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "platform", "identifier_kind", "identifier"], name="networks_space_unique"
            )
        ]

    def __str__(self) -> str:
        return self.display_name or f"{self.platform}:{self.pk}"


class Alias(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)


class StatusEntry(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=16, choices=Status.choices)
    on = models.DateField()
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]


class MemberCount(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="member_counts")
    count = models.PositiveIntegerField()
    counted_on = models.DateField()
    source = models.CharField(max_length=300)  # where the number was read: "seen in the app", a report
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["counted_on", "id"]


class LinkKind(models.TextChoices):
    REPORT = "report", _("Report")
    EVIDENCE = "evidence", _("Evidence item")
    NOTICE = "notice", _("Notice")
    SIGHTING = "sighting", _("Sighting")
    RECORDED = "recorded", _("Recorded by staff")


class SpaceLink(models.Model):
    """A case's object that names the space; the object's kind and id only, no copied text."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="space_links")
    object_kind = models.CharField(max_length=16, choices=LinkKind.choices)
    object_id = models.CharField(max_length=64)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "object_kind", "object_id"], name="networks_link_unique")
        ]


class MatchChoice(models.TextChoices):
    """The survivor's choice of what happens when another survivor names the same person."""

    TELL_CASEWORKER = "tell_caseworker", _("Tell my caseworker")
    JOINT_COMPLAINT = "joint_complaint", _("Prepare a joint complaint")
    NOTHING_YET = "nothing_yet", _("Nothing yet")


class EscrowEntry(models.Model):
    """A sealed entry naming a perpetrator (networks/ESCROW.md). The identifier is not stored in
    any form: `match_key` is an HMAC keyed by its OPRF output, the share is a point of a line the
    OPRF output fixes, and the details (kind, case, choice) are encrypted under a random entry key
    that only the line's secret unwraps. Withdrawal empties every cryptographic field."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="escrow_entries")
    match_key = models.CharField(max_length=64, db_index=True, blank=True)
    # HMAC of the survivor's report under an OPRF-output key: equal for one survivor and one
    # identifier, unlinkable across identifiers without them.
    survivor_tag = models.CharField(max_length=64, blank=True)
    # A keyed pseudonym of the case (instance key): finds a survivor's entries on withdrawal.
    case_tag = models.CharField(max_length=64, db_index=True)
    share_x = models.CharField(max_length=80, blank=True)  # decimal field elements
    share_y = models.CharField(max_length=80, blank=True)
    wrapped_key = models.BinaryField(null=True)  # the entry key under the line's secret
    sealed_details = models.BinaryField(null=True)  # the details under the entry key
    consent_recorded_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The OPRF suite of its match key and share (docs/decisions/0008): entries of the first suite
    # move to the current one when a new entry names their identifier (escrow_upgrade.py).
    oprf_suite = models.CharField(max_length=40, default="ristretto255-SHA512", db_index=True)


class EscrowMatch(models.Model):
    """What one organisation is told about its own entry: it matched. Seen only by its staff."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="escrow_matches")
    entry = models.ForeignKey(EscrowEntry, null=True, on_delete=models.SET_NULL, related_name="matches")
    case = models.ForeignKey(Case, null=True, on_delete=models.SET_NULL, related_name="escrow_matches")
    identifier_kind = models.CharField(max_length=16)
    choice = models.CharField(max_length=24, choices=MatchChoice.choices)
    survivors = models.PositiveIntegerField()  # distinct survivors naming the identifier at the match
    matched_at = models.DateTimeField()


class OprfQuota(models.Model):
    """OPRF evaluations counted per organisation and day, against GLASNA_ESCROW_OPRF_PER_DAY."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "day"], name="networks_oprfquota_unique")]


class ProposalState(models.TextChoices):
    PENDING = "pending", _("Waiting for your caseworker")
    ENTERED = "entered", _("Entered in the escrow")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EscrowProposal(models.Model):
    """A survivor's own proposal for the escrow, made from her portal (escrow_proposals.py): not an
    entry until her caseworker checks it with her and enters it. The identifier and her choice are
    sealed to the organisation key; every state but pending erases them (`sealed` None)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escrow_proposals")
    # JSON {"case", "kind", "value", "choice"} sealed to the organisation key of `key_version`.
    sealed = models.BinaryField(null=True)
    key_version = models.PositiveIntegerField()
    # A keyed pseudonym (instance key) of case and identifier, so that a replayed form finds the
    # pending proposal; emptied with the sealed value.
    dedupe_tag = models.CharField(max_length=64, blank=True)
    kind = models.CharField(max_length=16)  # phone, email or a platform: shown to her without the value
    consent_given_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=16, choices=ProposalState.choices, default=ProposalState.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "dedupe_tag"],
                condition=models.Q(state="pending"),
                name="networks_escrowproposal_one_pending",
            )
        ]

    def kind_label(self) -> str:
        return perpetrators.kind_label(self.kind)


class ConsentChannel(models.TextChoices):
    PORTAL = "portal", _("Given through the portal")
    RECORDED = "recorded", _("Given to the caseworker (by phone or in person)")


class CoordinationConsent(models.Model):
    """The survivor agreed that her case's material may go into dossiers for coordinated action
    (a platform's trusted-flagger batch, a complaint to police with other survivors). Without an
    active row, or a match where she chose "prepare a joint complaint", a dossier leaves her case out."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="coordination_consent")
    channel = models.CharField(max_length=16, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)


class Appearance(models.Model):
    """A space as it may leave its organisation: a keyed pseudonym, the organisation's countries and
    the first sighting, never a case (networks/federation.py, docs/networks.md). One per space of this
    installation; records received from another installation carry its name and no space."""

    space = models.OneToOneField(Space, null=True, on_delete=models.CASCADE, related_name="appearance")
    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.CASCADE, related_name="+")
    installation = models.CharField(max_length=100, blank=True)  # "" here; the sender's name when received
    reporter = models.CharField(max_length=64)  # a keyed pseudonym of the organisation: counts, never names
    platform = models.CharField(max_length=32)
    identifier_kind = models.CharField(max_length=16, choices=IdentifierKind.choices)
    pseudonym = models.CharField(max_length=64, db_index=True)  # HMAC under the linkage key
    countries = models.JSONField(default=list)
    first_seen = models.DateTimeField()
    # The canonical public link, only once the organisation chose to share it in clear (never private ones).
    public_id = models.CharField(max_length=2100, blank=True)
    shared_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["platform", "pseudonym"], name="networks_appearance_platform")]
        constraints = [
            models.UniqueConstraint(
                fields=["installation", "reporter", "platform", "pseudonym"], name="networks_appearance_unique"
            )
        ]


class DossierCheck(models.Model):
    """A staff member looked at the personal data a dossier would carry and confirmed what it hides
    (networks/dossier_check.py). What she kept, what she added and the fingerprint of the content
    she saw are sealed to the organisation key (they are personal data themselves); only counts are
    in clear. The latest row per subject and kind is the one an export follows."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=32)  # "space:12" or "match:3"
    kind = models.CharField(max_length=16)  # dossier.PLATFORM or dossier.POLICE
    sealed = models.BinaryField()  # {"fingerprint", "keep", "extra"} as JSON, sealed
    key_version = models.PositiveIntegerField()
    hidden = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    checked_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "subject", "kind"], name="networks_dossiercheck_subject")]


class JointState(models.TextChoices):
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Joined")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class JointCampaign(models.Model):
    """A takedown campaign coordinated across the organisations that name one space (joint.py).
    It joins, never copies, each organisation's own notices and reporting campaign (takedown
    room); the space is matched by its cross-organisation pseudonym (`Appearance`), so no
    organisation learns another's cases."""

    proposer = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    platform = models.CharField(max_length=32)
    pseudonym = models.CharField(max_length=64, db_index=True)
    title = models.CharField(max_length=200)
    note = models.TextField(max_length=1000, blank=True)  # the proposer's invitation: no case data
    opened_by = models.ForeignKey(StaffMember, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)


class JointMember(models.Model):
    """One organisation in a joint campaign, and what it chooses to show the others."""

    joint = models.ForeignKey(JointCampaign, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(Space, null=True, on_delete=models.SET_NULL, related_name="+")
    # The organisation's own reporting campaign against the space (takedown room), when it has one.
    campaign = models.ForeignKey(
        "takedown.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=JointState.choices, default=JointState.INVITED)
    share_counts = models.BooleanField(default=True)  # how many cases, notices, reports: counts only
    share_name = models.BooleanField(default=False)  # the organisation's name in clear, else a number
    invited_at = models.DateTimeField()
    answered_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["joint", "organisation"], name="networks_jointmember_unique")]


class Peer(models.Model):
    """Another installation whose signed appearance feed this one pulls, and which may pull this
    one's (networks/peers.py, docs/networks.md "Network transport"). Registered by the operator
    after confirming the key's fingerprint with the peer's operator out of band."""

    name = models.CharField(max_length=100, unique=True)  # its GLASNA_NETWORKS_INSTALLATION
    base_url = models.URLField(max_length=300)
    public_key = models.CharField(max_length=64, unique=True)  # base64 Ed25519, as it publishes it
    registered_by = models.CharField(max_length=150)
    registered_at = models.DateTimeField(auto_now_add=True)
    # The highest feed sequence accepted from it: a lower or equal one is a replay or a rollback.
    last_sequence = models.BigIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_records = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)  # empty after a success
    last_error_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class PeerNonce(models.Model):
    """A nonce of a signed request a peer made, kept while its date is within the allowed skew."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["peer", "nonce"], name="networks_peernonce_unique")]


class FeedSequence(models.Model):
    """One row: the sequence number of the last feed this installation published, never lowered."""

    value = models.BigIntegerField(default=0)


class FeedShare(models.TextChoices):
    """What this installation's feed to peers (and its file export) carries about one organisation."""

    ALL = "all", _("Every record, with the links the organisation shared in clear")
    COUNTS_ONLY = "counts_only", _("Every record, without any link in clear")
    NONE = "none", _("Nothing")


class FeedChoice(models.Model):
    """An organisation's choice of what leaves for peer installations (networks/feed_choice.py).
    No row means FeedShare.ALL, what every installation sent before the choice existed."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    share = models.CharField(max_length=16, choices=FeedShare.choices, default=FeedShare.ALL)
    changed_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField()


class JointComplaint(models.Model):
    """A joint criminal complaint prepared by the organisations whose survivors named one person
    in the escrow and chose "prepare a joint complaint" (joint_complaints.py). Nothing about the
    identifier is stored: `pseudonym` is a keyed pseudonym (instance key) of the entries' match key,
    which finds the complaint again when a later entry for the same person opens."""

    pseudonym = models.CharField(max_length=64, db_index=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)


class ComplaintState(models.TextChoices):
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Joined")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class ComplaintMember(models.Model):
    """One survivor's part in a joint complaint: her organisation's escrow match, its state, and
    what her organisation chooses to show the other members (its name and a work contact, the
    jurisdiction where she would file). Never her case, her identity or her evidence."""

    complaint = models.ForeignKey(JointComplaint, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    match = models.OneToOneField(EscrowMatch, on_delete=models.CASCADE, related_name="complaint_member")
    state = models.CharField(max_length=16, choices=ComplaintState.choices, default=ComplaintState.INVITED)
    share_name = models.BooleanField(default=False)  # the organisation's name and the contact below
    contact = models.CharField(max_length=300, blank=True)  # a lawyer's or caseworker's work address
    share_jurisdiction = models.BooleanField(default=False)
    jurisdiction = models.CharField(max_length=16, blank=True)  # a law knowledge-base code
    invited_at = models.DateTimeField()
    answered_by = models.ForeignKey(StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    # Why a member left without choosing it: the survivor withdrew her entry, report or consent.
    withdrawn_by_survivor = models.BooleanField(default=False)
    # The criminal complaint this member filed (proceedings room), once it records the filing.
    proceeding = models.ForeignKey(
        "proceedings.Proceeding", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["invited_at", "id"]
