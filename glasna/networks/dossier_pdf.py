"""A dossier's PDF: the JSON's content, labelled in the reader's language (WeasyPrint, as the
evidence report). Free text entered by staff (a member count's source, aliases) stays as written."""

from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from glasna.networks import dossier_counts
from glasna.networks.models import IdentifierKind, SpaceKind, Status
from glasna.observatory import codebook


def _label(choices: Any, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code


def context(data: dict[str, Any]) -> dict[str, Any]:
    from glasna.takedown.models import NoticeStatus

    spaces = [
        {
            **space,
            "kind_label": _label(SpaceKind, space["kind"]),
            "identifier_kind_label": _label(IdentifierKind, space["identifier_kind"]),
            "statuses": [{**e, "label": _label(Status, e["status"])} for e in space["status_history"]],
        }
        for space in data["spaces"]
    ]
    notices = [{**n, "status_label": _label(NoticeStatus, n["status"])} for n in data["notices"]]
    victims = [(codebook.label("country", c), n) for c, n in data.get("victims_by_country", {}).items()]
    names = {space["id"]: space["display_name"] or f"#{space['id']}" for space in data["spaces"]}
    return {
        "data": data,
        "spaces": spaces,
        "lineage": [names.get(pk, f"#{pk}") for pk in data["lineage"]],
        "notices": notices,
        "victims": victims,
        "generated": datetime.now(UTC),
        **dossier_counts.pdf_context(data),
    }


def render(data: dict[str, Any]) -> bytes:
    with translation.override(data["language"]):
        html = render_to_string("networks/dossier_pdf.html", context(data))
    fetch_nothing = URLFetcher(allowed_protocols=())  # self-contained: nothing fetched by URL
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return pdf
