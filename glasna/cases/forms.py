from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import KEY_HOLDING_ROLES, StaffMember
from glasna.cases.models import CaseStatus, Outcome, RiskFlag
from glasna.core.form_errors import COMMON
from glasna.intake.forms import FreeTextField


class StaffReplyForm(forms.Form):
    text = FreeTextField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), label=_("Reply to the survivor"))


class _Unique(forms.Form):
    """Several forms share the case page: each gets its own element ids (ids must be unique)."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class NoteForm(_Unique):
    id_prefix = "note"
    note = FreeTextField(
        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Add a note (staff only, encrypted)")
    )


class _Versioned(_Unique):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=COMMON)


class RiskForm(_Versioned):
    id_prefix = "risk"
    flags = forms.MultipleChoiceField(
        choices=RiskFlag.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Risk assessment"),
        error_messages=COMMON,
    )


class StatusForm(_Versioned):
    id_prefix = "status"
    status = forms.ChoiceField(choices=CaseStatus.choices, label=_("Status"), error_messages=COMMON)
    outcome = forms.ChoiceField(
        choices=[("", _("(only when closing)")), *Outcome.choices],
        required=False,
        label=_("Outcome"),
        error_messages=COMMON,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == CaseStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Choose the outcome before closing the case."))
        return data


class AssignForm(_Versioned):
    id_prefix = "assign"
    assignee = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=_("Assigned to"), error_messages=COMMON
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = StaffMember.objects.filter(
            organisation_id=organisation_id, role__in=KEY_HOLDING_ROLES, user__is_active=True
        ).select_related("user")
        self.fields["assignee"].choices = [("", _("Nobody (waiting for triage)"))] + [  # type: ignore[attr-defined]
            (member.pk, member.user.get_username()) for member in staff
        ]
