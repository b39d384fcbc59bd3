"""The triage panel on the case page (registered through glasna.core.extensions)."""

from typing import Any

from django.http import HttpRequest

from glasna.intake import helplines, staff_access
from glasna.triage import images, routing, services


def panel_context(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    if keys is None or not case.report_id:
        return {"case": case, "locked": True, "routing": routing.explanation(case)}
    # The narrative is decrypted for this page only, as the case page itself does; never stored.
    _, answers = staff_access.open_answers(staff, keys, case.report_id, request, "triage")
    context = services.triage(case, str(answers.get("narrative") or ""))
    country = str(answers.get("country") or "")
    context.update(
        {
            "case": case,
            "child_helpline": helplines.helpline(country, "child_helpline") if context["minor_confirmed"] else None,
            "take_it_down": services.TAKE_IT_DOWN_URL,
            "routing": routing.explanation(case),
            "minor_offered": any(c.kind == "minor" and c.decision is None for c in context["cues"]),
            "images": images.previews(case, keys, images.revealed_in(request)),
            "blur_percent": round(images.explicitness.threshold() * 100),
        }
    )
    return context
