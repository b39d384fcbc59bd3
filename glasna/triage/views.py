"""Confirming or dismissing a cue. Thin: check the case is the caseworker's to see, record, go back."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glasna.accounts.access import staff_required
from glasna.cases import services as case_services
from glasna.cases.services import get_case
from glasna.triage import services


@require_POST
@staff_required
def decide(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    try:
        case = get_case(request.staff, case_id)  # type: ignore[attr-defined]
    except case_services.CaseNotFound as exc:
        raise Http404 from exc
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
    return redirect("cases:report", report_id=case.report_id) if case.report_id else redirect("cases:inbox")
