from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "glasna.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        from glasna.core import extensions
        from glasna.triage import panel

        # Early on the page: a cue is a reason to read the rest sooner.
        extensions.register_case_panel(
            extensions.CasePanel("triage", "triage/case_panel.html", panel.panel_context, order=5)
        )
        extensions.register_nav_link(
            extensions.NavLink(
                key="triage_languages", url_name="triage:my_languages", label=_("My languages"), order=400
            )
        )
