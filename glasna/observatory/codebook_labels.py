"""Translatable labels for every code in data/codebook.yaml (makemessages finds them here).

`glasna observatory check` and tests/observatory/test_codebook.py fail when a code in the YAML has
no label here, or a label here has no code."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from glasna.intake import taxonomy

UNKNOWN = _("Unknown or not given")

DIMENSIONS = {
    "form": _("Form of violence"),
    "survivor_gender": _("Survivor’s gender"),
    "age_band": _("Survivor’s age"),
    "country": _("Country"),
    "region": _("Region"),
    "platform": _("Platform"),
    "platform_type": _("Type of platform"),
    "relationship": _("Relationship to the perpetrator"),
    "perpetrator_gender": _("Perpetrator’s gender"),
    "motive": _("Declared motive"),
    "offence": _("Offence"),
    "stage": _("Stage of proceedings"),
    "sanction": _("Sanction"),
    "civil_outcome": _("Civil outcome"),
    "time_to_stage": _("Time from report to current stage"),
    "month": _("Month"),
    "outcome": _("Stage reached (convictions by sanction)"),
}

_FORMS = dict(taxonomy.FORMS)
LABELS: dict[str, dict[str, object]] = {
    "form": {**_FORMS},
    "survivor_gender": {
        "woman": _("Woman"),
        "man": _("Man"),
        "non_binary": _("Non-binary or another gender"),
        "unknown": UNKNOWN,
    },
    "age_band": {
        **{k: v for k, v in taxonomy.AGE_BANDS if k != taxonomy.PREFER_NOT},
        "adult": _("18 or older (band not given)"),
        "unknown": UNKNOWN,
    },
    "country": {
        "AL": _("Albania"),
        "BA": _("Bosnia and Herzegovina"),
        "HR": _("Croatia"),
        "ME": _("Montenegro"),
        "MK": _("North Macedonia"),
        "RS": _("Serbia"),
        "SI": _("Slovenia"),
        "XK": _("Kosovo"),
        "WB": _("Western Balkans (regional total)"),
        "other": _("Another country"),
        "unknown": UNKNOWN,
    },
    "region": {"western_balkans": _("Western Balkans"), "other": _("Elsewhere"), "unknown": UNKNOWN},
    "platform": {**{k: v for k, v in taxonomy.PLATFORMS if k != taxonomy.DONT_KNOW}, "unknown": UNKNOWN},
    "platform_type": {
        "social_media": _("Social media"),
        "messaging": _("Messaging application"),
        "porn_site": _("Pornographic website"),
        "other": _("Another website or app"),
        "unknown": UNKNOWN,
    },
    "relationship": {
        "partner": _("Partner or ex-partner"),
        "acquaintance": _("Friend or acquaintance"),
        "family": _("Family member"),
        "colleague": _("Colleague, teacher or employer"),
        "stranger": _("Stranger"),
        "unknown": UNKNOWN,
    },
    "perpetrator_gender": {"man": _("Man"), "woman": _("Woman"), "several": _("Several people"), "unknown": UNKNOWN},
    "motive": {
        "end_of_relationship": _("End of a relationship"),
        "jealousy_revenge": _("Jealousy or revenge"),
        "financial": _("Financial gain"),
        "sexual_gratification": _("Sexual gratification"),
        "humiliation": _("Humiliation"),
        "unknown": UNKNOWN,
    },
    "offence": {
        "misuse_personal_data": _("Misuse of personal data"),
        "blackmail": _("Blackmail"),
        "sexual_harassment": _("Sexual harassment"),
        "stalking": _("Stalking"),
        "unauthorised_recording": _("Unauthorised recording or photographing"),
        "unauthorised_publication": _("Unauthorised publication of another’s texts, portraits or recordings"),
        "privacy_interference": _("Unjust interference in private life"),
        "intimate_content_misuse": _("Misuse of sexually explicit content (image-based sexual abuse)"),
        "child_sexual_abuse_material": _("Child sexual abuse material"),
        "grooming": _("Grooming of a child"),
        "showing_pornography_to_child": _("Showing pornographic material to a child"),
        "insult": _("Insult"),
        "discriminatory_content": _("Electronic distribution of discriminatory content"),
        "csam_reports": _("Reports of child sexual exploitation (CyberTipline)"),
        "several_ibsa_related": _("Several offences related to image-based sexual abuse, not broken down"),
        "other": _("Another offence"),
        "unknown": UNKNOWN,
    },
    "stage": {
        "reported": pgettext_lazy("stage", "Reported"),
        "registered": pgettext_lazy("stage", "Registered"),
        "investigated": pgettext_lazy("stage", "Investigated"),
        "sent_to_court": pgettext_lazy("stage", "Sent to court"),
        "convicted": pgettext_lazy("stage", "Convicted"),
        "dismissed": pgettext_lazy("stage", "Dismissed"),
        "suspended": pgettext_lazy("stage", "Suspended"),
        "refused": pgettext_lazy("stage", "Refused"),
        "ongoing": pgettext_lazy("stage", "Ongoing"),
    },
    "sanction": {
        "fine": _("Fine"),
        "conditional_sentence": _("Conditional sentence"),
        "probation": _("Probation"),
        "imprisonment": _("Imprisonment"),
        "house_imprisonment": _("House imprisonment"),
        "other": _("Another sanction"),
        "none": _("No sanction"),
        "unknown": UNKNOWN,
    },
    "civil_outcome": {
        "damages_awarded": _("Damages awarded"),
        "claim_dismissed": _("Claim dismissed"),
        "ongoing": _("Ongoing"),
        "none": _("No civil claim"),
        "unknown": UNKNOWN,
    },
    "time_to_stage": {
        "under_1_month": _("Less than a month"),
        "1_3_months": _("1–3 months"),
        "3_6_months": _("3–6 months"),
        "6_12_months": _("6–12 months"),
        "over_12_months": _("More than a year"),
        "unknown": UNKNOWN,
    },
}

UNITS = {
    "cases": _("cases"),
    "proceedings": _("proceedings"),
    "persons": _("persons"),
    "victims": _("victims"),
    "reports": _("reports"),
}

INSTITUTION_TYPES = {
    "police": _("Police"),
    "prosecution": _("Prosecution office"),
    "court_first_instance": _("First-instance court"),
    "court_appeal": _("Court of appeal"),
    "court_civil": _("Civil court"),
    "ministry": _("Ministry"),
    "ombudsperson": _("Ombudsperson"),
    "hotline": _("Hotline or reporting centre"),
    "other": _("Another institution"),
}

CERTAINTY = {
    "exact": _("exact"),
    "close": _("close"),
    "uncertain": _("uncertain — needs legal review"),
    "none": _("no equivalent"),
}

OTHER_MERGED = _("Other (each fewer than the threshold, merged)")
