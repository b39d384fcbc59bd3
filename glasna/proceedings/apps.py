from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "glasna.proceedings"
    label = "proceedings"
    verbose_name = _("Proceedings")

    def ready(self) -> None:
        from glasna.accounts.models import KEY_HOLDING_ROLES, Role
        from glasna.core import extensions
        from glasna.proceedings import panel

        extensions.register_case_panel(
            extensions.CasePanel("proceedings", "proceedings/case_panel.html", panel.context, order=35)
        )
        extensions.register_nav_link(
            extensions.NavLink(
                "proceedings_attention",
                "proceedings:attention",
                _("Proceedings needing attention"),
                order=39,
                roles=frozenset(KEY_HOLDING_ROLES),
            )
        )
        extensions.register_nav_link(
            extensions.NavLink(
                "proceedings_settings",
                "proceedings:settings",
                _("Silence thresholds"),
                order=310,
                roles=frozenset({Role.ORG_ADMIN}),
            )
        )
