from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from glasna.networks.models import ConsentChannel


class DossierForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Dossier for"),
        choices=[("platform", _("a platform (no survivor data)")), ("police", _("police and prosecutors"))],
    )
    language = forms.ChoiceField(label=_("Language of the PDF"), choices=settings.LANGUAGES)


class ConsentForm(forms.Form):
    action = forms.ChoiceField(choices=[("give", "give"), ("withdraw", "withdraw")], widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("How the survivor gave her consent"), choices=ConsentChannel.choices, required=False
    )
