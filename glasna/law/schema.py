"""The shape of the legal knowledge base: its enumerations and the records read from `glasna/law/data`.

The legal content itself lives in the YAML files; this module only says which values a file may use
(documented for reviewers in `glasna/law/data/README.md`)."""

import datetime as dt
from dataclasses import dataclass

# What a provision covers, in the terms of the DCAF study's definition of image-based sexual abuse
# ("creating, altering or manipulating, taking or recording, processing, distributing or threatening
# to distribute intimate images") plus the offences it finds used alongside it.
ELEMENTS = (
    "create_or_alter",
    "record",
    "distribute",
    "threaten_to_distribute",
    "stalk",
    "harass",
    "misuse_personal_data",
    "csam",
    "blackmail",
    "privacy_interference",
)
VICTIMS = ("adult", "child", "any")
# `obligation`: a treaty or EU article binding states or platforms, not an offence anyone is charged with.
CLASSIFICATIONS = ("crime", "misdemeanour", "obligation")
PROSECUTION = ("ex_officio", "private_lawsuit", "on_motion", "unknown", "not_applicable")
# secondary_source: from a cited article, report or unofficial text (`source.citation` and `source.url`),
# not from the law's official text: better than general knowledge, still to be checked.
CONFIDENCE = ("verified_in_seed", "secondary_source", "general_knowledge", "unverified")
# What kind of change is coming: a bill before parliament, a change a government announced, or the
# date by which EU member states must bring a directive into their law.
PENDING_KINDS = ("bill", "announced", "transposition_deadline")
# How long a pending change may go unreviewed before `glasna law check` warns: such news ages fast.
PENDING_REVIEW_DAYS = 183
# core: the provision a source names as the closest to image-based sexual abuse;
# related: offences used alongside it or instead of it; scope_gap: discussed to show what is not covered.
RELEVANCE = ("core", "related", "scope_gap")
JURISDICTION_KINDS = ("national", "entity", "supranational")
COVERAGE_VALUES = ("yes", "no", "partial", "not_stated")
READING_VALUES = ("yes", "no", "partial")

SEED_PREFIX = "seed:"


@dataclass(frozen=True)
class CoverageColumn:
    key: str
    study_label: str  # the column heading exactly as Table 6 of the study prints it


# Table 6 of the DCAF study ("Coverage of Image-Based Sexual Abuse Elements in the Criminal
# Legislation of Albania, North Macedonia, Montenegro, and Serbia"), in the study's order.
COVERAGE_COLUMNS = (
    CoverageColumn("creating_altering", "Creating/ altering"),
    CoverageColumn("recording", "Recording"),
    CoverageColumn("processing_distributing", "Processing/ distributing"),
    CoverageColumn("threatening_to_distribute", "Threatening to distribute"),
    CoverageColumn("digital_means_defined", "Clear definitions of digital means/ aspects"),
    CoverageColumn("consent_defined", "Clear definition of consent"),
    CoverageColumn("intimate_images_explicit", "Explicit addressing of intimate images"),
    CoverageColumn("burden_of_proof_on_victim", "The burden of proof on the victim"),
    CoverageColumn("damage_compensation", "Damage compensation"),
    CoverageColumn("platform_responsibility", "Regulation of the responsibility of online platforms"),
)


@dataclass(frozen=True)
class Source:
    """Where an entry comes from: a seed document with the quoted lines, a citation, or both."""

    document: str | None
    citation: str | None
    section: str | None
    lines: tuple[int, int] | None
    quote: str | None
    url: str | None

    @property
    def is_seed(self) -> bool:
        return bool(self.document and self.document.startswith(SEED_PREFIX))


@dataclass(frozen=True)
class Deadline:
    text: str
    months: int | None


@dataclass(frozen=True)
class CivilRemedy:
    text: str
    basis: str | None
    deadline: Deadline | None
    source: Source


@dataclass(frozen=True)
class Title:
    original: str | None
    en: str


@dataclass(frozen=True)
class PendingChange:
    """A change to the law in progress: the pages tell the survivor "this may change: ask a lawyer"."""

    kind: str  # one of PENDING_KINDS
    summary: dict[str, str]  # by language code; always "en"
    date: dt.date  # when it was announced or tabled; for a transposition deadline, the deadline
    source: Source
    confidence: str  # one of CONFIDENCE: what the source can carry
    reviewed: dt.date

    def summary_in(self, language: str) -> tuple[str, str]:
        """(language, text): the summary in `language` if the data has it, else in English."""
        for code in (language, language.split("-")[0].split("_")[0]):
            if code in self.summary:
                return code, self.summary[code]
        return "en", self.summary["en"]


@dataclass(frozen=True)
class Provision:
    id: str
    jurisdiction: str
    code: str
    article: str | None
    title: Title
    relevance: str
    elements: tuple[str, ...]
    victims: str
    classification: str
    penalty: str | None
    prosecution: str
    deadline: Deadline
    civil_remedies: tuple[CivilRemedy, ...]
    confidence: str
    source: Source
    reviewed: dt.date
    notes: str | None
    # Elements the source says the provision does not cover when the act is online.
    not_online: tuple[str, ...] = ()
    pending_changes: tuple[PendingChange, ...] = ()


@dataclass(frozen=True)
class Reading:
    """Glasna's reading of the study's prose for one Table 6 cell, with the sentence it rests on."""

    value: str
    lines: tuple[int, int]
    quote: str
    note: str | None


@dataclass(frozen=True)
class CoverageCell:
    column: CoverageColumn
    value: str  # what the table itself states
    cell_text: str  # the cell's text, verbatim
    reading: Reading | None


@dataclass(frozen=True)
class Coverage:
    table: str
    row: str  # the row label as the study prints it
    source: Source
    cells: tuple[CoverageCell, ...]  # in COVERAGE_COLUMNS order


@dataclass(frozen=True)
class OfficialText:
    title: str
    url: str | None


@dataclass(frozen=True)
class ProcedureDeadline:
    """A general procedural time limit for one prosecution mode (e.g. a private lawsuit), used when a
    provision's own source states none. Never `verified_in_seed`: the study states none of these."""

    mode: str  # one of PROSECUTION
    months: int
    text: str  # from when it runs, in the source's words
    basis: str  # the law it comes from; "article not verified" where no number could be sourced
    confidence: str  # one of CONFIDENCE
    reviewed: dt.date
    source: Source | None = None  # required for secondary_source: where the rule was read


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    kind: str
    country: str | None
    name_en: str
    name_local: str
    languages: tuple[str, ...]
    reviewed: dt.date
    official_texts: tuple[OfficialText, ...]
    notes: str | None
    coverage: Coverage | None
    procedure_deadlines: tuple[ProcedureDeadline, ...] = ()
    pending_changes: tuple[PendingChange, ...] = ()
