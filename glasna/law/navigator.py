"""The legal navigator: from incident facts to what the law in each relevant jurisdiction offers.

It only reasons over the knowledge base (glasna/law/data): a provision applies when it covers an
element of the facts; the route, deadline and remedies are what the data says; whatever the data
leaves open is returned as "not stated" for the pages to say "not confirmed — ask a lawyer".
Nothing here invents an article or a deadline."""

import datetime as dt
from dataclasses import dataclass, replace

from glasna.core.dates import add_months
from glasna.law import knowledge
from glasna.law.facts import Facts
from glasna.law.schema import CONFIDENCE, CivilRemedy, Deadline, Jurisdiction, PendingChange, Provision

# Where a country's offences are: Bosnia and Herzegovina's are in the entities' codes.
COUNTRY_JURISDICTIONS = {
    "AL": ("AL",),
    "XK": ("XK",),
    "ME": ("ME",),
    "MK": ("MK",),
    "RS": ("RS",),
    "BA": ("BA-FBIH", "BA-RS"),
    "HR": ("HR",),
    "SI": ("SI",),
}
# Countries where EU law applies directly (members, not candidates aligning with it): there the DSA
# binds every platform serving the survivor, named or not.
EU_MEMBERS = frozenset({"HR", "SI"})
# Roles a jurisdiction plays for the facts, in the order the pages show them.
SURVIVOR, PERPETRATOR, PLATFORM, STANDARDS = "survivor", "perpetrator", "platform", "standards"
EU_STANDARD = "eu_standard"  # the EU layer when no platform is named: the Directive as a standard
EU_LAW = "eu_law"  # the EU layer where the survivor or the perpetrator is in a member state: law in force
# Where each prosecution mode is started, and by whom.
WHO_STARTS = {
    "ex_officio": "prosecutor",
    "private_lawsuit": "survivor",
    "on_motion": "survivor_motion",
    "unknown": "not_stated",
}
WHERE = {
    "ex_officio": "police_or_prosecutor",
    "private_lawsuit": "court",
    "on_motion": "police_or_prosecutor",
    "unknown": "not_stated",
}
# The EU texts that bind a platform offering its service in the EU (whatever the survivor's country).
PLATFORM_TEXTS = ("eu-dsa-",)


@dataclass(frozen=True)
class DueDate:
    """A deadline from the data, with the date it gives for these facts when it can give one."""

    text: str
    months: int | None
    due: dt.date | None
    counted_from: dt.date | None
    passed: bool
    # Set when the date comes from the jurisdiction's general procedural rule, not from a source on
    # this provision: the law it rests on, and that rule's confidence (never verified_in_seed).
    general_basis: str = ""
    general_confidence: str = ""
    # Whose knowledge the deadline rests on (one of schema.CONFIDENCE): the pages say it next to
    # every date, so that no date from general knowledge is shown as if it were checked.
    confidence: str = "unverified"

    @property
    def stated(self) -> bool:
        return self.months is not None

    @property
    def general(self) -> bool:
        return bool(self.general_basis)


@dataclass(frozen=True)
class Applicable:
    provision: Provision
    elements: tuple[str, ...]  # the facts' elements it covers: the reason it applies
    forms: tuple[str, ...]  # the forms of abuse those elements came from

    @property
    def confirmed(self) -> bool:
        return self.provision.confidence == "verified_in_seed"


@dataclass(frozen=True)
class Route:
    provision: Provision
    mode: str
    who: str
    where: str
    deadline: DueDate

    @property
    def confirmed(self) -> bool:
        """Whether the mode (and the rest of the entry) is as a reviewed source states it."""
        return self.provision.confidence == "verified_in_seed"


@dataclass(frozen=True)
class Remedy:
    remedy: CivilRemedy
    provisions: tuple[str, ...]  # ids of the applicable provisions that give it
    deadline: DueDate | None


@dataclass(frozen=True)
class Gap:
    element: str
    forms: tuple[str, ...]
    # Provisions that name the element but, by the source, do not reach it when it happens online.
    offline_only: tuple[Provision, ...] = ()


@dataclass(frozen=True)
class JurisdictionGuidance:
    jurisdiction: Jurisdiction
    roles: tuple[str, ...]
    applicable: tuple[Applicable, ...]
    routes: tuple[Route, ...]
    remedies: tuple[Remedy, ...]
    gaps: tuple[Gap, ...]
    protective_measures: bool  # national: a court or police order may be asked for (see pages)
    # Changes in progress: the jurisdiction's and those of its applicable provisions.
    pending_changes: tuple[PendingChange, ...] = ()

    @property
    def is_national(self) -> bool:
        return self.jurisdiction.kind != "supranational"


@dataclass(frozen=True)
class Guidance:
    facts: Facts
    jurisdictions: tuple[JurisdictionGuidance, ...]

    def for_code(self, code: str) -> JurisdictionGuidance | None:
        return next((j for j in self.jurisdictions if j.jurisdiction.code == code), None)


def due_date(deadline: Deadline, facts: Facts, confidence: str = "unverified") -> DueDate:
    """The date a deadline gives. The sources do not say from when periods run, so they are counted
    from the earliest date the facts allow: the date shown is never later than the real one."""
    start = facts.start
    if deadline.months is None or start is None:
        return DueDate(deadline.text, deadline.months, None, start, False, confidence=confidence)
    due = add_months(start, deadline.months)
    return DueDate(deadline.text, deadline.months, due, start, due < facts.today, confidence=confidence)


def _victim_fits(provision: Provision, facts: Facts) -> bool:
    if provision.victims == "child":
        return facts.is_child
    if provision.victims == "adult":
        return not facts.is_child
    return True


