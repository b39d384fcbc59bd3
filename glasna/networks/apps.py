from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "glasna.networks"
    label = "networks"
    verbose_name = _("Networks")

    def ready(self) -> None:
        from glasna.accounts.models import Role
        from glasna.core import extensions
        from glasna.core.signals import sighting_recorded
        from glasna.networks import linkage, registry

        extensions.register_case_panel(
            extensions.CasePanel("networks", "networks/case_panel.html", linkage.panel_context, order=45)
        )
        extensions.register_nav_link(
            extensions.NavLink(
                "networks_spaces",
                "networks:spaces",
                _("Spaces"),
                order=45,
                roles=frozenset(str(role) for role in registry.ROLES),
            )
        )
        # Analysts have no registry, only the counts of spaces other organisations also name.
        extensions.register_nav_link(
            extensions.NavLink(
                "networks_elsewhere",
                "networks:elsewhere",
                _("Spaces reported elsewhere"),
                order=46,
                roles=frozenset({str(Role.ANALYST)}),
            )
        )
        # The survivor's own escrow proposals, from her portal (escrow_proposals.py).
        extensions.register_portal_section(
            extensions.PortalSection("networks_escrow", "networks/_portal_section.html", _portal_section, order=60)
        )
        sighting_recorded.connect(linkage.on_sighting, dispatch_uid="networks.on_sighting")
        pre_delete.connect(_report_deleted, sender="intake.Report", dispatch_uid="networks.escrow-report-deleted")
        post_delete.connect(_case_deleted, sender="cases.Case", dispatch_uid="networks.private-pages-case-deleted")


def _report_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A survivor who withdraws (her report deleted) has her escrow entries and pending proposals
    erased, and the pages only her report named (networks/private_pages.py)."""
    from glasna.networks import escrow, escrow_proposals, private_pages

    escrow.withdraw_for_report(instance.pk)
    escrow_proposals.withdraw_for_report(instance.pk)
    private_pages.forget_report(instance.pk)


def _portal_section(request: Any, access: Any, view: dict[str, Any]) -> dict[str, Any]:
    from glasna.networks import escrow_proposals
    from glasna.networks.forms import EscrowProposalForm
    from glasna.networks.models import MatchChoice

    return {
        "choices": dict(MatchChoice.choices),
        "has_case": escrow_proposals.case_of_report(access.report_id) is not None,
        "proposals": escrow_proposals.of_report(access.report_id),
        "form": EscrowProposalForm(),
    }


def _case_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A case deleted (retention): the private pages no other case names go with it."""
    from glasna.networks import private_pages

    private_pages.forget_unlinked(instance.organisation_id)
