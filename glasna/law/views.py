"""The law pages: "know your rights" (public, nothing stored), the coverage matrix, and for staff the
detailed guidance for a case and its document drafts. Thin: parse, call the law modules, render."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from glasna.accounts.access import staff_required
from glasna.core import audit
from glasna.intake import staff_access
from glasna.law import coverage, documents, knowledge, navigator, services
from glasna.law.forms import FactsForm
from glasna.law.schema import COVERAGE_COLUMNS


@never_cache
@require_http_methods(["GET", "POST"])
def rights(request: HttpRequest) -> HttpResponse:
    """The visitor's facts come in a POST and go back out in the page: nothing is saved or logged."""
    form = FactsForm(request.POST if request.method == "POST" else None)
    guidance = None
    if request.method == "POST" and form.is_valid():
        facts = form.facts()
        guidance = navigator.navigate(facts)
    context = {
        "form": form,
        "guidance": guidance,
        "legal_aid": services.legal_aid(guidance.facts.survivor_country) if guidance else [],
    }
    return render(request, "law/rights.html", context, status=400 if form.errors else 200)


@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    kb = knowledge.cached()
    rows = coverage.matrix(kb.jurisdictions)
    missing = [j for code, j in sorted(kb.jurisdictions.items()) if code not in rows]
    return render(request, "law/matrix.html", {"columns": COVERAGE_COLUMNS, "rows": rows, "kb": kb, "missing": missing})


@require_GET
def matrix_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(knowledge.coverage_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="glasna-table6-coverage.csv"'
    return response


def _case(request: HttpRequest, report_id: UUID) -> services.CaseGuidance:
    try:
        return services.for_report(request.staff, request.org_keys, report_id, request)  # type: ignore[attr-defined]
    except staff_access.ReportNotFound as exc:
        raise Http404 from exc


@require_GET
@staff_required
def case_guidance(request: HttpRequest, report_id: UUID) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    found = _case(request, report_id)
    drafts = {g.jurisdiction.code: documents.kinds_for(g) for g in found.guidance.jurisdictions}
    return render(
        request,
        "law/case.html",
        {
            "case": found.report.case,
            "report_id": report_id,
            "facts": found.facts,
            "guidance": found.guidance,
            "drafts": drafts,
            "formats": documents.FORMATS,
            "legal_aid": services.legal_aid(found.facts.survivor_country),
        },
    )


@require_GET
@staff_required
def draft(request: HttpRequest, report_id: UUID, jurisdiction: str, kind: str, fmt: str) -> HttpResponse:
    """A filled draft; survivor facts come from the decrypted report, so only staff with access get one."""
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    if fmt not in documents.FORMATS or kind not in documents.KINDS:
        raise Http404
    found = _case(request, report_id)
    guidance = found.guidance.for_code(jurisdiction)
    if guidance is None:
        raise Http404
    details = documents.CaseDetails(
        case_number=str(found.report.case.pk),
        narrative=str(found.answers.get("narrative") or ""),
        links=str(found.answers.get("links") or ""),
        perpetrator=str(found.answers.get("perpetrator") or ""),
    )
    try:
        filled = documents.render(kind, found.facts, guidance, details)
    except documents.DraftNotAvailable as exc:
        raise Http404(_("This draft does not fit this case.")) from exc
    content = documents.to_docx(filled) if fmt == "docx" else documents.to_pdf(filled)
    audit.record(
        "law.draft_downloaded",
        actor=request.user.get_username(),
        target=f"report:{report_id}:{jurisdiction}:{kind}.{fmt}",
        organisation_id=request.staff.organisation_id,  # type: ignore[attr-defined]
        request=request,
    )
    content_type = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if fmt == "docx"
        else "application/pdf"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.filename(filled, fmt)}"'
    response["Cache-Control"] = "no-store"
    return response
