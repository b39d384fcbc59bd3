"""National provisions cited in a notice's explanation, chosen from the law knowledge base by the
survivor's country and what was done (the report's forms of abuse)."""

from dataclasses import dataclass
from functools import lru_cache

from glasna.law import knowledge
from glasna.law.schema import Provision

# Report form of abuse (intake.taxonomy.FORMS) → the knowledge base's elements.
ELEMENTS_OF_FORM = {
    "ibsa_shared": ("distribute",),
    "ibsa_recorded": ("record", "distribute"),
    "ibsa_faked": ("create_or_alter", "distribute"),
    "ibsa_threatened": ("threaten_to_distribute", "blackmail"),
    "sextortion": ("blackmail", "threaten_to_distribute"),
    "cyberstalking": ("stalk",),
    "sexual_harassment": ("harass",),
    "doxing": ("misuse_personal_data", "privacy_interference"),
    "impersonation": ("misuse_personal_data",),
    "child_abuse": ("csam",),
}
DEFAULT_ELEMENTS = ("distribute",)
EU_STANDARD = "eu-dir-2024-1385-art5"
MAX_NATIONAL = 3


@dataclass(frozen=True)
class Citation:
    id: str
    text: str  # "Criminal Code of Montenegro, Article 175a (Abuse of …)"
    jurisdiction: str


@lru_cache(maxsize=1)
def _knowledge() -> knowledge.KnowledgeBase:
    return knowledge.load()


def _cite(provision: Provision) -> Citation:
    article = f", Article {provision.article}" if provision.article else ""
    return Citation(provision.id, f"{provision.code}{article} ({provision.title.en.strip()})", provision.jurisdiction)


def elements_for(forms: list[str]) -> set[str]:
    found = {e for form in forms for e in ELEMENTS_OF_FORM.get(form, ())}
    return found or set(DEFAULT_ELEMENTS)


def citations(country: str, forms: list[str]) -> tuple[list[Citation], Citation | None]:
    """(national provisions, the EU standard) for a notice; national is empty where the knowledge
    base has nothing for the country (the notice then rests on the EU standard and the policy)."""
    kb = _knowledge()
    wanted = elements_for(forms)
    national = [
        p
        for p in kb.provisions
        if (p.jurisdiction == country or p.jurisdiction.startswith(f"{country}-"))
        and p.classification in ("crime", "misdemeanour")
        and p.relevance in ("core", "related")
        and wanted & set(p.elements)
    ]
    # The provision a source names as closest to image-based sexual abuse first, then the best overlap.
    national.sort(key=lambda p: (p.relevance != "core", -len(wanted & set(p.elements)), p.id))
    eu = next((p for p in kb.provisions if p.id == EU_STANDARD), None)
    return [_cite(p) for p in national[:MAX_NATIONAL]], (_cite(eu) if eu else None)
