"""The joint complaint's cover letter as a PDF: a draft to the competent public prosecutor, in the
language chosen (WeasyPrint, as the dossiers). Organisation names and contacts stay as typed."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from glasna.law import labels


def context(letter: dict[str, Any]) -> dict[str, Any]:
    provisions = [
        {**p, "confidence_label": str(labels.CONFIDENCE.get(p["confidence"], ""))} for p in letter["provisions"]
    ]
    return {"letter": letter, "provisions": provisions}


def render(letter: dict[str, Any]) -> bytes:
    with translation.override(letter["language"]):
        html = render_to_string("networks/complaint_pdf.html", context(letter))
    fetch_nothing = URLFetcher(allowed_protocols=())  # self-contained: nothing fetched by URL
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return pdf
