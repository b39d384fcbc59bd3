"""Forms of joint takedown campaigns (joint.py): proposing one and an organisation's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SharesForm(forms.Form):
    """What the organisation shows the other members; counts by default, its name only by choice."""

    share_counts = forms.BooleanField(
        label=_("Show the other organisations how many cases, notices and reports we have on this space"),
        required=False,
        initial=True,
    )
    share_name = forms.BooleanField(
        label=_(
            "Show our name to the other organisations and in their dossiers on this space (otherwise only a number)"
        ),
        required=False,
    )


class ProposeForm(SharesForm):
    title = forms.CharField(label=_("Title of the joint campaign"), max_length=200)
    note = forms.CharField(
        label=_("A note to the invited organisations (no case details)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["title", "note", "share_counts", "share_name"]
