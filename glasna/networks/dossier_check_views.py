"""The personal-data check of a dossier (networks/dossier_check.py): shown, corrected, confirmed,
audited. Thin. The export itself stays in dossier_views.py and follows the last check."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from glasna.accounts.access import staff_required
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.networks import dossier, dossier_check, registry
from glasna.networks.dossier_forms import DossierForm
from glasna.networks.models import EscrowMatch, Space
from glasna.triage.outgoing import Correction


def _staff(request: HttpRequest) -> StaffMember:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]  # set by staff_required
    if staff.role not in registry.ROLES:
        raise Http404
    return staff


def _choice(request: HttpRequest) -> dict[str, str]:
    form = DossierForm(request.POST if request.method == "POST" else request.GET)
    if form.is_valid():
        return dict(form.cleaned_data)
    languages = [code for code, _name in settings.LANGUAGES]
    return {"kind": dossier.PLATFORM, "language": get_language() if get_language() in languages else "en"}


def _correction(request: HttpRequest) -> Correction:
    return Correction(
        keep=frozenset(request.POST.getlist("keep")),
        extra=tuple(line.strip() for line in request.POST.get("extra", "").splitlines() if line.strip()),
    )


def _page(
    request: HttpRequest, staff: StaffMember, data: dict[str, Any], export_url: str, back_url: str
) -> HttpResponseBase:
    keys = request.org_keys  # type: ignore[attr-defined]
    correction = _correction(request) if request.method == "POST" else None
    if correction is not None and request.POST.get("action") == "confirm":
        dossier_check.confirm(staff, keys, data, correction, request)
        messages.success(request, _("The dossier is checked: it will leave as you confirmed it."))
        return redirect(f"{request.path}?{urlencode({'kind': data['kind'], 'language': data['language']})}")
    if correction is None:  # first view: start from the last decision, if any
        decision = dossier_check.last_decision(staff, keys, data) or {}
        correction = Correction(keep=frozenset(decision.get("keep", ())), extra=tuple(decision.get("extra", ())))
    context = {
        "data": data,
        "review": dossier_check.review(staff, keys, data, correction),
        "extra": "\n".join(correction.extra),
        "current": dossier_check.is_current(staff, keys, data),
        "export_url": export_url,
        "back_url": back_url,
        "form": DossierForm(initial={"kind": data["kind"], "language": data["language"]}),
    }
    return render(request, "networks/dossier_check.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def space_check(request: HttpRequest, space_id: int) -> HttpResponseBase:
    staff = _staff(request)
    space = Space.objects.filter(pk=space_id, organisation_id=staff.organisation_id).first()
    if space is None:
        raise Http404
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    choice = _choice(request)
    data = dossier.for_space(staff, space, choice["kind"], choice["language"])
    urls = reverse("networks:space_dossier", args=[space.pk]), reverse("networks:space", args=[space.pk])
    return _page(request, staff, data, *urls)


@require_http_methods(["GET", "POST"])
@staff_required
def match_check(request: HttpRequest, match_id: int) -> HttpResponseBase:
    staff = _staff(request)
    match = EscrowMatch.objects.filter(pk=match_id, organisation_id=staff.organisation_id).first()
    if match is None or match.case is None or not permissions.visible_cases(staff).filter(pk=match.case.pk).exists():
        raise Http404
    if request.org_keys is None:  # type: ignore[attr-defined]
        return render(request, "cases/no_key.html", status=403)
    choice = _choice(request)
    try:
        data = dossier.for_match(staff, match, choice["kind"], choice["language"])
    except dossier.DossierError as error:
        messages.error(request, str(error.message))
        return redirect("networks:escrow", case_id=match.case_id)
    urls = reverse("networks:match_dossier", args=[match.pk]), reverse("networks:escrow", args=[match.case_id])
    return _page(request, staff, data, *urls)
