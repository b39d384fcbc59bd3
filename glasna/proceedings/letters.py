"""Follow-up letters for a silent institution: an urgency to the institution itself and a complaint
to the body above it (the lawyer chooses: higher prosecutor's office or ombudsperson), drafted in
the jurisdiction's language like the law room's drafts and exported by its DOCX and PDF writers.

The texts live beside the law room's drafts (`glasna/law/drafts/<language>/followup_*.txt`) and share
their words (`terms.yaml`), draft mark included. They state only the proceeding's facts (dates, the
number of evidence items given, the days without an answer). The law knowledge base holds no entry
on a right to be informed or on the supervising authority, so the letters cite no legal basis at all
rather than invent one; the lawyer adds it."""

import datetime as dt
import re

from django.template import Context, Engine

from glasna.law import documents
from glasna.proceedings.deadlines import Silence
from glasna.proceedings.models import Proceeding, StepKind

KINDS = ("followup_urgency", "followup_complaint")
_engine = Engine(dirs=[str(documents.DRAFTS_DIR)], autoescape=False, string_if_invalid="{{ MISSING }}")


class LetterNotAvailable(Exception):
    """No letter fits: the institution is not silent past the threshold, or Glasna has no text for
    the jurisdiction's language."""


def available(proceeding: Proceeding, silence: Silence | None) -> bool:
    return silence is not None and silence.passed and proceeding.jurisdiction in documents.LANGUAGE


def _date(day: dt.date | None, words: dict[str, object]) -> str:
    return day.strftime("%d.%m.%Y") if day else str(words["unknown_date"])


def render(
    kind: str,
    proceeding: Proceeding,
    institution_name: str,
    silence: Silence | None,
    today: dt.date,
) -> documents.Draft:
    """The filled letter; `institution_name` is the decrypted name staff typed."""
    if kind not in KINDS or silence is None or not available(proceeding, silence):
        raise LetterNotAvailable(kind)
    code = proceeding.jurisdiction
    language = documents.LANGUAGE[code]
    words = documents.terms(language)
    place = words["jurisdictions"][code]
    filed = [s.on for s in proceeding.steps.all() if s.kind == StepKind.FILED]
    fallback = place["court"] if proceeding.institution_type == "court" else place["prosecutor"]
    context = {
        "w": words,
        "place": place,
        "institution": institution_name or fallback,
        "case_number": str(proceeding.case_id),
        "today": _date(today, words),
        "filed_on": _date(min(filed) if filed else None, words),
        "given": proceeding.given.count(),
        "since": _date(silence.since, words),
        "days": silence.days,
    }
    # Plain text, escaped later by the PDF's HTML template: a Context escapes by default ("&#x27;").
    text = _engine.get_template(f"{language}/{kind}.txt").render(Context(context, autoescape=False))
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        chunk = " ".join(line.strip() for line in chunk.splitlines() if line.strip())
        if chunk.startswith("# "):
            blocks.append(("h", chunk[2:]))
        elif chunk:
            blocks.append(("p", chunk))
    title = next((t for k, t in blocks[1:] if k == "h"), kind)
    return documents.Draft(kind, code, language, title, tuple(blocks))
