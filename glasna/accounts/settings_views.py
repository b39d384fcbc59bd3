"""The organisation settings page (administrators only): retention, the directory entry, the
mail identity of takedown notices and platform tokens. Tokens need a fresh step-up."""

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from glasna.accounts import member_mail, org_settings
from glasna.accounts.access import admin_required
from glasna.accounts.models import Organisation, StaffMember
from glasna.accounts.settings_forms import DirectoryEntryForm, MailIdentityForm, RetentionForm, TokenForm
from glasna.accounts.step_up import require_step_up
from glasna.matching import tokens
from glasna.matching.models import PlatformToken


def _page(request: HttpRequest, staff: StaffMember, status: int = 200, **forms: Any) -> HttpResponse:
    organisation: Organisation = staff.organisation
    low, high = org_settings.retention_bounds()
    context = {
        "retention": forms.get("retention") or RetentionForm(initial={"retention_days": organisation.retention_days}),
        "directory": forms.get("directory") or DirectoryEntryForm.for_organisation(organisation),
        "mail": forms.get("mail") or MailIdentityForm(initial={"notice_reply_to": organisation.notice_reply_to}),
        "token_form": forms.get("token_form") or TokenForm(),
        "tokens": tokens.of_organisation(organisation.pk),
        "new_token": forms.get("new_token"),
        "low": low,
        "high": high,
        "reply_to_now": organisation.notice_reply_to or organisation.public_email or organisation.notify_email,
    }
    return render(request, "accounts/settings.html", context, status=status)


@require_GET
@admin_required
def settings_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    return _page(request, staff)


@require_POST
@admin_required
def section_view(request: HttpRequest, section: str) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    organisation, actor = staff.organisation, staff.user.get_username()
    if section == "retention":
        form: Any = RetentionForm(request.POST)
        if form.is_valid():
            try:
                org_settings.set_retention(organisation, form.cleaned_data["retention_days"], actor)
            except org_settings.SettingRefused as refusal:
                form.add_error("retention_days", str(refusal))
    elif section == "directory":
        form = DirectoryEntryForm(request.POST)
        if form.is_valid():
            org_settings.set_directory_entry(organisation, form.cleaned_data, actor)
    elif section == "mail":
        form = MailIdentityForm(request.POST)
        if form.is_valid():
            org_settings.set_notice_reply_to(organisation, form.cleaned_data["notice_reply_to"], actor)
    else:
        return HttpResponse(status=404)
    if form.errors:
        return _page(request, staff, status=400, **{section: form})
    messages.success(request, _("Saved."))
    return redirect("accounts:settings")


@require_POST
@admin_required
@require_step_up
def token_create_view(request: HttpRequest) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    form = TokenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the token and the mail that tells its creator
                record, token = tokens.create(staff, data["platform"], list(data["banks"]), data["label"])
                _tell(staff, record, created=True)
        except tokens.TokenRefused as refusal:
            form.add_error("banks", str(refusal))
        else:
            # Shown in this answer only: the secret is stored nowhere.
            return _page(request, staff, new_token=token)
    return _page(request, staff, status=400, token_form=form)


@require_POST
@admin_required
@require_step_up
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    record = get_object_or_404(PlatformToken, pk=token_id, organisation=staff.organisation)
    with transaction.atomic():
        tokens.revoke(record, staff.user.get_username())
        _tell(staff, record, created=False)
    messages.success(request, _("Token revoked: the platform can no longer use it."))
    return redirect("accounts:settings")


def _tell(staff: StaffMember, record: PlatformToken, created: bool) -> None:
    """Mail the member who created the token (she is the one it concerns)."""
    creator = record.created_by or staff
    label = record.label

    def write() -> tuple[str, str]:
        if created:
            return _("Glasna: a platform token was created"), _(
                "A platform token named %(label)s was created in your name. If this was not you, revoke it on "
                "the settings page and tell your administrator."
            ) % {"label": label}
        return _("Glasna: a platform token was revoked"), _(
            "The platform token named %(label)s that you created was revoked."
        ) % {"label": label}

    member_mail.tell(creator, write, staff.user.get_username())
