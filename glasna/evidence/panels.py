"""Context for the evidence panel on the case page and the section on the survivor's report page."""

from typing import Any

from django.http import HttpRequest

from glasna.evidence import services


def case_panel(request: HttpRequest, staff: Any, org_keys: Any, case: Any) -> dict[str, Any]:
    if org_keys is None or case.report_id is None:
        return {"case": case, "items": [], "available": False}
    items = services.case_items(staff, org_keys, case.pk, request)
    imported = {view.item.source_attachment_id for view in items}
    return {"case": case, "items": items, "available": True, "imported": imported}


def portal_section(request: HttpRequest, access: Any, view: dict[str, Any]) -> dict[str, Any]:
    return {"items": services.survivor_items(access.report_id, access.data_key)}
