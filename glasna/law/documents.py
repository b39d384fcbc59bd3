"""Document drafts for a lawyer to review: filled from the case and the navigator, in the
jurisdiction's language, as DOCX and PDF.

The body text is legal text in a fixed language, so it lives in template files under
`glasna/law/drafts/<language>/` (one per kind, plus `terms.yaml` for the words the templates
share), not in the UI's translation catalogues."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.template import Context, Engine
from django.template.loader import render_to_string

from glasna.law import navigator
from glasna.law.facts import Facts

DRAFTS_DIR = Path(__file__).parent / "drafts"
KINDS = ("criminal_complaint", "private_lawsuit", "protection_order", "civil_claim", "foi_request")
FORMATS = ("docx", "pdf")
# The language a jurisdiction's papers are written in (Serbian, Montenegrin and Bosnian share the Latin text;
# Croatian has its own, with Croatian legal terms).
LANGUAGE = {
    "AL": "sq",
    "XK": "sq",
    "MK": "mk",
    "RS": "sr-latn",
    "ME": "sr-latn",
    "BA-FBIH": "sr-latn",
    "BA-RS": "sr-latn",
    "HR": "hr",
}
# Anything left of template syntax means a draft was not fully filled.
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")
# A variable missing from the context renders as template syntax, which LEFTOVER then catches.
_engine = Engine(dirs=[str(DRAFTS_DIR)], autoescape=False, string_if_invalid="{{ MISSING }}")


class DraftNotAvailable(Exception):
    """No such draft for this jurisdiction and these facts (e.g. a private lawsuit where none is the route)."""


@dataclass(frozen=True)
class CaseDetails:
    """What the drafts say about the case, from its decrypted answers (staff with access only)."""

    case_number: str
    narrative: str
    links: str
    perpetrator: str


@dataclass(frozen=True)
class Draft:
    kind: str
    jurisdiction: str
    language: str
    title: str
    blocks: tuple[tuple[str, str], ...]  # ("h" | "p", text)

    @property
    def text(self) -> str:
        return "\n\n".join(text for _kind, text in self.blocks)


def terms(language: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DRAFTS_DIR / language / "terms.yaml").read_text(encoding="utf-8"))
    return loaded


def kinds_for(guidance: navigator.JurisdictionGuidance) -> list[str]:
    """The drafts that fit: a private lawsuit outline only where a private lawsuit is a route."""
    if not guidance.is_national or guidance.jurisdiction.code not in LANGUAGE:
        return []
    private = any(route.mode == "private_lawsuit" for route in guidance.routes)
    return [kind for kind in KINDS if kind != "private_lawsuit" or private]


def _date(day: dt.date | None, words: dict[str, Any]) -> str:
    return day.strftime("%d.%m.%Y") if day else str(words["unknown_date"])


def _provision_line(applicable: navigator.Applicable, words: dict[str, Any], code_name: str) -> str:
    provision = applicable.provision
    article = f"{words['article']} {provision.article}" if provision.article else str(words["article_unknown"])
    line = f"{article} {code_name} ({provision.title.original or provision.title.en})"
    return line if applicable.confirmed else f"{line} — {words['to_confirm']}"


def _deadline(due: navigator.DueDate, words: dict[str, Any]) -> str:
    if due.due is not None:
        line = f"{words['deadline_by']} {_date(due.due, words)} ({words['deadline_counted_from']} {_date(due.counted_from, words)})"
        if due.general:
            line = f"{line} — {words['deadline_general']}"
        # Whose knowledge the date rests on, so the lawyer never takes a general rule for a checked one.
        return f"{line} ({words['deadline_basis'][due.confidence]})"
    return str(words["deadline_not_stated"])


def context(kind: str, facts: Facts, guidance: navigator.JurisdictionGuidance, details: CaseDetails) -> dict[str, Any]:
    code = guidance.jurisdiction.code
    words = terms(LANGUAGE[code])
    place = words["jurisdictions"][code]
    found = list(guidance.applicable)
    private = [r for r in guidance.routes if r.mode == "private_lawsuit"]
    return {
        "w": words,
        "place": place,
        "case_number": details.case_number,
        "today": _date(facts.today, words),
        "happened_on": _date(facts.happened_on, words),
        "learnt_on": _date(facts.learnt_on, words),
        "forms": "; ".join(str(words["forms"].get(f, f)) for f in facts.forms),
        "platforms": ", ".join(str(words["platforms"].get(p, p)) for p in facts.platforms) or words["not_given"],
        "relationship": words["relationships"].get(facts.relationship, words["not_given"]),
        "is_child": facts.is_child,
        "narrative": details.narrative or words["not_given"],
        "links": details.links or words["not_given"],
        "perpetrator": details.perpetrator or words["perpetrator_unknown"],
        "provisions": [_provision_line(a, words, place["code_name"]) for a in found],
        "private_provisions": [
            f"{_provision_line(next(a for a in found if a.provision is r.provision), words, place['code_name'])}: "
            f"{_deadline(r.deadline, words)}"
            for r in private
        ],
        "remedies": [
            f"{r.remedy.basis or words['basis_not_stated']}: "
            + (_deadline(r.deadline, words) if r.deadline else str(words["deadline_not_stated"]))
            for r in guidance.remedies
        ],
    }


def render(kind: str, facts: Facts, guidance: navigator.JurisdictionGuidance, details: CaseDetails) -> Draft:
    if kind not in kinds_for(guidance):
        raise DraftNotAvailable(kind)
    language = LANGUAGE[guidance.jurisdiction.code]
    text = _engine.get_template(f"{language}/{kind}.txt").render(
        # Plain text: a DOCX writes it as is and the PDF template escapes it. An escaping Context
        # would print "O&#x27;Neil" and "&amp;" into the lawyer's draft.
        Context(context(kind, facts, guidance, details), autoescape=False)
    )
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if chunk.startswith("# "):
            blocks.append(("h", chunk[2:]))
        elif chunk:
            blocks.append(("p", chunk))
    title = blocks[0][1] if blocks and blocks[0][0] == "h" else kind
    return Draft(kind, guidance.jurisdiction.code, language, title, tuple(blocks))


def to_docx(draft: Draft) -> bytes:
    from docx import Document  # imported here: only downloads need it

    document = Document()
    document.core_properties.title = draft.title
    document.core_properties.language = draft.language
    for kind, text in draft.blocks:
        if kind == "h":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(draft: Draft) -> bytes:
    from weasyprint import HTML  # imported here: only downloads need it (and it loads pango)

    html = render_to_string("law/draft_pdf.html", {"draft": draft})
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf


def filename(draft: Draft, fmt: str) -> str:
    return f"glasna-draft-{draft.jurisdiction.lower()}-{draft.kind.replace('_', '-')}.{fmt}"
