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
        sighting_recorded.connect(linkage.on_sighting, dispatch_uid="networks.on_sighting")
        pre_delete.connect(_report_deleted, sender="intake.Report", dispatch_uid="networks.escrow-report-deleted")
        post_delete.connect(_case_deleted, sender="cases.Case", dispatch_uid="networks.private-pages-case-deleted")


def _report_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A survivor who withdraws (her report deleted) has her escrow entries erased, and the pages
    only her report named (networks/private_pages.py)."""
    from glasna.networks import escrow, private_pages

    escrow.withdraw_for_report(instance.pk)
    private_pages.forget_report(instance.pk)


def _case_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A case deleted (retention): the private pages no other case names go with it."""
    from glasna.networks import private_pages

    private_pages.forget_unlinked(instance.organisation_id)
