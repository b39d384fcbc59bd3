"""The proceedings panel on the case page: each proceeding with its next deadline, any silence and
breach count, and the form to add one."""

from typing import Any

from django.http import HttpRequest

from glasna.proceedings import clock, services
from glasna.proceedings.forms import ProceedingForm


def context(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    today = clock.today()
    countries = case.organisation.countries or []
    jurisdiction = countries[0] if countries else ""
    return {
        "case": case,
        "rows": services.for_case(staff, keys, case.pk, today) if keys is not None else [],
        "form": ProceedingForm(initial={"jurisdiction": jurisdiction}),
        "today": today,
    }
