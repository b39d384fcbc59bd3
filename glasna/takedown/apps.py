from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TakedownConfig(AppConfig):
    name = "glasna.takedown"
    label = "takedown"
    verbose_name = _("Takedown")

    def ready(self) -> None:
        from glasna.core import extensions
        from glasna.core.signals import sighting_recorded
        from glasna.takedown import panel, tracking

        extensions.register_case_panel(
            extensions.CasePanel("takedown", "takedown/case_panel.html", panel.context, order=40)
        )
        extensions.register_nav_link(extensions.NavLink("takedown_due", "takedown:due", _("Notices due"), order=40))
        extensions.register_nav_link(
            extensions.NavLink("takedown_figures", "takedown:figures", _("Platform figures"), order=41)
        )
        extensions.register_nav_link(
            extensions.NavLink("takedown_campaigns", "takedown:campaigns", _("Reporting campaigns"), order=42)
        )
        sighting_recorded.connect(tracking.on_sighting, dispatch_uid="takedown.on_sighting")
