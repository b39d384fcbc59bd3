"""The answers a survivor can give, as stable codes with translated labels.

The codes are what is stored and counted (the observatory's codebook builds on them); labels are
only for display. Every question has a way to say "I don't know" or "I'd rather not say"."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import COUNTRIES as SERVED_COUNTRIES
from glasna.core import platforms

DONT_KNOW = "dont_know"
PREFER_NOT = "prefer_not"

FORMS = [
    ("ibsa_shared", _("Intimate images or videos of me were shared without my consent")),
    ("ibsa_recorded", _("Intimate images or videos of me were recorded without my consent")),
    ("ibsa_faked", _("Fake or edited intimate images of me were made (“deepfakes”)")),
    ("ibsa_threatened", _("Someone threatens to share intimate images of me")),
    ("sextortion", _("Someone is blackmailing me for money, images or sex (sextortion)")),
    ("cyberstalking", _("Someone is following, watching or tracking me online (cyberstalking)")),
    ("sexual_harassment", _("Sexual messages, comments or images I did not want (online sexual harassment)")),
    ("doxing", _("My personal details were published (address, phone, workplace…)")),
    ("impersonation", _("Someone pretends to be me online (fake profile)")),
    ("hate_speech", _("Hateful or degrading content against me because I am a woman or because of who I am")),
    ("child_abuse", _("A child is being groomed or sexually abused online")),
    ("other", _("Something else")),
    (DONT_KNOW, _("I don't know how to describe it")),
]

# From the one platform list (glasna/core/data/platforms.yaml), plus "I don't know".
PLATFORMS = [
    *platforms.choices("intake"),
    (DONT_KNOW, _("I don't know")),
]

RELATIONSHIPS = [
    ("partner", _("Partner or ex-partner")),
    ("acquaintance", _("Someone I know (friend, acquaintance)")),
    ("family", _("A family member")),
    ("colleague", _("A colleague, teacher or employer")),
    ("stranger", _("A stranger")),
    ("unknown", _("I don't know who it is")),
    (PREFER_NOT, _("I'd rather not say")),
]

WHEN = [
    ("ongoing", _("It is still happening")),
    ("week", _("In the last week")),
    ("month", _("In the last month")),
    ("year", _("In the last year")),
    ("older", _("More than a year ago")),
    (DONT_KNOW, _("I don't know")),
]

# The countries Glasna serves (accounts.models.COUNTRIES), and the answers beyond them.
COUNTRIES = [
    *SERVED_COUNTRIES,
    ("other", _("Another country")),
    (PREFER_NOT, _("I'd rather not say")),
]

AGE_BANDS = [
    ("under_18", _("Under 18")),
    ("18_24", _("18–24")),
    ("25_34", _("25–34")),
    ("35_49", _("35–49")),
    ("50_plus", _("50 or older")),
    (PREFER_NOT, _("I'd rather not say")),
]
CHILD = "under_18"

GENDERS = [
    ("woman", _("Woman")),
    ("man", _("Man")),
    ("non_binary", _("Non-binary or another gender")),
    (PREFER_NOT, _("I'd rather not say")),
]

HELP = [
    ("removal", _("Get the content removed")),
    ("legal", _("Legal advice")),
    ("psychological", _("Someone to talk to (psychological support)")),
    ("safety", _("Safety or a safe place to stay")),
    ("record", _("Just record what happened")),
    (DONT_KNOW, _("I don't know yet")),
]

CONTACT_METHODS = [
    ("portal", _("Only through this website, with my receipt")),
    ("phone", _("By phone")),
    ("email", _("By e-mail")),
    ("signal", _("On Signal")),
]

POLICE_CONSENT = [
    ("no", _("No, do not contact the police")),
    ("ask_first", _("Ask me first")),
]

STATS_CONSENT = [
    ("yes", _("Yes, my answers may be counted in anonymous statistics")),
    ("no", _("No")),
]


def label(choices: list[tuple[str, object]], code: str) -> str:
    return str(dict(choices).get(code, code))


# The coded answers, by the name they have in a report, for showing them in words.
ANSWER_CHOICES: dict[str, list[tuple[str, Any]]] = {
    "forms": FORMS,
    "platforms": PLATFORMS,
    "relationship": RELATIONSHIPS,
    "when": WHEN,
    "country": COUNTRIES,
    "age_band": AGE_BANDS,
    "gender": GENDERS,
    "help": HELP,
    "contact_method": CONTACT_METHODS,
    "consent_stats": STATS_CONSENT,
    "consent_police": POLICE_CONSENT,
}


def display(name: str, value: Any) -> str:
    """An answer in words: coded answers by their labels, free text as it was written."""
    if name not in ANSWER_CHOICES:
        return "" if value is None else str(value)
    values = value if isinstance(value, list) else ([value] if value else [])
    return ", ".join(label(ANSWER_CHOICES[name], v) for v in values)
