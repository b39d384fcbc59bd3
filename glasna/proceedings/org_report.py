"""An organisation's anonymised timeline report: every proceeding of its consenting cases as a row of
codes and months, for an advocacy report or a meeting with an institution.

No name, no free text, no case or proceeding id: rows are numbered after sorting by their own content,
so a row's number says nothing about which case it is. Dates are coarsened to months. Disclosure
control: rows are grouped by jurisdiction, institution type and kind of proceeding, and a group with
fewer than the observatory's threshold is left out whole (the report says that some were)."""

from collections import defaultdict
from dataclasses import dataclass

from glasna.proceedings.models import Proceeding


@dataclass(frozen=True)
class Line:
    jurisdiction: str
    institution_type: str
    kind: str
    outcome: str
    steps: tuple[tuple[str, str], ...]  # (step kind, "YYYY-MM")
    warnings: tuple[str, ...]  # codes, as on the proceeding


@dataclass(frozen=True)
class Report:
    lines: tuple[Line, ...]
    some_withheld: bool


def build(organisation_id: int, t: int) -> Report:
    proceedings = Proceeding.objects.filter(
        case__organisation_id=organisation_id, case__report__stats_consent=True
    ).prefetch_related("steps")
    groups: dict[tuple[str, str, str], list[Line]] = defaultdict(list)
    for p in proceedings:
        steps = tuple((s.kind, s.on.strftime("%Y-%m")) for s in sorted(p.steps.all(), key=lambda s: (s.on, s.kind)))
        line = Line(p.jurisdiction, p.institution_type, p.kind, p.outcome, steps, tuple(sorted(p.warnings)))
        groups[(p.jurisdiction, p.institution_type, p.kind)].append(line)
    kept = [line for members in groups.values() if len(members) >= t for line in members]
    ordered = sorted(kept, key=lambda x: (x.jurisdiction, x.institution_type, x.kind, x.steps, x.outcome, x.warnings))
    return Report(tuple(ordered), len(kept) < sum(len(m) for m in groups.values()))
