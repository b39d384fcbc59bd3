"""Triage views. Thin: check the case is the caseworker's to see, call a service, go back."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from glasna.accounts.access import staff_required
from glasna.cases import services as case_services
from glasna.cases.models import Case
from glasna.cases.services import get_case
from glasna.intake import staff_access
from glasna.triage import images, services


def _case(request: HttpRequest, case_id: int) -> Case:
    try:
        return get_case(request.staff, case_id)  # type: ignore[attr-defined]
    except case_services.CaseNotFound as exc:
        raise Http404 from exc


def _back(case: Case) -> HttpResponse:
    return redirect("cases:report", report_id=case.report_id) if case.report_id else redirect("cases:inbox")


@require_POST
@staff_required
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    case = _case(request, case_id)
    try:
        services.decide(
            request.staff,  # type: ignore[attr-defined]
            case,
            request.POST.get("kind", ""),
            request.POST.get("decision", ""),
            request,
        )
    except services.UnknownCue:
        messages.error(request, _("That is not a cue triage knows."))
    else:
        messages.success(request, _("Your decision on the cue is recorded."))
    return _back(case)


@require_GET
@staff_required
def preview(request: HttpRequest, case_id: int, attachment_id: UUID) -> HttpResponse:
    """A small PNG of an image sent with the report, blurred unless it may be shown."""
    keys = request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        return render(request, "cases/no_key.html", status=403)
    case = _case(request, case_id)
    if not case.report_id:
        raise Http404
    try:
        _, content = staff_access.attachment(request.staff, keys, case.report_id, attachment_id, request)  # type: ignore[attr-defined]
    except staff_access.ReportNotFound as exc:
        raise Http404 from exc
    blurred = images.is_blurred(case, keys, attachment_id, images.revealed_in(request))
    response = HttpResponse(images.render(content, blurred), content_type="image/png")
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@staff_required
def reveal(request: HttpRequest, case_id: int, attachment_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    images.reveal(request.staff, case, attachment_id, request)  # type: ignore[attr-defined]
    return _back(case)
