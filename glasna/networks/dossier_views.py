"""Dossier exports (step-up, audited, only as checked for personal data) and the survivor's consent
to coordinated action. Thin."""

import io
import json
import zipfile
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import StaffMember
from glasna.accounts.step_up import require_step_up
from glasna.cases import permissions
from glasna.core import audit
from glasna.networks import coordination, dossier, dossier_check, dossier_pdf, registry
from glasna.networks.dossier_forms import ConsentForm, DossierForm
from glasna.networks.models import EscrowMatch, Space


def _staff(request: HttpRequest) -> StaffMember:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]  # set by staff_required
    if staff.role not in registry.ROLES:
        raise Http404
    return staff


def _archive(request: HttpRequest, staff: StaffMember, data: dict[str, Any], name: str) -> HttpResponseBase:
    """The ZIP of the dossier as its last personal-data check lets it leave; without a check that
    covers the content as it is now, the check page instead."""
    keys = request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        return render(request, "cases/no_key.html", status=403)
    try:
        data = dossier_check.redacted(staff, keys, data)
    except dossier_check.NotChecked:
        messages.error(request, _("Check the personal data this dossier gives away before exporting it."))
        kind, number = name.split(":")
        query = urlencode({"kind": data["kind"], "language": data["language"]})
        return redirect(f"{reverse(f'networks:{kind}_dossier_check', args=[int(number)])}?{query}")
    pdf = dossier_pdf.render(data)
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dossier.json", json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True))
        archive.writestr("dossier.pdf", pdf)
    cases = data.get("cases", {})
    included = cases.get("included", 0) if isinstance(cases, dict) else 0
    audit.record(
        "networks.dossier_exported",
        actor=staff.user.get_username(),
        target=f"{name} kind:{data['kind']} cases:{included}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    response = HttpResponse(sink.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="dossier-{data["kind"]}-{name.replace(":", "-")}.zip"'
    return response


@require_POST
@staff_required
@require_step_up
def space_dossier(request: HttpRequest, space_id: int) -> HttpResponseBase:
    staff = _staff(request)
    space = Space.objects.filter(pk=space_id, organisation_id=staff.organisation_id).first()
    if space is None:
        raise Http404
    form = DossierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of dossier and the language of its PDF."))
        return redirect("networks:space", space_id=space.pk)
    data = dossier.for_space(staff, space, form.cleaned_data["kind"], form.cleaned_data["language"])
    return _archive(request, staff, data, f"space:{space.pk}")


@require_POST
@staff_required
@require_step_up
def match_dossier(request: HttpRequest, match_id: int) -> HttpResponseBase:
    staff = _staff(request)
    match = EscrowMatch.objects.filter(pk=match_id, organisation_id=staff.organisation_id).first()
    if match is None or match.case is None or not permissions.visible_cases(staff).filter(pk=match.case.pk).exists():
        raise Http404
    form = DossierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of dossier and the language of its PDF."))
        return redirect("networks:escrow", case_id=match.case_id)
    try:
        data = dossier.for_match(staff, match, form.cleaned_data["kind"], form.cleaned_data["language"])
    except dossier.DossierError as error:
        messages.error(request, str(error.message))
        return redirect("networks:escrow", case_id=match.case_id)
    return _archive(request, staff, data, f"match:{match.pk}")


@require_POST
@staff_required
def coordination_consent(request: HttpRequest, case_id: int) -> HttpResponseBase:
    """Record or withdraw the survivor's consent to coordinated action, from the escrow page."""
    staff = _staff(request)
    case = permissions.visible_cases(staff).filter(pk=case_id).first()
    if case is None:
        raise Http404
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the survivor gave her consent."))
        return redirect("networks:escrow", case_id=case.pk)
    try:
        if form.cleaned_data["action"] == "withdraw":
            coordination.withdraw(staff, case)
        else:
            coordination.record(staff, case, form.cleaned_data["channel"])
    except coordination.ConsentError as error:
        messages.error(request, str(error.message))
        return redirect("networks:escrow", case_id=case.pk)
    messages.success(request, _("Recorded."))
    return redirect("networks:escrow", case_id=case.pk)
