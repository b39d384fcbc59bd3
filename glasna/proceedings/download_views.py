"""Downloads of the proceedings room: the follow-up letters to a silent institution, a case's
chronology of proceedings and the organisation's anonymised timeline report. Each download is in the
audit log; the chronology and the report, which gather many proceedings in one file, also need a
fresh step-up."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from glasna.accounts.access import staff_required
from glasna.accounts.models import Role
from glasna.accounts.step_up import require_step_up
from glasna.core import audit
from glasna.law import documents
from glasna.observatory import disclosure, downloads
from glasna.proceedings import clock, institutions, letters, org_report, services, timeline
from glasna.proceedings.labels import WARNINGS
from glasna.proceedings.models import Kind, Outcome, StepKind

REPORT_COLUMNS = ["row", "jurisdiction", "institution_type", "kind", "outcome", "steps", "warnings"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _file(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
def letter(request: HttpRequest, proceeding_id: int, kind: str, fmt: str) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    if kind not in letters.KINDS or fmt not in documents.FORMATS:
        raise Http404
    try:
        proceeding = services.get(request.staff, proceeding_id)  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    today = clock.today()
    view = services.opened(request.staff, request.org_keys, proceeding)  # type: ignore[attr-defined]
    try:
        draft = letters.render(
            kind, proceeding, view.institution_name, services.status(proceeding, today).silence, today
        )
    except letters.LetterNotAvailable as exc:
        raise Http404 from exc
    content = documents.to_docx(draft) if fmt == "docx" else documents.to_pdf(draft)
    audit.record(
        "proceedings.letter_downloaded",
        actor=request.user.get_username(),
        target=f"proceeding:{proceeding.pk}:{kind}.{fmt}",
        organisation_id=request.staff.organisation_id,  # type: ignore[attr-defined]
        request=request,
    )
    return _file(content, DOCX if fmt == "docx" else "application/pdf", documents.filename(draft, fmt))


@require_GET
@staff_required
@require_step_up
def chronology(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    try:
        content = timeline.to_pdf(request.staff, request.org_keys, case_id, clock.today())  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    audit.record(
        "proceedings.chronology_downloaded",
        actor=request.user.get_username(),
        target=f"case:{case_id}",
        organisation_id=request.staff.organisation_id,  # type: ignore[attr-defined]
        request=request,
    )
    return _file(content, "application/pdf", f"glasna-proceedings-case-{case_id}.pdf")


@require_GET
@staff_required
@require_step_up
def organisation_report(request: HttpRequest) -> HttpResponse:
    """Administrators and analysts: codes and months only, so no key is needed."""
    staff = request.staff  # type: ignore[attr-defined]
    if staff.role not in (Role.ORG_ADMIN, Role.ANALYST):
        raise Http404
    report = org_report.build(staff.organisation_id, disclosure.threshold())
    steps, outcomes, warnings = dict(StepKind.choices), dict(Outcome.choices), WARNINGS
    rows = [
        {
            "row": n,
            "jurisdiction": line.jurisdiction,
            "institution_type": str(institutions.TYPES.get(line.institution_type, line.institution_type)),
            "kind": str(dict(Kind.choices).get(line.kind, line.kind)),
            "outcome": str(outcomes.get(line.outcome, line.outcome)),
            "steps": "; ".join(f"{month} {steps.get(kind, kind)}" for kind, month in line.steps),
            "warnings": " ".join(str(warnings[c]) for c in line.warnings if c in warnings),
        }
        for n, line in enumerate(report.lines, start=1)
    ]
    audit.record(
        "proceedings.organisation_report",
        actor=request.user.get_username(),
        target=f"organisation:{staff.organisation_id}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    if request.GET.get("format") == "csv":
        response = downloads.csv_response(rows, REPORT_COLUMNS, "glasna-proceedings-anonymised")
        response["Cache-Control"] = "no-store"
        return response
    context = {"rows": rows, "some_withheld": report.some_withheld, "threshold": disclosure.threshold()}
    return render(request, "proceedings/org_report.html", context)
