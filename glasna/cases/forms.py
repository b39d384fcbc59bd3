from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.intake.forms import FreeTextField


class StaffReplyForm(forms.Form):
    text = FreeTextField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), label=_("Reply to the survivor"))
