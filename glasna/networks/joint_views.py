"""Pages of joint takedown campaigns: proposing one from a space's page, and the campaign's page
where members answer, choose what they show and leave. Thin: joint.py decides."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import StaffMember
from glasna.networks import joint
from glasna.networks.joint_forms import ProposeForm, SharesForm
from glasna.networks.models import JointMember, JointState, Space


def _staff(request: HttpRequest) -> StaffMember:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]  # set by staff_required
    if not joint.may_use(staff):
        raise Http404
    return staff


@require_POST
@staff_required
def propose(request: HttpRequest, space_id: int) -> HttpResponseBase:
    staff = _staff(request)
    space = Space.objects.filter(pk=space_id, organisation_id=staff.organisation_id).first()
    if space is None:
        raise Http404
    form = ProposeForm(request.POST, prefix="joint")
    if not form.is_valid():
        messages.error(request, _("Give the joint campaign a title."))
        return redirect("networks:space", space_id=space.pk)
    data = form.cleaned_data
    try:
        found = joint.propose(
            staff, space, data["title"], data["note"], data["share_counts"], data["share_name"], request
        )
    except joint.JointError as error:
        messages.error(request, str(error.message))
        return redirect("networks:space", space_id=space.pk)
    messages.success(request, _("The joint campaign is open; the other organisations are invited."))
    return redirect("networks:joint", joint_id=found.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def detail(request: HttpRequest, joint_id: int) -> HttpResponse:
    staff = _staff(request)
    member = joint.membership(staff, joint_id)
    if member is None:
        raise Http404
    campaign = member.joint
    form = SharesForm(
        request.POST if request.method == "POST" else None,
        initial={"share_counts": member.share_counts, "share_name": member.share_name},
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "close":
                joint.close(staff, campaign)
            elif action == "leave":
                joint.leave(staff, member)
            elif action in ("join", "decline", "shares") and form.is_valid():
                counts, name = form.cleaned_data["share_counts"], form.cleaned_data["share_name"]
                if action == "shares":
                    joint.change_shares(staff, member, counts, name)
                else:
                    joint.answer(staff, member, action == "join", counts, name)
            else:
                raise joint.JointError(_("Choose what to do."))
        except joint.JointError as error:
            messages.error(request, str(error.message))
            return _page(request, staff, member, form, status=400)
        messages.success(request, _("Recorded."))
        return redirect("networks:joint", joint_id=campaign.pk)
    return _page(request, staff, member, form)


def _page(
    request: HttpRequest, staff: StaffMember, member: JointMember, form: SharesForm, status: int = 200
) -> HttpResponse:
    context = {
        "member": member,
        "joint": member.joint,
        "rows": joint.rows(staff, member.joint),
        "form": form,
        "states": JointState,
    }
    return render(request, "networks/joint.html", context, status=status)
