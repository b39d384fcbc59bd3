"""Every record whose key is sealed to an organisation key version, named by app label so that
accounts imports no room above it. Key rotation (accounts/rotation.py) re-wraps each of them;
tests/accounts/test_sealed_records.py fails when a model gains a `*key_version` field not listed."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class SealedKind:
    """`sealed` holds a key sealed to the public key of version `version` of the organisation
    named by the foreign key `owner`."""

    model: str  # "app_label.ModelName"
    owner: str
    sealed: str
    version: str

    def queryset(self) -> QuerySet[Model]:
        return apps.get_model(self.model)._default_manager.all()

    def older_than(self, organisation_id: int, version: int) -> QuerySet[Model]:
        """Records of this organisation still sealed to a version before `version`."""
        return self.queryset().filter(
            **{f"{self.owner}_id": organisation_id, f"{self.version}__lt": version, f"{self.sealed}__isnull": False}
        )


KINDS = (
    SealedKind("intake.Report", "organisation", "data_key_for_org", "org_key_version"),
    SealedKind("cases.Case", "organisation", "notes_key_for_org", "notes_key_version"),
    SealedKind("cases.Referral", "to_org", "package_key_for_recipient", "recipient_key_version"),
    SealedKind("cases.Referral", "from_org", "package_key_for_sender", "sender_key_version"),
    # Small values sealed straight to the organisation key (no data key): re-sealed the same way.
    SealedKind("triage.ImageScore", "case__organisation", "sealed_score", "key_version"),
    SealedKind("triage.CaseNames", "case__organisation", "sealed", "key_version"),
    SealedKind("networks.DossierCheck", "organisation", "sealed", "key_version"),
    # A private page's address in the networks registry (networks/private_pages.py).
    SealedKind("networks.Space", "organisation", "sealed_url", "url_key_version"),
    # A survivor's own escrow proposal, until her caseworker enters or declines it (networks/escrow_proposals.py).
    SealedKind("networks.EscrowProposal", "organisation", "sealed", "key_version"),
)


def installed() -> Iterator[SealedKind]:
    """The kinds whose app is installed (an embedded profile may leave a room out)."""
    for kind in KINDS:
        if apps.is_installed(f"glasna.{kind.model.split('.')[0]}"):
            yield kind


def remaining(organisation_id: int, version: int) -> int:
    return sum(kind.older_than(organisation_id, version).count() for kind in installed())
