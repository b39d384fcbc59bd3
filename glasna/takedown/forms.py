from django import forms
from django.utils.translation import gettext_lazy as _

from glasna.takedown import transparency
from glasna.takedown.models import Escalation, Platform
from glasna.takedown.tracking import MANUAL


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v) for v in values]


class ReplyForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("No change"))] + [(s.value, s.label) for s in MANUAL]
    )
    reply = forms.CharField(
        label=_("The platform's reply (paste it as it is, in any language)"),
        widget=forms.Textarea,
        required=False,
        max_length=20000,
    )
    reference = forms.CharField(label=_("Platform's reference number"), required=False, max_length=200)


class StatementForm(forms.Form):
    """The platform's statement of reasons, in the DSA Transparency Database's fields."""

    decision_visibility = forms.MultipleChoiceField(
        required=False, choices=_choices(transparency.DECISION_VISIBILITY), widget=forms.CheckboxSelectMultiple
    )
    decision_visibility_other = forms.CharField(required=False, max_length=500)
    decision_account = forms.ChoiceField(required=False, choices=[("", "—")] + _choices(transparency.DECISION_ACCOUNT))
    decision_ground = forms.ChoiceField(required=False, choices=[("", "—")] + _choices(transparency.DECISION_GROUND))
    illegal_content_legal_ground = forms.CharField(required=False, max_length=500)
    illegal_content_explanation = forms.CharField(required=False, widget=forms.Textarea)
    incompatible_content_ground = forms.CharField(required=False, max_length=500)
    incompatible_content_explanation = forms.CharField(required=False, widget=forms.Textarea)
    category = forms.ChoiceField(required=False, choices=[("", "—")] + _choices(transparency.CATEGORIES))
    category_specification = forms.MultipleChoiceField(
        required=False, choices=_choices(tuple(sorted(transparency.ALL_KEYWORDS))), widget=forms.CheckboxSelectMultiple
    )
    content_type = forms.MultipleChoiceField(
        required=False, choices=_choices(transparency.CONTENT_TYPE), widget=forms.CheckboxSelectMultiple
    )
    content_type_other = forms.CharField(required=False, max_length=500)
    territorial_scope = forms.MultipleChoiceField(
        required=False,
        choices=_choices(tuple(sorted(transparency.TERRITORIAL_SCOPE))),
        widget=forms.CheckboxSelectMultiple,
    )
    decision_facts = forms.CharField(required=False, widget=forms.Textarea)
    source_type = forms.ChoiceField(
        required=False, choices=[("", "—")] + _choices(transparency.SOURCE_TYPE), initial="SOURCE_ARTICLE_16"
    )
    automated_detection = forms.ChoiceField(required=False, choices=[("", "—")] + _choices(transparency.YES_NO))
    automated_decision = forms.ChoiceField(
        required=False, choices=[("", "—")] + _choices(transparency.AUTOMATED_DECISION)
    )
    content_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    application_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    puid = forms.CharField(required=False, max_length=500)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for field, message in transparency.validate(data).items():
            if field in self.fields:
                self.add_error(field, message)
            else:
                self.add_error(None, f"{field}: {message}")
        return data


class EscalateForm(forms.Form):
    route = forms.ChoiceField(choices=Escalation.Route.choices)


class CampaignForm(forms.Form):
    platform = forms.ModelChoiceField(label=_("Platform"), queryset=Platform.objects.all(), to_field_name="key")
    title = forms.CharField(label=_("Title"), max_length=200)
    target_url = forms.CharField(label=_("Group or channel address"), max_length=500)
    message_en = forms.CharField(label=_("Template message (English)"), widget=forms.Textarea, required=False)
    message_local = forms.CharField(label=_("Template message (local language)"), widget=forms.Textarea, required=False)
    local_language = forms.ChoiceField(
        label=_("Local language"),
        choices=[
            ("sr-latn", "Srpski"),
            ("cnr", "Crnogorski"),
            ("mk", "Македонски"),
            ("sq", "Shqip"),
            ("bs", "Bosanski"),
            ("hr", "Hrvatski"),
            ("sr", "Српски"),
        ],
    )
    addresses = forms.CharField(
        label=_("Reporting addresses (one per line; empty: the directory's)"), widget=forms.Textarea, required=False
    )


class PlatformForm(forms.ModelForm):
    class Meta:
        model = Platform
        fields = [
            "name", "provider", "establishment", "dsa_status", "dsa_note", "eu_legal_representative",
            "digital_services_coordinator", "stopncii_partner", "languages", "policy_name", "policy_url",
            "channels", "reminder_hours", "escalation_hours", "known_behaviour", "confidence", "last_verified", "sources",
        ]  # fmt: skip
