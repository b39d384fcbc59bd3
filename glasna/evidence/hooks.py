"""What the evidence room adds to other rooms, connected from EvidenceConfig.ready(): a case panel,
a portal section, and listeners that keep the custody log and the blob store true."""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from glasna.core import blobs
from glasna.core.extensions import CasePanel, PortalSection, register_case_panel, register_portal_section


def _referral_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A referral package that carried the report's files shared every item imported from them."""
    from glasna.cases.models import ReferralStatus, SharedPart
    from glasna.evidence import services

    if instance.status != ReferralStatus.SENT or SharedPart.FILES not in (instance.parts or []):
        return
    report_id = instance.case.report_id
    if report_id is None:
        return
    from glasna.intake.models import Attachment

    attachment_ids = list(Attachment.objects.filter(report_id=report_id).values_list("pk", flat=True))
    services.record_referral_share(instance.case_id, instance.pk, instance.to_org.slug, attachment_ids)


def _item_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Withdrawal and retention delete items with their report; their encrypted files go too."""
    name = instance.blob_name
    if name:
        transaction.on_commit(lambda: blobs.delete(name))


def connect() -> None:
    from glasna.cases.models import Referral
    from glasna.evidence import panels
    from glasna.evidence.models import EvidenceItem

    post_save.connect(_referral_saved, sender=Referral, dispatch_uid="evidence-referral-shared")
    post_delete.connect(_item_deleted, sender=EvidenceItem, dispatch_uid="evidence-blob-deleted")
    register_case_panel(CasePanel("evidence", "evidence/_case_panel.html", panels.case_panel, order=30))
    register_portal_section(PortalSection("evidence", "evidence/_portal_section.html", panels.portal_section, order=30))
