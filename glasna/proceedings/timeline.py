"""A case's proceedings as one chronology, for a PDF in the reader's language: the record of domestic
remedies an appeal, an ombudsperson complaint or an application to the European Court of Human Rights
asks for. Each proceeding with its steps, what was given, silences with their length, the filing
deadline and the protection-order breaches, and the warnings on doubtful input, so that a date the
caseworker was warned about is never printed as if it were sure."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.template.loader import render_to_string

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.services import get_case
from glasna.law.labels import CONFIDENCE
from glasna.proceedings import institutions, services
from glasna.proceedings.labels import WARNINGS


@dataclass(frozen=True)
class Entry:
    """One proceeding, ready for the page: labels are lazy translations, rendered in the reader's language."""

    view: services.ProceedingView
    state: services.Status
    institution_type: object
    confidence: object
    given: tuple[tuple[dt.date, int], ...]  # (day, number of items given that day)
    warnings: tuple[object, ...]


def entries(staff: StaffMember, org_keys: OrganisationKeys, case_id: int, today: dt.date) -> list[Entry]:
    """Raises CaseNotFound for a case the staff member may not see."""
    found = []
    for view, state in services.for_case(staff, org_keys, case_id, today):
        proceeding = view.proceeding
        given = Counter(g.given_on for g in proceeding.given.all())
        found.append(
            Entry(
                view,
                state,
                institutions.TYPES.get(proceeding.institution_type, proceeding.institution_type),
                CONFIDENCE.get(state.deadline.confidence) if state.deadline else None,
                tuple(sorted(given.items())),
                tuple(WARNINGS[code] for code in proceeding.warnings if code in WARNINGS),
            )
        )
    return found


def to_pdf(staff: StaffMember, org_keys: OrganisationKeys, case_id: int, today: dt.date) -> bytes:
    """In the active language (the reader's)."""
    from weasyprint import HTML  # imported here: only downloads need it (and it loads pango)

    case = get_case(staff, case_id)
    html = render_to_string(
        "proceedings/timeline_pdf.html",
        {"case": case, "entries": entries(staff, org_keys, case_id, today), "today": today},
    )
    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
