"""Words for the knowledge base's codes, for the pages (translated; the data itself stays in codes)."""

from django.utils.translation import gettext_lazy as _

ELEMENTS = {
    "create_or_alter": _("making or editing fake intimate images"),
    "record": _("recording or photographing without consent"),
    "distribute": _("sharing or publishing images"),
    "threaten_to_distribute": _("threatening to share images"),
    "stalk": _("stalking"),
    "harass": _("harassment"),
    "misuse_personal_data": _("misuse of personal data"),
    "csam": _("sexual abuse material of a child"),
    "blackmail": _("blackmail"),
    "privacy_interference": _("interference in private life"),
}

PROSECUTION = {
    "ex_officio": _("Prosecuted ex officio: the police and prosecutor must act once they know."),
    "private_lawsuit": _("Private lawsuit: only you can start the case, by filing it yourself at court."),
    "on_motion": _("On your motion: the prosecutor acts only if you ask them to, by reporting it."),
    "unknown": _("Our sources do not say how this is prosecuted. Not confirmed — ask a lawyer."),
}

WHERE = {
    "police_or_prosecutor": _("the police or the public prosecutor's office"),
    "court": _("the competent court (a lawyer can tell you which one)"),
    "not_stated": _("not stated in our sources — ask a lawyer"),
}

ROLES = {
    "survivor": _("where you live"),
    "perpetrator": _("where the person responsible lives"),
    "platform": _("EU rules for platforms that operate in the EU, and the EU standard your country is aligning with"),
    "standards": _("European standards"),
    "eu_standard": _("the EU standard your country is aligning with"),
    "eu_law": _("EU law, in force in EU member states such as Croatia, including its rules for platforms"),
}

CLASSIFICATION = {
    "crime": _("criminal offence"),
    "misdemeanour": _("misdemeanour"),
    "obligation": _("obligation of states or platforms"),
}

CONFIDENCE = {
    "verified_in_seed": _("checked against our source"),
    "secondary_source": _("from a secondary source (an article or report), not the text of the law"),
    "general_knowledge": _("general knowledge, not yet checked against a source"),
    "unverified": _("not confirmed — ask a lawyer"),
}


# Said next to every deadline date: whose knowledge the date rests on.
DEADLINE_BASIS = {
    "verified_in_seed": _("This date rests on a legal study we checked."),
    "secondary_source": _("This date rests on a secondary source (an article or report), not on the text of the law."),
    "general_knowledge": _("This date rests on general knowledge, not on a source we checked."),
    "unverified": _("This date is not confirmed."),
}

PENDING_KINDS = {
    "bill": _("Bill before parliament"),
    "announced": _("Announced by the government"),
    "transposition_deadline": _("Deadline for EU member states"),
}


def elements(codes: tuple[str, ...] | list[str]) -> str:
    return ", ".join(str(ELEMENTS.get(code, code)) for code in codes)


JURISDICTIONS = {
    "AL": _("Albania"),
    "XK": _("Kosovo"),
    "ME": _("Montenegro"),
    "MK": _("North Macedonia"),
    "RS": _("Serbia"),
    "BA-FBIH": _("Federation of Bosnia and Herzegovina"),
    "BA-RS": _("Republika Srpska"),
    "HR": _("Croatia"),
    "SI": _("Slovenia"),
    "EU": _("European Union"),
    "COE": _("Council of Europe"),
}

DRAFTS = {
    "criminal_complaint": _("Criminal complaint to the prosecutor"),
    "private_lawsuit": _("Private criminal lawsuit (outline)"),
    "protection_order": _("Request for a protection order"),
    "civil_claim": _("Civil damages claim (outline)"),
    "foi_request": _("Freedom-of-information request"),
}
