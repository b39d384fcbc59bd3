"""The DSA Transparency Database's statement-of-reasons vocabulary and its field rules.

Enumerations follow the database's published API schema (version 2 categories, where non-consensual
image sharing moved under STATEMENT_CATEGORY_CYBER_VIOLENCE and gained *_AGAINST_WOMEN variants);
the required-field rules follow its API documentation
(https://transparency.dsa.ec.europa.eu/page/api-documentation). Checked through the `search`
tool against a public copy of the schema, not against the live API: see docs/takedown.md."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

DECISION_VISIBILITY = (
    "DECISION_VISIBILITY_CONTENT_REMOVED",
    "DECISION_VISIBILITY_CONTENT_DISABLED",
    "DECISION_VISIBILITY_CONTENT_DEMOTED",
    "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
    "DECISION_VISIBILITY_CONTENT_LABELLED",
    "DECISION_VISIBILITY_OTHER",
)
DECISION_MONETARY = ("DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER")
DECISION_PROVISION = (
    "DECISION_PROVISION_PARTIAL_SUSPENSION",
    "DECISION_PROVISION_TOTAL_SUSPENSION",
    "DECISION_PROVISION_PARTIAL_TERMINATION",
    "DECISION_PROVISION_TOTAL_TERMINATION",
)
DECISION_ACCOUNT = ("DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED")
DECISION_GROUND = ("DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT")
CONTENT_TYPE = (
    "CONTENT_TYPE_APP",
    "CONTENT_TYPE_AUDIO",
    "CONTENT_TYPE_IMAGE",
    "CONTENT_TYPE_PRODUCT",
    "CONTENT_TYPE_SYNTHETIC_MEDIA",
    "CONTENT_TYPE_TEXT",
    "CONTENT_TYPE_VIDEO",
    "CONTENT_TYPE_OTHER",
)
SOURCE_TYPE = ("SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY")
AUTOMATED_DECISION = ("AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED")
YES_NO = ("Yes", "No")
CATEGORIES = (
    "STATEMENT_CATEGORY_ANIMAL_WELFARE",
    "STATEMENT_CATEGORY_CONSUMER_INFORMATION",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE",
    "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
    "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
    "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
    "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
    "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
    "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
    "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
    "STATEMENT_CATEGORY_SELF_HARM",
    "STATEMENT_CATEGORY_SCOPE_OF_PLATFORM_SERVICE",
    "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
    "STATEMENT_CATEGORY_VIOLENCE",
)
# The keywords Glasna's cases use (the schema has many more; these are the ones we emit or accept).
KEYWORDS = {
    "STATEMENT_CATEGORY_CYBER_VIOLENCE": (
        "KEYWORD_CYBER_BULLYING_INTIMIDATION",
        "KEYWORD_CYBER_HARASSMENT",
        "KEYWORD_CYBER_INCITEMENT",
        "KEYWORD_CYBER_STALKING",
        "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
    ),
    "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN": (
        "KEYWORD_BULLYING_AGAINST_GIRLS",
        "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN",
        "KEYWORD_CYBER_STALKING_AGAINST_WOMEN",
        "KEYWORD_FEMALE_GENDERED_DISINFORMATION",
        "KEYWORD_INCITEMENT_AGAINST_WOMEN",
        "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN",
    ),
    "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS": (
        "KEYWORD_BIOMETRIC_DATA_BREACH",
        "KEYWORD_MISSING_PROCESSING_GROUND",
        "KEYWORD_RIGHT_TO_BE_FORGOTTEN",
        "KEYWORD_DATA_FALSIFICATION",
    ),
    "STATEMENT_CATEGORY_PROTECTION_OF_MINORS": (
        "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
        "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
        "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE",
        "KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS",
        "KEYWORD_UNSAFE_CHALLENGES",
    ),
    "STATEMENT_CATEGORY_SCAMS_AND_FRAUD": ("KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING",),
}
ALL_KEYWORDS = frozenset(k for group in KEYWORDS.values() for k in group) | {"KEYWORD_OTHER"}
# Territorial scope: EEA member states' ISO codes (the schema's list).
TERRITORIAL_SCOPE = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK".split()
)
TEXT_LIMIT = 5000


class InvalidStatement(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def validate(data: dict[str, Any]) -> dict[str, str]:
    """Field → translated problem, empty when the record follows the database's rules."""
    errors: dict[str, str] = {}
    required = _("This field is required.")

    def one_of(name: str, allowed: tuple[str, ...] | frozenset[str], optional: bool = False) -> None:
        value = data.get(name) or ""
        if not value:
            if not optional:
                errors[name] = required
        elif value not in allowed:
            errors[name] = _("“%(value)s” is not an allowed value.") % {"value": str(value)[:80]}

    def all_of(name: str, allowed: tuple[str, ...] | frozenset[str], optional: bool = False) -> list[str]:
        values = list(data.get(name) or [])
        if not values and not optional:
            errors[name] = required
        bad = [v for v in values if v not in allowed]
        if bad:
            errors[name] = _("“%(value)s” is not an allowed value.") % {"value": str(bad[0])[:80]}
        return values

    visibility = all_of("decision_visibility", DECISION_VISIBILITY, optional=True)
    one_of("decision_monetary", DECISION_MONETARY, optional=True)
    one_of("decision_provision", DECISION_PROVISION, optional=True)
    one_of("decision_account", DECISION_ACCOUNT, optional=True)
    if not (
        visibility or data.get("decision_monetary") or data.get("decision_provision") or data.get("decision_account")
    ):
        errors.setdefault(
            "decision_visibility", _("At least one restriction (visibility, monetary, service or account) is required.")
        )
    if "DECISION_VISIBILITY_OTHER" in visibility and not data.get("decision_visibility_other"):
        errors["decision_visibility_other"] = required
    one_of("decision_ground", DECISION_GROUND)
    if data.get("decision_ground") == "DECISION_GROUND_ILLEGAL_CONTENT":
        for name in ("illegal_content_legal_ground", "illegal_content_explanation"):
            if not data.get(name):
                errors[name] = required
    if data.get("decision_ground") == "DECISION_GROUND_INCOMPATIBLE_CONTENT":
        for name in ("incompatible_content_ground", "incompatible_content_explanation"):
            if not data.get(name):
                errors[name] = required
        one_of("incompatible_content_illegal", YES_NO, optional=True)
    content_types = all_of("content_type", CONTENT_TYPE)
    if "CONTENT_TYPE_OTHER" in content_types and not data.get("content_type_other"):
        errors["content_type_other"] = required
    one_of("category", CATEGORIES)
    specification = all_of("category_specification", tuple(ALL_KEYWORDS), optional=True)
    allowed_here = set(KEYWORDS.get(str(data.get("category")), ())) | {"KEYWORD_OTHER"}
    if specification and "category" not in errors and not set(specification) <= allowed_here:
        errors["category_specification"] = _("A keyword does not belong to the chosen category.")
    all_of("territorial_scope", TERRITORIAL_SCOPE, optional=True)
    if not data.get("decision_facts"):
        errors["decision_facts"] = required
    one_of("source_type", SOURCE_TYPE)
    one_of("automated_detection", YES_NO)
    one_of("automated_decision", AUTOMATED_DECISION)
    for name in ("decision_facts", "illegal_content_explanation", "incompatible_content_explanation"):
        if len(str(data.get(name) or "")) > TEXT_LIMIT:
            errors[name] = _("At most %(n)d characters.") % {"n": TEXT_LIMIT}
    for name in ("content_date", "application_date"):
        if not isinstance(data.get(name), dt.date):
            errors[name] = required
    content_date, application_date = data.get("content_date"), data.get("application_date")
    if isinstance(content_date, dt.date) and isinstance(application_date, dt.date) and application_date < content_date:
        errors["application_date"] = _("The decision cannot be earlier than the content.")
    end = data.get("end_date_visibility_restriction")
    if isinstance(end, dt.date) and isinstance(application_date, dt.date) and end < application_date:
        errors["end_date_visibility_restriction"] = _("The end date cannot be before the decision.")
    return errors


def category_for(forms: list[str], gender: str) -> tuple[str, list[str]]:
    """The category and keywords for a notice, from the report's forms of abuse."""
    against_women = gender == "woman"
    category = (
        "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN" if against_women else "STATEMENT_CATEGORY_CYBER_VIOLENCE"
    )
    if "child_abuse" in forms:
        return "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", ["KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"]
    women = {
        "ibsa_shared": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "ibsa_recorded": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "ibsa_threatened": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "sextortion": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "ibsa_faked": "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN",
        "cyberstalking": "KEYWORD_CYBER_STALKING_AGAINST_WOMEN",
        "sexual_harassment": "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN",
    }
    anyone = {
        "ibsa_shared": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "ibsa_recorded": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "ibsa_threatened": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "sextortion": "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING",
        "ibsa_faked": "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
        "cyberstalking": "KEYWORD_CYBER_STALKING",
        "sexual_harassment": "KEYWORD_CYBER_HARASSMENT",
    }
    table = women if against_women else anyone
    keywords = sorted({table[f] for f in forms if f in table})
    return category, keywords or [table["ibsa_shared"]]
