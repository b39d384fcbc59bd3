"""Forms of the case plan: a task, a service provided."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import KEY_HOLDING_ROLES, StaffMember
from glasna.cases.models import ServiceKind
from glasna.core.form_errors import COMMON
from glasna.intake.forms import FreeTextField

# COMMON's "invalid" speaks of files; a date needs its own words.
_DATE_ERRORS = {**COMMON, "invalid": _("Please enter a valid date.")}


def _date_field(**kwargs: Any) -> forms.DateField:
    # type="date" posts ISO dates, which Django accepts in every locale.
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), error_messages=_DATE_ERRORS, **kwargs
    )


class TaskForm(forms.Form):
    prefix = "task"  # the case page holds several forms: ids and names stay unique
    title = FreeTextField(max_length=300, label=_("Task (staff only, encrypted)"))
    owner = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label=_("Owner"), error_messages=COMMON
    )
    due_on = _date_field(required=False, label=_("Due on"))

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = StaffMember.objects.filter(
            organisation_id=organisation_id, role__in=KEY_HOLDING_ROLES, user__is_active=True
        ).select_related("user")
        self.fields["owner"].choices = [("", _("Nobody yet"))] + [  # type: ignore[attr-defined]
            (member.pk, member.user.get_username()) for member in staff
        ]


class ServiceForm(forms.Form):
    prefix = "service"
    kind = forms.ChoiceField(choices=ServiceKind.choices, label=_("Service"), error_messages=COMMON)
    provided_on = _date_field(label=_("Provided on"))

    def clean_provided_on(self) -> Any:
        provided_on = self.cleaned_data["provided_on"]
        if provided_on > timezone.localdate():
            raise forms.ValidationError(_("A service provided cannot be dated in the future."))
        return provided_on
