"""Incident facts the navigator reasons over, and how they are read from an intake report's answers.

The intake asks in bands ("in the last month"), not dates, and does not ask where the perpetrator
lives; the adapter turns a band into the *earliest* date it allows, so a deadline counted from it is
never later than the real one."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from glasna.intake import taxonomy as t

# The intake's forms of abuse (intake.taxonomy.FORMS) in the knowledge base's elements (law.schema.ELEMENTS).
FORM_ELEMENTS: dict[str, frozenset[str]] = {
    "ibsa_shared": frozenset({"distribute", "privacy_interference"}),
    "ibsa_recorded": frozenset({"record", "privacy_interference"}),
    "ibsa_faked": frozenset({"create_or_alter"}),
    "ibsa_threatened": frozenset({"threaten_to_distribute"}),
    "sextortion": frozenset({"threaten_to_distribute", "blackmail"}),
    "cyberstalking": frozenset({"stalk"}),
    "sexual_harassment": frozenset({"harass"}),
    "doxing": frozenset({"misuse_personal_data", "privacy_interference"}),
    "impersonation": frozenset({"misuse_personal_data"}),
    "hate_speech": frozenset({"harass"}),
    "child_abuse": frozenset({"csam"}),
}
# Forms that involve intimate images: with a survivor under 18 they are child sexual abuse material.
IMAGE_FORMS = frozenset({"ibsa_shared", "ibsa_recorded", "ibsa_faked", "ibsa_threatened", "sextortion"})
# The earliest day each intake `when` band allows, in days before the report.
WHEN_EARLIEST_DAYS = {"ongoing": 0, "week": 7, "month": 31, "year": 366}


@dataclass(frozen=True)
class Facts:
    forms: tuple[str, ...]
    age_band: str  # intake.taxonomy.AGE_BANDS code
    relationship: str  # intake.taxonomy.RELATIONSHIPS code
    survivor_country: str  # accounts COUNTRIES code, or "other"/"prefer_not"
    perpetrator_country: str | None
    platforms: tuple[str, ...]
    happened_on: dt.date | None  # when it happened (the earliest day, if a period)
    learnt_on: dt.date | None  # when the survivor learnt of it
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def is_child(self) -> bool:
        return self.age_band == t.CHILD

    @property
    def elements(self) -> frozenset[str]:
        found: set[str] = set()
        for form in self.forms:
            found |= FORM_ELEMENTS.get(form, frozenset())
        if self.is_child and IMAGE_FORMS.intersection(self.forms):
            found.add("csam")
        return frozenset(found)

    def forms_for(self, element: str) -> list[str]:
        """The forms of abuse that brought `element` in, for saying why a provision applies."""
        forms = [f for f in self.forms if element in FORM_ELEMENTS.get(f, frozenset())]
        if element == "csam" and self.is_child:
            forms += [f for f in self.forms if f in IMAGE_FORMS and f not in forms]
        return forms

    @property
    def start(self) -> dt.date | None:
        """The earliest date a period could run from: what happened, else when she learnt of it."""
        dates = [d for d in (self.happened_on, self.learnt_on) if d is not None]
        return min(dates) if dates else None


def from_answers(answers: dict[str, Any], submitted_on: dt.date, today: dt.date | None = None) -> Facts:
    """Facts from a report's decrypted answers (intake wizard names), as of `today`."""
    when = answers.get("when", "")
    happened = submitted_on - dt.timedelta(days=WHEN_EARLIEST_DAYS[when]) if when in WHEN_EARLIEST_DAYS else None
    return Facts(
        forms=tuple(answers.get("forms") or ()),
        age_band=answers.get("age_band", "") or "",
        relationship=answers.get("relationship", "") or "",
        survivor_country=answers.get("country", "") or "",
        perpetrator_country=answers.get("perpetrator_country") or None,
        platforms=tuple(p for p in answers.get("platforms") or () if p != t.DONT_KNOW),
        happened_on=happened,
        learnt_on=happened,
        today=today or dt.date.today(),
    )
