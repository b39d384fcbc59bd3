"""Forms of joint complaints (joint_complaints.py): what a member shows, its pack, its filing date."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from glasna.networks import joint_complaints


class SharesForm(forms.Form):
    """What the organisation shows the other members: nothing unless it chooses."""

    share_name = forms.BooleanField(
        label=_("Show our organisation's name and the contact below to the other organisations"), required=False
    )
    contact = forms.CharField(
        label=_("Work contact for the other organisations' lawyers (an e-mail address or phone number)"),
        help_text=_("A lawyer's or caseworker's work address, never the survivor's."),
        max_length=300,
        required=False,
    )
    share_jurisdiction = forms.BooleanField(
        label=_("Show the other organisations where our survivor would file"), required=False
    )
    jurisdiction = forms.ChoiceField(label=_("Where the survivor would file"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—"), *joint_complaints.jurisdictions()]


class PackForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=settings.LANGUAGES)


class FilingForm(forms.Form):
    on = forms.DateField(label=_("Day the complaint was filed"), widget=forms.DateInput(attrs={"type": "date"}))
    institution = forms.CharField(label=_("The prosecutor's office it was filed with"), max_length=200, required=False)