def applicable(provisions: list[Provision], facts: Facts) -> list[Applicable]:
    elements = facts.elements
    found = []
    for provision in provisions:
        if provision.relevance == "scope_gap" or not _victim_fits(provision, facts):
            continue
        # Everything Glasna sees happened online: an element the source excludes online is not covered.
        covered = tuple(e for e in provision.elements if e in elements and e not in provision.not_online)
        if not covered:
            continue
        forms = tuple(dict.fromkeys(f for e in covered for f in facts.forms_for(e)))
        found.append(Applicable(provision, covered, forms))
    # Core provisions first, then confirmed before unconfirmed; stable within.
    found.sort(key=lambda a: (a.provision.relevance != "core", not a.confirmed))
    return found


def route_deadline(provision: Provision, jurisdiction: Jurisdiction, facts: Facts) -> DueDate:
    """The provision's own deadline; where its source states none, the jurisdiction's general rule for
    its prosecution mode (a private lawsuit's time limit, say), marked as such so pages can say that
    it is not confirmed for this offence."""
    own = due_date(provision.deadline, facts, provision.confidence)
    if own.stated:
        return own
    for rule in jurisdiction.procedure_deadlines:
        if rule.mode == provision.prosecution:
            general = due_date(Deadline(rule.text, rule.months), facts, rule.confidence)
            return replace(general, general_basis=rule.basis, general_confidence=rule.confidence)
    return own


def remedy_confidence(remedy: CivilRemedy, provisions: list[Provision]) -> str:
    """A remedy's deadline is as sure as the least sure of its source and the provisions giving it."""
    levels = [p.confidence for p in provisions]
    if not (remedy.source.is_seed and remedy.source.quote):
        levels.append("unverified")
    return max(levels, key=CONFIDENCE.index, default="unverified")


def _routes(found: list[Applicable], jurisdiction: Jurisdiction, facts: Facts) -> list[Route]:
    return [
        Route(
            a.provision,
            a.provision.prosecution,
            WHO_STARTS[a.provision.prosecution],
            WHERE[a.provision.prosecution],
            route_deadline(a.provision, jurisdiction, facts),
        )
        for a in found
        if a.provision.prosecution != "not_applicable"
    ]


def _remedies(found: list[Applicable], facts: Facts) -> list[Remedy]:
    by_remedy: dict[tuple[str | None, str], tuple[CivilRemedy, list[Provision]]] = {}
    for a in found:
        for remedy in a.provision.civil_remedies:
            key = (remedy.basis, remedy.text)
            by_remedy.setdefault(key, (remedy, []))[1].append(a.provision)
    return [
        Remedy(
            remedy,
            tuple(p.id for p in provisions),
            due_date(remedy.deadline, facts, remedy_confidence(remedy, provisions)) if remedy.deadline else None,
        )
        for remedy, provisions in by_remedy.values()
    ]


def _pending(jurisdiction: Jurisdiction, found: list[Applicable]) -> tuple[PendingChange, ...]:
    changes = [*jurisdiction.pending_changes, *(c for a in found for c in a.provision.pending_changes)]
    unique = {id(change): change for change in changes}  # one entry may be shared by YAML anchor
    return tuple(unique.values())


def _gaps(found: list[Applicable], provisions: list[Provision], facts: Facts) -> list[Gap]:
    covered = {e for a in found for e in a.elements}
    return [
        Gap(e, tuple(facts.forms_for(e)), tuple(p for p in provisions if e in p.not_online))
        for e in sorted(facts.elements - covered)
        if e != "privacy_interference" or not covered  # a side element, a gap only when nothing fits
    ]


def _roles(facts: Facts, knowledge_base: knowledge.KnowledgeBase) -> dict[str, list[str]]:
    roles: dict[str, list[str]] = {}
    for role, country in ((SURVIVOR, facts.survivor_country), (PERPETRATOR, facts.perpetrator_country)):
        for code in COUNTRY_JURISDICTIONS.get(country or "", ()):
            if code in knowledge_base.jurisdictions:
                roles.setdefault(code, []).append(role)
    member = bool(EU_MEMBERS & {facts.survivor_country, facts.perpetrator_country})
    for code in ("EU", "COE"):
        if code in knowledge_base.jurisdictions:
            eu_role = EU_LAW if member else PLATFORM if facts.platforms else EU_STANDARD
            roles[code] = [STANDARDS if code == "COE" else eu_role]
    return roles


def navigate(facts: Facts, knowledge_base: knowledge.KnowledgeBase | None = None) -> Guidance:
    knowledge_base = knowledge_base or knowledge.cached()
    results = []
    for code, roles in _roles(facts, knowledge_base).items():
        jurisdiction = knowledge_base.jurisdictions[code]
        provisions = knowledge_base.provisions_for(code)
        if code == "EU" and roles == [EU_STANDARD]:
            provisions = [p for p in provisions if not p.id.startswith(PLATFORM_TEXTS)]
        found = applicable(provisions, facts)
        national = jurisdiction.kind != "supranational"
        results.append(
            JurisdictionGuidance(
                jurisdiction=jurisdiction,
                roles=tuple(roles),
                applicable=tuple(found),
                routes=tuple(_routes(found, jurisdiction, facts)),
                remedies=tuple(_remedies(found, facts)),
                gaps=tuple(_gaps(found, provisions, facts)) if national else (),
                protective_measures=national,
                pending_changes=_pending(jurisdiction, found),
            )
        )
    return Guidance(facts, tuple(results))
