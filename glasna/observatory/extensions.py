"""What the observatory adds to shared staff pages: the statistics panel on a case and the FOI
tracker in the staff navigation."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from glasna.core.extensions import CasePanel, NavLink, register_case_panel, register_nav_link
from glasna.observatory import forms
from glasna.observatory.models import StatisticalRecord


def case_panel(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    record = StatisticalRecord.objects.filter(report_id=case.report_id).first() if case.report_id else None
    if record is None:
        return {"consent": False, "case": case}
    initial = {name: getattr(record, name) for name in forms.CodingForm.base_fields}
    return {"consent": True, "case": case, "record": record, "form": forms.CodingForm(initial=initial, prefix=None)}


def register() -> None:
    register_case_panel(
        CasePanel(key="observatory", template="observatory/_case_panel.html", context=case_panel, order=300)
    )
    register_nav_link(
        NavLink(key="observatory_foi", url_name="observatory_staff:foi_list", label=_("FOI requests"), order=300)
    )
