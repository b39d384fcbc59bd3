"""The takedown panel on the case page: this case's notices and the form to draft new ones."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from glasna.takedown import sources
from glasna.takedown.models import Notice


def context(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    notices = list(Notice.objects.filter(case=case).select_related("platform"))
    return {
        "case": case,
        "notices": notices,
        "items": [i for i in sources.list_items(staff, keys, case, request) if i.url],
        "languages": settings.LANGUAGES,
        "language": getattr(request, "LANGUAGE_CODE", "en"),
        "evidence_room": sources.evidence_api() is not None,
    }
