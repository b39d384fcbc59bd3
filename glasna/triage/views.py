"""Triage views. Thin: check the case is the caseworker's to see, call a service, go back."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.cases import services as case_services
from glasna.cases.models import Case
from glasna.cases.services import get_case
from glasna.intake import staff_access
from glasna.triage import images, outgoing, services
from glasna.triage import notices as redaction


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


@require_http_methods(["GET", "POST"])
@staff_required
def notice_redaction(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Show what a notice would give away, let the caseworker correct it, and confirm."""
    from glasna.takedown.models import Notice

    keys = request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        return render(request, "cases/no_key.html", status=403)
    staff = request.staff  # type: ignore[attr-defined]
    notice = (
        Notice.objects.filter(pk=notice_id, organisation_id=staff.organisation_id)
        .select_related("case", "platform", "organisation")
        .first()
    )
    if notice is None or notice.case is None:
        raise Http404
    _case(request, notice.case_id)  # the notice follows its case's permissions
    correction = outgoing.Correction(
        keep=frozenset(request.POST.getlist("keep")),
        extra=tuple(line for line in request.POST.get("extra", "").splitlines() if line.strip()),
    )
    if request.method == "POST":
        if "names" in request.POST:
            redaction.set_names(staff, notice.case, request.POST["names"].splitlines(), request)
        if request.POST.get("action") == "confirm":
            redaction.confirm(staff, keys, notice, correction, request)
            messages.success(request, _("The notice is redacted as you checked it and may be sent."))
            return redirect("takedown:notice", notice_id=notice.pk)
    context = {
        "notice": notice,
        "previews": redaction.preview(notice, keys, correction),
        "names": "\n".join(redaction.names_of(notice.case, keys)),
        "extra": "\n".join(correction.extra),
        "checked": redaction.checked(notice),
        "kind_labels": redaction.KIND_LABELS,
    }
    return render(request, "triage/notice_redaction.html", context)
