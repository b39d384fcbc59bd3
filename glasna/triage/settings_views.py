"""Which languages a staff member reads: set by herself, or by her organisation's administrator."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from glasna.accounts.access import staff_required
from glasna.accounts.models import Membership, Role, StaffMember
from glasna.triage import services
from glasna.triage.routing import READING_LANGUAGES


class LanguagesForm(forms.Form):
    languages = forms.MultipleChoiceField(
        choices=READING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Languages you read reports in"),
    )


def _edit(request: HttpRequest, member: StaffMember, own: bool) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    members = (
        StaffMember.objects.filter(organisation_id=staff.organisation_id, membership=Membership.ACTIVE)
        .select_related("user")
        .order_by("user__username")
        if staff.role == Role.ORG_ADMIN
        else StaffMember.objects.none()
    )
    context = {"member": member, "own": own, "members": members}
    form = LanguagesForm(request.POST or None, initial={"languages": services.languages_of(member)})
    if request.method == "POST":
        if form.is_valid():
            services.set_languages(staff, member, form.cleaned_data["languages"], request)
            messages.success(request, _("The languages are saved. New reports in them can be routed to this person."))
            return redirect("triage:my_languages") if own else redirect("triage:member_languages", member.pk)
        return render(request, "triage/languages.html", {**context, "form": form}, status=400)
    return render(request, "triage/languages.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
@staff_required
def my_languages(request: HttpRequest) -> HttpResponse:
    return _edit(request, request.staff, own=True)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@staff_required
def member_languages(request: HttpRequest, member_id: int) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    if staff.role != Role.ORG_ADMIN and staff.pk != member_id:
        raise Http404
    member = (
        StaffMember.objects.filter(pk=member_id, organisation_id=staff.organisation_id, membership=Membership.ACTIVE)
        .select_related("user")
        .first()
    )
    if member is None:
        raise Http404
    return _edit(request, member, own=member.pk == staff.pk)
