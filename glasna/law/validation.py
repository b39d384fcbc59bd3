"""Reading one jurisdiction's provisions and description into schema records, with the rules that tie
their fields together (see `glasna/law/data/README.md`)."""

import re

from glasna.law import schema
from glasna.law.coverage import read_coverage
from glasna.law.fields import Fields, Problem, ReviewRule, check_review, errors_since, read_source
from glasna.law.pending import read_pending_changes
from glasna.law.schema import CivilRemedy, Deadline, Jurisdiction, OfficialText, ProcedureDeadline, Provision, Title

PROVISION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def read_deadline(raw: object, where: str, problems: list[Problem]) -> Deadline | None:
    fields = Fields(raw, where, problems, ("text", "months"))
    text, months = fields.text("text"), fields.months("months")
    return Deadline(text, months) if text is not None and fields.raw else None


def read_civil_remedy(raw: object, where: str, problems: list[Problem]) -> CivilRemedy | None:
    before = len(problems)
    fields = Fields(raw, where, problems, ("text", "basis", "deadline", "source"))
    text = fields.text("text")
    basis = fields.text("basis", nullable=True)
    deadline = None
    if fields.present("deadline") and fields.raw["deadline"] is not None:
        deadline = read_deadline(fields.raw["deadline"], f"{where} deadline", problems)
    source = read_source(fields.raw["source"], f"{where} source", problems) if fields.present("source") else None
    if errors_since(problems, before) or text is None or source is None:
        return None
    return CivilRemedy(text, basis, deadline, source)


PROVISION_FIELDS = (
    "not_online",
    "pending_changes",
    "id",
    "jurisdiction",
    "code",
    "article",
    "title",
    "relevance",
    "elements",
    "victims",
    "classification",
    "penalty",
    "prosecution",
    "deadline",
    "civil_remedies",
    "confidence",
    "source",
    "reviewed",
    "notes",
)


def read_provision(
    raw: object, where: str, directory: str, rule: ReviewRule, problems: list[Problem]
) -> Provision | None:
    before = len(problems)
    fields = Fields(raw, where, problems, PROVISION_FIELDS)
    pid = fields.text("id")
    if pid is not None:
        fields.where = where = f"{where} ({pid})"
        if not PROVISION_ID.match(pid):
            fields.error(f"`id` {pid!r} must be lower-case letters, digits and hyphens")
        elif not pid.startswith(directory.lower() + "-"):
            fields.error(f"`id` {pid!r} must start with '{directory.lower()}-'")
    jurisdiction = fields.text("jurisdiction")
    if jurisdiction is not None and jurisdiction != directory:
        fields.error(f"`jurisdiction` {jurisdiction!r} does not match its folder {directory!r}")
    code = fields.text("code")
    article = fields.text("article", nullable=True)
    title = _read_title(fields, problems)
    relevance = fields.choice("relevance", schema.RELEVANCE)
    elements = fields.choices("elements", schema.ELEMENTS)
    victims = fields.choice("victims", schema.VICTIMS)
    classification = fields.choice("classification", schema.CLASSIFICATIONS)
    penalty = fields.text("penalty", nullable=True)
    prosecution = fields.choice("prosecution", schema.PROSECUTION)
    deadline = (
        read_deadline(fields.raw["deadline"], f"{where} deadline", problems) if fields.present("deadline") else None
    )
    remedies = [
        read_civil_remedy(item, f"{where} civil_remedies[{n}]", problems)
        for n, item in enumerate(fields.items("civil_remedies"))
    ]
    confidence = fields.choice("confidence", schema.CONFIDENCE)
    source = read_source(fields.raw["source"], f"{where} source", problems) if fields.present("source") else None
    reviewed = fields.date("reviewed")
    notes = fields.text("notes", nullable=True)
    # Optional: elements the source says the provision does not cover when committed online.
    not_online = fields.choices("not_online", schema.ELEMENTS) if "not_online" in fields.raw else ()
    if not_online and elements and not set(not_online) <= set(elements):
        fields.error("`not_online` may only list elements the provision has in `elements`")

    pending = read_pending_changes(fields.raw.get("pending_changes"), where, rule, problems)
    if confidence == "secondary_source" and source is not None and not (source.citation and source.url):
        fields.error("secondary_source needs the `source.citation` and `source.url` it was read at")
    if confidence == "verified_in_seed":
        if source is not None and not (source.is_seed and source.quote):
            fields.error("verified_in_seed needs a seed `source.document` and the study's words in `source.quote`")
        if "article" in fields.raw and article is None:
            fields.error("`article: null` is allowed only when confidence is not verified_in_seed")
    if "article" in fields.raw and article is None and not notes:
        fields.error("`article: null` needs `notes` saying what must be checked")
    if title is not None and title.original is None and not notes:
        fields.error("`title.original: null` needs `notes` saying where the original title is to be found")
    if (classification == "obligation") != (prosecution == "not_applicable") and classification and prosecution:
        fields.error("`prosecution: not_applicable` goes with `classification: obligation`, and only with it")
    check_review(fields, reviewed, rule)

    if errors_since(problems, before):
        return None
    assert (
        pid and jurisdiction and code and title and relevance and elements and victims
    )  # narrowed: no problem was recorded
    assert classification and prosecution and deadline and confidence and source and reviewed
    return Provision(
        id=pid,
        jurisdiction=jurisdiction,
        code=code,
        article=article,
        title=title,
        relevance=relevance,
        elements=elements,
        victims=victims,
        classification=classification,
        penalty=penalty,
        prosecution=prosecution,
        deadline=deadline,
        civil_remedies=tuple(remedy for remedy in remedies if remedy is not None),
        confidence=confidence,
        source=source,
        reviewed=reviewed,
        notes=notes,
        not_online=not_online or (),
        pending_changes=pending,
    )


