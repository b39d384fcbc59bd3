from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.matching import banks
from glasna.matching.hash_input import BadHashInput, SubmittedHash, parse_browser_hashes


class HashForm(forms.Form):
    """What hash-photos.js posts: the hashes (never the files) and the survivor's consent scope."""

    hashes = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2_000_000)
    platforms = forms.MultipleChoiceField(
        label=_("Who may receive these fingerprints and block matching copies?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one platform, or all platforms.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [
            (banks.EVERY_PLATFORM, _("Every platform that works with Glasna, now and in the future"))
        ]
        choices += [(p.key, p.name) for p in banks.consent_choices()]
        platforms = self.fields["platforms"]
        assert isinstance(platforms, forms.MultipleChoiceField)
        platforms.choices = choices

    def clean_hashes(self) -> list[SubmittedHash]:
        raw = self.cleaned_data.get("hashes") or ""
        if not raw.strip():
            raise forms.ValidationError(
                _(
                    "Nothing was sent. Making the fingerprints needs JavaScript in your browser; "
                    "without it, your photos stay on your device and nothing reaches us."
                )
            )
        try:
            return parse_browser_hashes(raw)
        except BadHashInput as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_platforms(self) -> list[str]:
        try:
            return banks.clean_consent(self.cleaned_data["platforms"])
        except banks.UnknownPlatform as exc:
            raise forms.ValidationError(_("Please choose from the platforms listed.")) from exc
