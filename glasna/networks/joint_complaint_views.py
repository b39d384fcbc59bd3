"""Pages of joint complaints: a member's page (answer, what it shows, leave, record the filing) and
its complaint pack (step-up, the personal-data check of its dossier, audited). Thin:
joint_complaints.py decides."""

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
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import StaffMember
from glasna.accounts.step_up import require_step_up
from glasna.networks import dossier, dossier_check, dossier_pdf, joint_complaint_pdf, joint_complaints
from glasna.networks.joint_complaint_forms import FilingForm, PackForm, SharesForm
from glasna.networks.models import ComplaintMember, ComplaintState


def _member(request: HttpRequest, member_id: int) -> tuple[StaffMember, ComplaintMember]:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]  # set by staff_required
    member = joint_complaints.member_for(staff, member_id)
    if member is None:
        raise Http404
    return staff, member


@require_http_methods(["GET", "POST"])
@staff_required
def detail(request: HttpRequest, member_id: int) -> HttpResponse:
    staff, member = _member(request, member_id)
    initial = {
        "share_name": member.share_name,
        "contact": member.contact,
        "share_jurisdiction": member.share_jurisdiction,
        "jurisdiction": member.jurisdiction,
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = SharesForm(request.POST if action in ("join", "shares") else None, initial=initial)
    filing = FilingForm(request.POST if action == "filed" else None)
    if request.method == "POST":
        try:
            _act(request, staff, member, action, form, filing)
        except joint_complaints.ComplaintError as error:
            messages.error(request, str(error.message))
            return _page(request, staff, member, form, filing, status=400)
        messages.success(request, _("Recorded."))
        return redirect("networks:complaint", member_id=member.pk)
    return _page(request, staff, member, form, filing)


def _act(
    request: HttpRequest, staff: StaffMember, member: ComplaintMember, action: str, form: SharesForm, filing: FilingForm
) -> None:
    if action in ("join", "shares") and form.is_valid():
        data = form.cleaned_data
        shares = (data["share_name"], data["contact"], data["share_jurisdiction"], data["jurisdiction"])
        (joint_complaints.join if action == "join" else joint_complaints.change_shares)(staff, member, *shares)
    elif action == "decline":
        joint_complaints.decline(staff, member)
    elif action == "leave":
        joint_complaints.leave(staff, member)
    elif action == "filed" and filing.is_valid():
        keys = request.org_keys  # type: ignore[attr-defined]  # set by staff_required
        if keys is None:
            raise joint_complaints.ComplaintError(_("Your organisation's key is needed for this."))
        data = filing.cleaned_data
        joint_complaints.record_filing(staff, keys, member, data["on"], data["institution"], request)
    else:
        raise joint_complaints.ComplaintError(_("Choose what to do."))


def _page(
    request: HttpRequest,
    staff: StaffMember,
    member: ComplaintMember,
    form: SharesForm,
    filing: FilingForm,
    status: int = 200,
) -> HttpResponse:
    context = {
        "member": member,
        "complaint": member.complaint,
        "rows": joint_complaints.rows(staff, member.complaint),
        "form": form,
        "filing_form": filing,
        "pack_form": PackForm(initial={"language": request.LANGUAGE_CODE}),
        "states": ComplaintState,
    }
    return render(request, "networks/complaint.html", context, status=status)


@require_POST
@staff_required
@require_step_up
def complaint_pack(request: HttpRequest, member_id: int) -> HttpResponseBase:
    """A ZIP: the cover letter (PDF and JSON) and the member's own police dossier for its match,
    as its personal-data check lets it leave (else the check page first)."""
    staff, member = _member(request, member_id)
    form = PackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the PDF."))
        return redirect("networks:complaint", member_id=member.pk)
    language = form.cleaned_data["language"]
    keys = request.org_keys  # type: ignore[attr-defined]  # set by staff_required
    if keys is None:
        return render(request, "cases/no_key.html", status=403)
    try:
        letter = joint_complaints.pack(staff, member, language)
        data = dossier.for_match(staff, member.match, dossier.POLICE, language)
    except (joint_complaints.ComplaintError, dossier.DossierError) as error:
        messages.error(request, str(error.message))
        return redirect("networks:complaint", member_id=member.pk)
    try:
        data = dossier_check.redacted(staff, keys, data)
    except dossier_check.NotChecked:
        messages.error(request, _("Check the personal data this dossier gives away before exporting it."))
        query = urlencode({"kind": dossier.POLICE, "language": language})
        return redirect(f"{reverse('networks:match_dossier_check', args=[member.match_id])}?{query}")
    return _zip(request, staff, member, letter, data)


def _zip(
    request: HttpRequest, staff: StaffMember, member: ComplaintMember, letter: dict[str, Any], data: dict[str, Any]
) -> HttpResponse:
    sink = io.BytesIO()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("complaint.json", json.dumps(letter, indent=1, ensure_ascii=False, sort_keys=True))
        archive.writestr("complaint.pdf", joint_complaint_pdf.render(letter))
        archive.writestr("dossier.json", json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True))
        archive.writestr("dossier.pdf", dossier_pdf.render(data))
    cases = data.get("cases", {})
    included = cases.get("included", 0) if isinstance(cases, dict) else 0
    joint_complaints.record_pack(staff, member, included, request)
    response = HttpResponse(sink.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="joint-complaint-{member.complaint_id}.zip"'
    return response