def _read_title(parent: Fields, problems: list[Problem]) -> Title | None:
    if not parent.present("title"):
        return None
    fields = Fields(parent.raw["title"], f"{parent.where} title", problems, ("original", "en"))
    original = fields.text("original", nullable=True)
    en = fields.text("en")
    return Title(original, en) if en is not None else None


JURISDICTION_FIELDS = (
    "code",
    "kind",
    "country",
    "name",
    "languages",
    "reviewed",
    "official_texts",
    "notes",
    "coverage",
    "procedure_deadlines",
    "pending_changes",
)


def read_jurisdiction(
    raw: object, where: str, directory: str, rule: ReviewRule, problems: list[Problem]
) -> Jurisdiction | None:
    before = len(problems)
    fields = Fields(raw, where, problems, JURISDICTION_FIELDS)
    code = fields.text("code")
    if code is not None and code != directory:
        fields.error(f"`code` {code!r} does not match its folder {directory!r}")
    kind = fields.choice("kind", schema.JURISDICTION_KINDS)
    country = fields.text("country", nullable=True)
    if kind == "supranational" and country is not None:
        fields.error("a supranational jurisdiction has `country: null`")
    elif kind in ("national", "entity") and "country" in fields.raw and country is None:
        fields.error("a national or entity jurisdiction needs its `country` code")
    name_en = name_local = None
    if fields.present("name"):
        name = Fields(fields.raw["name"], f"{where} name", problems, ("en", "local"))
        name_en, name_local = name.text("en"), name.text("local")
    languages = [item for item in fields.items("languages") if isinstance(item, str) and item]
    if not languages:
        fields.error("`languages` must list at least one language code")
    reviewed = fields.date("reviewed")
    texts = [
        _read_official_text(item, f"{where} official_texts[{n}]", problems)
        for n, item in enumerate(fields.items("official_texts"))
    ]
    notes = fields.text("notes", nullable=True)
    coverage = None
    if fields.raw.get("coverage") is not None:  # optional: only the study's four have a Table 6 row
        coverage = read_coverage(fields.raw["coverage"], f"{where} coverage", problems)
    check_review(fields, reviewed, rule)
    deadlines = [
        _read_procedure_deadline(item, f"{where} procedure_deadlines[{n}]", rule, problems)
        for n, item in enumerate(fields.raw.get("procedure_deadlines") or [])
    ]
    pending = read_pending_changes(fields.raw.get("pending_changes"), where, rule, problems)

    if errors_since(problems, before):
        return None
    assert code and kind and name_en and name_local and reviewed  # narrowed: no problem was recorded
    return Jurisdiction(
        code=code,
        kind=kind,
        country=country,
        name_en=name_en,
        name_local=name_local,
        languages=tuple(languages),
        reviewed=reviewed,
        official_texts=tuple(text for text in texts if text is not None),
        notes=notes,
        coverage=coverage,
        procedure_deadlines=tuple(d for d in deadlines if d is not None),
        pending_changes=pending,
    )


def _read_procedure_deadline(
    raw: object, where: str, rule: ReviewRule, problems: list[Problem]
) -> ProcedureDeadline | None:
    before = len(problems)
    fields = Fields(raw, where, problems, ("mode", "months", "text", "basis", "confidence", "reviewed", "source"))
    mode = fields.choice("mode", schema.PROSECUTION)
    months = fields.raw.get("months")
    if not isinstance(months, int) or isinstance(months, bool) or not 0 < months <= 120:
        fields.error("`months` must be a whole number of months between 1 and 120")
    text, basis = fields.text("text"), fields.text("basis")
    confidence = fields.choice("confidence", schema.CONFIDENCE)
    if confidence == "verified_in_seed":
        fields.error(
            "a procedural deadline is not stated in the study: use secondary_source, general_knowledge or unverified"
        )
    source = None
    if fields.raw.get("source") is not None:  # optional, except for secondary_source
        source = read_source(fields.raw["source"], f"{where} source", problems)
    if confidence == "secondary_source" and not (source and source.citation and source.url):
        fields.error("secondary_source needs a `source` with the `citation` and `url` it was read at")
    reviewed = fields.date("reviewed")
    check_review(fields, reviewed, rule)
    if errors_since(problems, before):
        return None
    assert mode and text and basis and confidence and reviewed and isinstance(months, int)
    return ProcedureDeadline(mode, months, text, basis, confidence, reviewed, source)


def _read_official_text(raw: object, where: str, problems: list[Problem]) -> OfficialText | None:
    fields = Fields(raw, where, problems, ("title", "url"))
    title, url = fields.text("title"), fields.text("url", nullable=True)
    return OfficialText(title, url) if title is not None else None
