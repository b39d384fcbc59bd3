"""Her caseworker acts on a survivor's own escrow proposal from the case's escrow page
(escrow_proposals.py): enter it in the escrow, or decline it. Thin."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.networks import escrow, escrow_proposals, registry
from glasna.networks.models import EscrowProposal


@require_POST
@staff_required
def act(request: HttpRequest, case_id: int, proposal_id: int) -> HttpResponse:
    """POST action=enter or action=decline. Another organisation's proposal, or a case the staff
    member may not open, is a 404; beyond the OPRF's daily limit RateLimited answers 429."""
    staff: StaffMember = request.staff  # type: ignore[attr-defined]  # set by staff_required
    case = permissions.visible_cases(staff).filter(pk=case_id).first()
    if staff.role not in registry.ROLES or case is None:
        raise Http404
    if not EscrowProposal.objects.filter(pk=proposal_id, case=case, organisation_id=staff.organisation_id).exists():
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "enter":
            escrow_proposals.enter(staff, request.org_keys, case, proposal_id)  # type: ignore[attr-defined]
            messages.success(
                request, _("The entry is sealed. It opens only when another survivor names the same person.")
            )
        elif action == "decline":
            escrow_proposals.decline(staff, case, proposal_id)
            messages.success(request, _("The proposal was declined and its name or number erased."))
        else:
            raise Http404
    except (escrow_proposals.ProposalError, escrow.EscrowError) as error:
        messages.error(request, str(error.message))
    return redirect("networks:escrow", case_id=case.pk)
