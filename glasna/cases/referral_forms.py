from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.accounts.directory import referral_targets
from glasna.accounts.models import KEY_HOLDING_ROLES, StaffMember
from glasna.cases.models import ConsentChannel, ReferralService, SharedPart
from glasna.core.form_errors import COMMON
from glasna.intake.forms import FreeTextField


class ReferralForm(forms.Form):
    to_org = forms.TypedChoiceField(coerce=int, label=_("Refer to"), error_messages=COMMON)
    service = forms.ChoiceField(choices=ReferralService.choices, label=_("For"), error_messages=COMMON)
    parts = forms.MultipleChoiceField(
        choices=SharedPart.choices, widget=forms.CheckboxSelectMultiple, label=_("What to share"), error_messages=COMMON
    )
    note = FreeTextField(
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Note to the receiving organisation (the survivor sees it too)"),
    )
    consent_channel = forms.ChoiceField(
        choices=ConsentChannel.choices,
        widget=forms.RadioSelect,
        initial=ConsentChannel.PORTAL,
        label=_("The survivor's consent"),
        error_messages=COMMON,
    )

    prefix = "referral"

    def __init__(self, *args: Any, staff: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [  # type: ignore[attr-defined]
            (org.pk, f"{org.name} ({', '.join(org.countries)})") for org in referral_targets(staff.organisation)
        ]


class RespondForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=COMMON)
    action = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline")), ("complete", _("Mark as completed"))],
        error_messages=COMMON,
        label=_("Answer"),
    )
    text = FreeTextField(
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Reason or feedback for the referring organisation"),
    )
    assignee = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=_("Assign to"), error_messages=COMMON
    )

    def __init__(self, *args: Any, staff: StaffMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = StaffMember.objects.filter(
            organisation_id=staff.organisation_id, role__in=KEY_HOLDING_ROLES, user__is_active=True
        ).select_related("user")
        self.fields["assignee"].choices = [("", _("Me"))] + [  # type: ignore[attr-defined]
            (member.pk, member.user.get_username()) for member in members
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "decline" and not data.get("text"):
            self.add_error("text", _("Please give the reason for declining: the referring organisation needs it."))
        return data
