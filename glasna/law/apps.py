from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest


def _portal_section(request: HttpRequest, access: Any, view: dict[str, Any]) -> dict[str, Any]:
    """The survivor's rights, from her own answers (already decrypted for her page)."""
    from glasna.law import services

    guidance = services.for_answers(view["answers"], view["report"].received_on)
    return {"guidance": guidance, "legal_aid": services.legal_aid(guidance.facts.survivor_country)}


def _case_panel(request: HttpRequest, staff: Any, org_keys: Any, case: Any) -> dict[str, Any]:
    # Only a link: the full page decrypts and audits the report itself.
    return {"report_id": case.report_id}


class LawConfig(AppConfig):
    name = "glasna.law"
    label = "law"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from glasna.core.extensions import (
            CasePanel,
            NavLink,
            PortalSection,
            register_case_panel,
            register_nav_link,
            register_portal_section,
        )

        register_portal_section(PortalSection("law", "law/_portal_section.html", _portal_section, order=50))
        register_case_panel(CasePanel("law", "law/_case_panel.html", _case_panel, order=50))
        register_nav_link(NavLink("law-coverage", "law:matrix", _("Legal coverage"), order=80))
