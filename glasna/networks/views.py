"""Staff pages of the networks room: the organisation's spaces and one space's page. Thin."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from glasna.accounts.access import staff_required
from glasna.accounts.models import Role, StaffMember
from glasna.cases import permissions
from glasna.networks import coordination, escrow, escrow_proposals, federation, joint, linkage, private_pages, registry
from glasna.networks.dossier_forms import ConsentForm, DossierForm
from glasna.networks.forms import (
    AliasForm,
    EscrowEntryForm,
    MemberCountForm,
    PromoteForm,
    RecordSpaceForm,
    ShareForm,
    StatusForm,
    SuccessorForm,
)
from glasna.networks.identifiers import PRIVATE_KINDS, PRIVATE_PAGE, Identifier, InvalidIdentifier
from glasna.networks.identifiers import render as render_identifier
from glasna.networks.joint_forms import ProposeForm
from glasna.networks.models import EscrowMatch, Space, SpaceLink
from glasna.networks.perpetrators import normalise_perpetrator


def _staff(request: HttpRequest) -> StaffMember:
    return request.staff  # type: ignore[attr-defined,no-any-return]  # set by staff_required


def _space(staff: StaffMember, space_id: int) -> Space:
    if staff.role not in registry.ROLES:
        raise Http404
    space = Space.objects.filter(pk=space_id, organisation_id=staff.organisation_id).first()
    if space is None:
        raise Http404
    return space


@require_GET
@staff_required
def space_list(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    if staff.role not in registry.ROLES:
        raise Http404
    spaces = Space.objects.filter(organisation_id=staff.organisation_id).order_by("-last_seen", "pk")
    # Pages sealed with case data are listed apart, by number only: they are no public space.
    context = {
        "spaces": spaces.exclude(identifier_kind=PRIVATE_PAGE),
        "pages": spaces.filter(identifier_kind=PRIVATE_PAGE),
        "joints": joint.of_organisation(staff),
        "may_choose_feed": staff.role == Role.ORG_ADMIN,
    }
    return render(request, "networks/spaces.html", context)


def _successor_choices(space: Space) -> list[tuple[str, str]]:
    others = Space.objects.filter(organisation_id=space.organisation_id).exclude(pk=space.pk).order_by("pk")
    return [(str(s.pk), f"#{s.pk} {s.display_name or s.get_identifier_kind_display()}") for s in others]


@require_http_methods(["GET", "POST"])
@staff_required
def space_detail(request: HttpRequest, space_id: int) -> HttpResponse:
    staff = _staff(request)
    space = _space(staff, space_id)
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    forms: dict[str, Any] = {
        "status": StatusForm(data if action == "status" else None, prefix="status"),
        "count": MemberCountForm(data if action == "count" else None, prefix="count"),
        "alias": AliasForm(data if action == "alias" else None, prefix="alias"),
        "successor": SuccessorForm(
            data if action == "successor" else None, prefix="successor", choices=_successor_choices(space)
        ),
    }
    if space.identifier_kind == PRIVATE_PAGE and private_pages.may_read(staff, space):
        forms["promote"] = PromoteForm(data if action == "promote" else None, prefix="promote")
    if space.identifier_kind not in PRIVATE_KINDS:
        appearance = federation.record(space)
        shared = bool(appearance and appearance.public_id)
        forms["share"] = ShareForm(data if action == "share" else None, prefix="share", initial={"share": shared})
    if request.method == "POST":
        form = forms.get(action)
        if form is None or not form.is_valid():
            return _page(request, staff, space, forms, status=400)
        try:
            if action == "promote":
                keys = request.org_keys  # type: ignore[attr-defined]  # set by staff_required
                space = private_pages.promote(staff, space, keys, form.cleaned_data["confirm"], request)
            else:
                _record(staff, space, action, form.cleaned_data)
        except (registry.RegistryError, federation.FederationError) as error:
            messages.error(request, str(error.message))
            return _page(request, staff, space, forms, status=400)
        messages.success(request, _("Recorded."))
        return redirect("networks:space", space_id=space.pk)
    return _page(request, staff, space, forms)


def _record(staff: StaffMember, space: Space, action: str, data: dict[str, Any]) -> None:
    if action == "status":
        registry.record_status(staff, space, data["status"], data["on"])
    elif action == "count":
        registry.record_member_count(staff, space, data["count"], data["on"], data["source"])
    elif action == "alias":
        registry.add_alias(staff, space, data["name"])
    elif action == "share":
        federation.share_in_clear(staff, space, data["share"])
    else:
        predecessor = _space(staff, int(data["predecessor"]))
        registry.set_successor(staff, space, predecessor)


def _page(
    request: HttpRequest, staff: StaffMember, space: Space, forms: dict[str, Any], status: int = 200
) -> HttpResponse:
    total, visible = linkage.cases_of_space(staff, space)
    elsewhere = federation.elsewhere([space], detailed=bool(visible))[space.pk]
    link, sealed_link = "", ""
    if space.identifier_kind == PRIVATE_PAGE:
        sealed_link = private_pages.read(staff, space, request.org_keys, request)  # type: ignore[attr-defined]
    elif not space.identifier.startswith("hmac:"):
        link = render_identifier(Identifier(space.platform, space.identifier_kind, space.identifier))
    context = {
        "space": space,
        "link": link if link.startswith("https://") else "",
        "private_page": space.identifier_kind == PRIVATE_PAGE,
        "sealed_link": sealed_link,
        "status": registry.current_status(space),
        "lineage": registry.lineage(space),
        "case_total": total,
        "visible_cases": visible,
        # Countries and the first month only for who may open a case naming the space; else a count.
        "elsewhere": elsewhere,
        "appearance": federation.record(space),
        "forms": forms,
        "dossier_form": DossierForm(initial={"language": request.LANGUAGE_CODE}),
        # A joint campaign with the other organisations naming the space (joint.py).
        "may_joint": joint.may_use(staff) and elsewhere.organisations > 0,
        "joint": joint.open_joint(staff, space),
        "joint_form": ProposeForm(prefix="joint"),
    }
    return render(request, "networks/space.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def escrow_entry(request: HttpRequest, case_id: int) -> HttpResponse:
    """The escrow form of one case (ESCROW.md). A limit reached raises RateLimited: 429."""
    staff = _staff(request)
    case = permissions.visible_cases(staff).filter(pk=case_id).first()
    if staff.role not in registry.ROLES or case is None:
        raise Http404
    form = EscrowEntryForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            region = (case.organisation.countries or [""])[0]
            try:
                identifier = normalise_perpetrator(data["kind"], data["value"], region)
                escrow.add_entry(staff, case, identifier, data["choice"], data["consent"])
            except (InvalidIdentifier, escrow.EscrowError) as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request, _("The entry is sealed. It opens only when another survivor names the same person.")
                )
                return redirect("networks:escrow", case_id=case.pk)
    matches = EscrowMatch.objects.filter(organisation_id=staff.organisation_id, case=case).order_by("-matched_at")
    context = {
        "case": case,
        "form": form,
        "matches": matches,
        # Her own proposals from the portal, waiting for her caseworker (escrow_proposals.py).
        "proposals": escrow_proposals.pending_for(staff, case, request.org_keys),  # type: ignore[attr-defined]
        "consent_given": coordination.is_given(case),
        "consent_form": ConsentForm(initial={"action": "give"}),
        "dossier_form": DossierForm(initial={"language": request.LANGUAGE_CODE}),
    }
    return render(request, "networks/escrow.html", context, status=status)


@require_GET
@staff_required
def elsewhere(request: HttpRequest) -> HttpResponse:
    """The organisation's spaces other organisations also name. Analysts see counts only, as does
    anyone for a space named only in cases they may not open."""
    staff = _staff(request)
    if staff.role not in registry.ROLES | {Role.ANALYST}:
        raise Http404
    spaces = federation.overview(staff.organisation_id)
    openable = set(
        SpaceLink.objects.filter(space__in=spaces, case__in=permissions.visible_cases(staff)).values_list(
            "space_id", flat=True
        )
    )
    found = federation.elsewhere(spaces, detailed=lambda space: space.pk in openable)
    rows = [(space, found[space.pk]) for space in spaces]
    context = {
        "rows": rows,
        "names": staff.role in registry.ROLES,
        "joints": joint.of_organisation(staff),
        "may_choose_feed": staff.role == Role.ORG_ADMIN,
    }
    return render(request, "networks/elsewhere.html", context)


@require_http_methods(["GET", "POST"])
@staff_required
def record_space(request: HttpRequest, case_id: int) -> HttpResponse:
    """Record on a case a space or account the survivor names; it joins the registry and linkage."""
    staff = _staff(request)
    case = permissions.visible_cases(staff).filter(pk=case_id).first()
    if staff.role not in registry.ROLES or case is None:
        raise Http404
    form = RecordSpaceForm(request.POST if request.method == "POST" else None, prefix="space")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                data = form.cleaned_data
                space = linkage.record_named(staff, case, data["link"], data["platform"], data["account"])
            except InvalidIdentifier as error:
                form.add_error("link", str(error.message))
            else:
                messages.success(request, _("Recorded."))
                return redirect("networks:space", space_id=space.pk)
    return render(request, "networks/record_space.html", {"case": case, "form": form}, status=status)
