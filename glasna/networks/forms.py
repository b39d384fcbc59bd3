"""Forms of the space page: what a caseworker records about a space."""

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.networks.models import MatchChoice, Status
from glasna.networks.perpetrators import KIND_CHOICES


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    on = forms.DateField(label=_("Date (YYYY-MM-DD)"))


class MemberCountForm(forms.Form):
    count = forms.IntegerField(label=_("Members"), min_value=0)
    on = forms.DateField(label=_("Date (YYYY-MM-DD)"))
    source = forms.CharField(label=_("Where the number was read"), max_length=300)


class AliasForm(forms.Form):
    name = forms.CharField(label=_("Another name of this space"), max_length=200)


class SuccessorForm(forms.Form):
    predecessor = forms.ChoiceField(label=_("This space follows"))

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form's own keywords, passed on
        self.fields["predecessor"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField


class EscrowEntryForm(forms.Form):
    """The case page's escrow entry: what names the perpetrator, her choice, her consent."""

    kind = forms.ChoiceField(label=_("What names him"), choices=KIND_CHOICES)
    value = forms.CharField(label=_("Number, address or account"), max_length=300)
    choice = forms.ChoiceField(
        label=_("When another survivor names the same person"), choices=MatchChoice.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(label=_("The survivor has given her consent to this entry."), required=True)


class EscrowProposalForm(forms.Form):
    """The survivor's own proposal from her portal (escrow_proposals.py), in plain words."""

    prefix = "escrow"
    kind = forms.ChoiceField(label=_("What do you know about this person?"), choices=KIND_CHOICES)
    value = forms.CharField(label=_("Their phone number, e-mail address or account name"), max_length=300)
    choice = forms.ChoiceField(
        label=_("If another survivor names the same person"), choices=MatchChoice.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_("I agree: keep this name locked, and let my caseworker check it with me before it is added."),
        required=False,  # checked by the service, so that her other answers are kept and she is told why
    )


class ShareForm(forms.Form):
    """The organisation's choice for one public space (networks/federation.share_in_clear)."""

    share = forms.BooleanField(
        label=_("Share this public link in clear with the platform and with other installations"), required=False
    )


class PromoteForm(forms.Form):
    """A caseworker's explicit choice to make a page kept with the case data a public space."""

    confirm = forms.BooleanField(
        label=_(
            "I confirm: this address becomes a public space of the registry, kept in clear, and may then be "
            "shared with platforms and other organisations. It names no survivor."
        ),
        required=True,
    )


class RecordSpaceForm(forms.Form):
    """A space or account a caseworker learns of (the survivor says her images are in a channel)."""

    link = forms.CharField(label=_("Link or name of the group, channel, site or account"), max_length=2048)
    platform = forms.ChoiceField(
        label=_("Platform (for a bare name such as @name)"),
        required=False,
        choices=[
            ("", _("As the link says")),
            ("telegram", "Telegram"),
            ("instagram", "Instagram"),
            ("tiktok", "TikTok"),
            ("x", "X"),
            ("facebook", "Facebook"),
            ("viber", "Viber"),
            ("discord", "Discord"),
        ],
    )
    account = forms.BooleanField(label=_("This names a person's account"), required=False)
