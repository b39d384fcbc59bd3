"""Referral pages: the referring form on the case page, and the receiving organisation's inbox."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import referrals, services
from glasna.cases.models import Case, SharedPart
from glasna.cases.referral_forms import ReferralForm, RespondForm
from glasna.intake import taxonomy as t
from glasna.intake.forms import STEPS


def context(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> dict[str, Any]:
    """What the case page shows of this part."""
    return {"referrals": referrals.outgoing(staff, org_keys, case), "referral_form": ReferralForm(staff=staff)}


@require_POST
@staff_required
def create(request: HttpRequest, case_id: int) -> HttpResponse:
    staff, keys = request.staff, request.org_keys  # type: ignore[attr-defined]
    try:
        case = services.get_case(staff, case_id)
    except services.CaseNotFound as exc:
        raise Http404 from exc
    form = ReferralForm(request.POST, staff=staff)
    if form.is_valid() and keys is not None:
        data = form.cleaned_data
        try:
            referrals.create(
                staff,
                keys,
                case_id,
                data["to_org"],
                data["service"],
                data["parts"],
                data["note"],
                data["consent_channel"],
                request,
            )
        except (services.NotAllowed, services.CaseNotFound):
            messages.error(request, _("This referral could not be made. Check the organisation and what to share."))
        else:
            messages.success(request, _("Referral recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("cases:report", report_id=case.report_id)


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/referrals.html", {"incoming": referrals.incoming(request.staff)})  # type: ignore[attr-defined]


_FIELD_LABELS = {name: str(field.label) for step in STEPS for name, field in step.base_fields.items()}


@require_http_methods(["GET", "POST"])
@staff_required
def detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    staff, keys = request.staff, request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        raise Http404
    form = RespondForm(request.POST or None, staff=staff)
    try:
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                referrals.respond(
                    staff, keys, referral_id, data["version"], data["action"], data["text"], data["assignee"], request
                )
            except services.StaleCase:
                messages.error(
                    request, _("Someone answered this referral while you were looking at it. Nothing was overwritten.")
                )
            except services.NotAllowed:
                messages.error(request, _("That answer is not possible from the referral's current status."))
            return redirect("cases:referral", referral_id=referral_id)
        view = referrals.open_incoming(staff, keys, referral_id, request)
    except referrals.ReferralNotFound as exc:
        raise Http404 from exc
    answers = view["answers"]
    shown = []
    for name in [
        "forms",
        "narrative",
        "platforms",
        "links",
        "when",
        "relationship",
        "perpetrator",
        "country",
        "age_band",
        "gender",
        "contact_method",
        "contact_value",
    ]:
        value = answers.get(name)
        if not value:
            continue
        shown.append((_FIELD_LABELS.get(name, name), t.display(name, value)))
    if request.method == "GET":
        form = RespondForm(initial={"version": view["referral"].version}, staff=staff)
    view.update({"shown": shown, "form": form, "parts": [SharedPart(p).label for p in view["referral"].parts]})
    return render(request, "cases/referral.html", view, status=400 if form.errors else 200)


@require_GET
@staff_required
def download(request: HttpRequest, referral_id: int, file_id: int) -> HttpResponse:
    staff, keys = request.staff, request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        raise Http404
    try:
        meta, content = referrals.referral_file(staff, keys, referral_id, file_id)
    except referrals.ReferralNotFound as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=meta["type"])
    response["Content-Disposition"] = f'attachment; filename="{meta["sha256"][:16]}.{meta["name"].rsplit(".", 1)[-1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
