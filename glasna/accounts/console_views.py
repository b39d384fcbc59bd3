"""The staff console for organisation administrators: members and their keys, invitations,
approval, suspension and removal. The invitee's own pages (join) are public and throttled."""

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts import invitations, membership
from glasna.accounts.access import admin_required, member_or_404
from glasna.accounts.forms import InviteForm, JoinForm
from glasna.accounts.models import Invitation, Membership, RotationJob, StaffMember
from glasna.accounts.views import continue_to_enrolment
from glasna.core import ratelimit

_NEW_LINK = "glasna_new_invitation_link"


def _render_console(request: HttpRequest, staff: StaffMember, form: InviteForm, status: int = 200) -> HttpResponse:
    organisation = staff.organisation
    holders = membership.key_holders(organisation)
    context = {
        "rows": membership.overview(organisation),
        "states": membership.STATES,
        "versions": membership.key_versions(organisation),
        "few_holders": len(holders) < 2,
        "form": form,
        "new_link": request.session.pop(_NEW_LINK, None),
        "rotation_required": organisation.rotation_required_since is not None,
        "rotation": RotationJob.objects.filter(organisation=organisation).order_by("-pk").first(),
        # The languages a member reads route new reports to her; the triage room keeps them.
        "languages_page": apps.is_installed("glasna.triage"),
    }
    return render(request, "accounts/console.html", context, status=status)


@require_GET
@admin_required
def console_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    return _render_console(request, staff, InviteForm())


@require_POST
@admin_required
def invite_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            token = invitations.invite(
                staff.organisation, data["username"], data["email"], data["role"], staff.user.get_username()
            )
        except invitations.InvitationRefused as refusal:
            form.add_error("username", str(refusal))
        else:
            link = request.build_absolute_uri(reverse("accounts:join", args=[token]))
            # Shown once, on the next page only: the link is not stored anywhere.
            request.session[_NEW_LINK] = link
            if data["email"]:
                actor = staff.user.get_username()
                if invitations.mail_link(staff.organisation, data["email"], link, actor):
                    messages.success(request, _("The link was also sent by e-mail."))
                else:
                    messages.warning(request, _("The e-mail could not be sent. Deliver the link by hand."))
            return redirect("accounts:console")
    return _render_console(request, staff, form, status=400)


@require_POST
@admin_required
def member_view(request: HttpRequest, member_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    member = member_or_404(request, member_id)
    action, actor = request.POST.get("action"), staff.user.get_username()
    try:
        if action == "approve":
            membership.approve(member, request.org_keys, actor)  # type: ignore[attr-defined]
            messages.success(request, _("Approved: she can now read the organisation's cases."))
        elif action in ("suspend", "remove"):
            state = Membership.SUSPENDED if action == "suspend" else Membership.LEFT
            held = membership.leave(member, state, actor)
            messages.success(request, _("Done: her sessions are ended and her key grants destroyed."))
            if held and action == "remove":
                messages.warning(
                    request, _("She held the organisation key. Rotate the key now: approvals wait until then.")
                )
                return redirect("accounts:rotation")
            if held:
                messages.warning(request, _("She held the organisation key. A key rotation is recommended."))
        else:
            return HttpResponse(status=400)
    except membership.MembershipRefused as refusal:
        messages.error(request, str(refusal))
    return redirect("accounts:console")


@require_POST
@admin_required
def revoke_view(request: HttpRequest, invitation_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=staff.organisation, used_at__isnull=True)
    invitations.revoke(invitation, staff.user.get_username())
    messages.success(request, _("Invitation revoked: the link no longer works."))
    return redirect("accounts:console")


@require_http_methods(["GET", "POST"])
def join_view(request: HttpRequest, token: str) -> HttpResponse:
    address = ratelimit.client_address(request.META)
    try:
        invitation = invitations.find(token, address)
    except invitations.InvitationInvalid:
        return render(request, "accounts/join_invalid.html", status=404)
    form = JoinForm(request.POST or None, username=invitation.username)
    if request.method == "POST" and form.is_valid():
        try:
            staff, staff_private = invitations.accept(token, form.cleaned_data["password"], address)
        except invitations.InvitationInvalid:
            return render(request, "accounts/join_invalid.html", status=404)
        return continue_to_enrolment(request, staff, staff_private)
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/join.html", context, status=400 if form.errors else 200)
