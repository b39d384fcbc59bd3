"""The survivor's own escrow proposals from her portal (escrow_proposals.py): reached with her
receipt (the visit cookie), plain forms with CSRF, no JavaScript. Thin."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from glasna.core.ratelimit import RateLimited
from glasna.intake import visit
from glasna.networks import escrow_proposals
from glasna.networks.forms import EscrowProposalForm
from glasna.networks.models import MatchChoice


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    form = EscrowProposalForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                escrow_proposals.propose(access.report_id, data["kind"], data["value"], data["choice"], data["consent"])
            except escrow_proposals.ProposalError as error:
                form.add_error(None, str(error.message))
            except RateLimited as limited:
                form.add_error(None, str(limited.message))
                status = 429
            else:
                # Rendered, not redirected: a reload sends the form again, and the same proposal is found.
                return render(request, "networks/portal_proposed.html")
    context = {
        "form": form,
        "has_case": escrow_proposals.case_of_report(access.report_id) is not None,
        "choices": dict(MatchChoice.choices),
    }
    return render(request, "networks/portal_propose.html", context, status=status)


@require_POST
def withdraw(request: HttpRequest, proposal_id: int) -> HttpResponse:
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    # Not hers, or no longer waiting (a double click): the page shows the current state.
    escrow_proposals.withdraw(access.report_id, proposal_id)
    return redirect("intake:my_report")
