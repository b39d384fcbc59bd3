from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from glasna.core.extensions import nav_links


def site(request: HttpRequest) -> dict[str, Any]:
    """The language switcher's links (the same page in each language) and the current language."""
    current = get_language()
    path = request.get_full_path() if request.method == "GET" else request.path
    languages = [
        {
            "code": code,
            "name": settings.LANGUAGE_NAMES_LOCAL[code],
            "url": translate_url(path, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
    staff = getattr(request.user, "staff", None) if getattr(request, "user", None) is not None else None
    staff_nav = nav_links(staff.role) if staff is not None else []
    return {"glasna_languages": languages, "staff_nav": staff_nav}
