from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceedingsConfig(AppConfig):
    name = "glasna.proceedings"
    label = "proceedings"
    verbose_name = _("Proceedings")

    def ready(self) -> None:
        from glasna.core import extensions
        from glasna.proceedings import panel

        extensions.register_case_panel(
            extensions.CasePanel("proceedings", "proceedings/case_panel.html", panel.context, order=35)
        )
