"""The operator console's form for registering a peer installation, and the organisation
administrator's choice of what this installation's feed carries about her organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.networks.models import FeedShare


class PeerForm(forms.Form):
    name = forms.CharField(
        label=_("The peer's installation name"),
        max_length=100,
        help_text=_("As its operator console shows it (its GLASNA_NETWORKS_INSTALLATION)."),
    )
    base_url = forms.CharField(label=_("The peer's address (https://…)"), max_length=300)
    public_key = forms.CharField(label=_("The peer's public key (base64)"), max_length=64)
    fingerprint = forms.CharField(
        label=_("The key's fingerprint, as the peer's operator read it to you"),
        max_length=120,
        help_text=_("Confirm it by telephone or in person, not by the channel that brought the key."),
    )


class FeedChoiceForm(forms.Form):
    share = forms.ChoiceField(
        label=_("What peer installations receive about your organisation"),
        choices=FeedShare.choices,
        widget=forms.RadioSelect,
    )
