"""Changes to the law in progress (`pending_changes` on a provision or a jurisdiction): reading them,
and the rule that they be re-checked often, since a bill or an announcement goes stale within months.

A stale review is a warning, never an error: the survivor is told "this may change: ask a lawyer"
either way, and an old lead is still worth showing."""

import datetime as dt

from glasna.law import schema
from glasna.law.fields import ERROR, Fields, Problem, ReviewRule, errors_since, read_source
from glasna.law.schema import PendingChange

FIELDS = ("kind", "summary", "date", "source", "confidence", "reviewed")


def read_pending_changes(
    raw: object, where: str, rule: ReviewRule, problems: list[Problem]
) -> tuple[PendingChange, ...]:
    """The optional `pending_changes` list of an entry (`raw` is its value, None when absent)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(ERROR, where, "`pending_changes` must be a list"))
        return ()
    found = (read_pending_change(item, f"{where} pending_changes[{n}]", rule, problems) for n, item in enumerate(raw))
    return tuple(change for change in found if change is not None)


def read_pending_change(raw: object, where: str, rule: ReviewRule, problems: list[Problem]) -> PendingChange | None:
    before = len(problems)
    fields = Fields(raw, where, problems, FIELDS)
    kind = fields.choice("kind", schema.PENDING_KINDS)
    summary = _summary(fields)
    date = fields.date("date")
    source = read_source(fields.raw["source"], f"{where} source", problems) if fields.present("source") else None
    if source is not None and not source.citation:
        fields.error("a pending change's `source` needs a `citation` (and a `url` where there is one)")
    confidence = fields.choice("confidence", schema.CONFIDENCE)
    if confidence == "secondary_source" and source is not None and not source.url:
        fields.error("`confidence: secondary_source` needs the `source.url` it was read at")
    if confidence == "verified_in_seed" and source is not None and not (source.is_seed and source.quote):
        fields.error("verified_in_seed needs a seed `source.document` and its words in `source.quote`")
    reviewed = fields.date("reviewed")
    check_pending_review(fields, kind, date, reviewed, rule.today)
    if errors_since(problems, before):
        return None
    assert kind and summary and date and source and confidence and reviewed  # narrowed: no problem recorded
    return PendingChange(kind, summary, date, source, confidence, reviewed)


def check_pending_review(
    fields: Fields, kind: str | None, date: dt.date | None, reviewed: dt.date | None, today: dt.date
) -> None:
    """Errors for dates in the future where they cannot be; warnings for a stale review or a deadline
    that has passed (the change may be in force: the entry must be updated)."""
    if reviewed is not None:
        if reviewed > today:
            fields.error(f"`reviewed` {reviewed.isoformat()} is in the future")
        elif (today - reviewed).days > schema.PENDING_REVIEW_DAYS:
            fields.warning(
                f"pending change last reviewed {reviewed.isoformat()}, more than six months ago: "
                "check whether it passed, changed or was dropped"
            )
    if date is None or kind is None:
        return
    if kind != "transposition_deadline" and date > today:
        fields.error(f"`date` {date.isoformat()} is in the future: a {kind} has a date it was made")
    if kind == "transposition_deadline" and date < today:
        fields.warning(f"the transposition deadline {date.isoformat()} has passed: record the law now in force")


def _summary(fields: Fields) -> dict[str, str] | None:
    """`summary`: English text, or a mapping of language codes to text that includes `en`."""
    if not fields.present("summary"):
        return None
    value = fields.raw["summary"]
    if isinstance(value, str) and value.strip():
        return {"en": " ".join(value.split())}
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
    ):
        return {k: " ".join(v.split()) for k, v in value.items()}
    fields.error("`summary` must be English text, or a mapping of language codes to text with an `en` entry")
    return None
