"""Deadlines and silences of a proceeding, computed from dates alone: no database, no clock.

Deadlines come from the law knowledge base (a jurisdiction's `procedure_deadlines`, e.g. three months
for a private lawsuit or a motion to prosecute); each carries the rule's confidence, so that a date
from general knowledge is never shown as if it were checked. Silences are the days since the last
thing that happened in a proceeding still open, against the organisation's threshold."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from glasna.law.navigator import add_months
from glasna.law.schema import ProcedureDeadline

# Which prosecution mode's time limit binds which kind of proceeding, until it is filed.
MODE_OF_KIND = {"private_lawsuit": "private_lawsuit", "motion_to_prosecute": "on_motion"}
# Reminders go this many days before a deadline.
REMIND_BEFORE = (7, 1)
# And this many days before a granted protection order ends: time for her lawyer to ask whether
# she needs it extended or a new one, and for the court to answer before she is unprotected.
ORDER_REMIND_BEFORE = (14, 3)
# A breach of a protection order with no decision on reporting it to the police is reminded this
# many days after it was recorded: the caseworker who records it is already looking at it.
BREACH_REMIND_AFTER = 1


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    counted_from: dt.date
    months: int
    text: str
    basis: str
    confidence: str  # one of glasna.law.schema.CONFIDENCE

    def days_left(self, today: dt.date) -> int:
        return (self.due - today).days


@dataclass(frozen=True)
class Silence:
    since: dt.date  # the last step's date
    days: int  # days without an answer, today included
    threshold: int

    @property
    def passed(self) -> bool:
        return self.days >= self.threshold


def deadline(kind: str, learnt_on: dt.date | None, filed: bool, rules: Iterable[ProcedureDeadline]) -> Deadline | None:
    """The time limit for filing this kind of proceeding, if the data has one and it still binds."""
    mode = MODE_OF_KIND.get(kind)
    if mode is None or learnt_on is None or filed:
        return None
    for rule in rules:
        if rule.mode == mode:
            return Deadline(
                add_months(learnt_on, rule.months), learnt_on, rule.months, rule.text, rule.basis, rule.confidence
            )
    return None


def silence(step_dates: Sequence[dt.date], closed: bool, threshold: int | None, today: dt.date) -> Silence | None:
    """How long the institution has been silent since the last step; None when nothing is awaited."""
    if closed or threshold is None or not step_dates:
        return None
    since = max(step_dates)
    return Silence(since, max(0, (today - since).days), threshold)


def _window(due: dt.date, before: Iterable[int], today: dt.date) -> int | None:
    """The most pressing of the windows (days before `due`) that today falls in, else None: a job
    that first runs the day before sends one reminder, not two."""
    windows = [days for days in before if due - dt.timedelta(days=days) <= today <= due]
    return min(windows) if windows else None


def reminders_due(found: Deadline | None, quiet: Silence | None, today: dt.date) -> list[tuple[str, str, dt.date, int]]:
    """(key, kind, about, days) of each reminder that should have gone by today. The key names the
    deadline date or the silence's start and threshold, so a reminder is sent once, and a new step
    (a new silence) or a new deadline gives new keys."""
    due = []
    days = _window(found.due, REMIND_BEFORE, today) if found is not None else None
    if found is not None and days is not None:
        due.append((f"deadline:{found.due.isoformat()}:{days}", "deadline", found.due, days))
    if quiet is not None and quiet.passed:
        due.append((f"silence:{quiet.since.isoformat()}:{quiet.threshold}", "silence", quiet.since, quiet.threshold))
    return due


def order_ends(kind: str, outcome: str, until: dt.date | None, today: dt.date) -> dt.date | None:
    """The last day of a granted protection order still in force today, else None."""
    if kind != "protection_order" or outcome != "order_granted" or until is None or until < today:
        return None
    return until


def order_reminder_due(ends: dt.date | None, today: dt.date) -> list[tuple[str, str, dt.date, int]]:
    """(key, kind, about, days) of the order-end reminder due by today, the most pressing window
    only; the key names the end date, so a changed period gives a new reminder."""
    days = _window(ends, ORDER_REMIND_BEFORE, today) if ends is not None else None
    if ends is None or days is None:
        return []
    return [(f"order_end:{ends.isoformat()}:{days}", "order_end", ends, days)]


def breach_reminders_due(
    undecided: Iterable[tuple[int, dt.date, dt.date]], today: dt.date
) -> list[tuple[str, str, dt.date, int]]:
    """(key, kind, about, days) for each breach (id, its date, the day it was recorded) still
    awaiting her decision BREACH_REMIND_AFTER days after it was recorded; once per breach."""
    return [
        (f"breach:{breach_id}", "breach", on, BREACH_REMIND_AFTER)
        for breach_id, on, recorded in undecided
        if (today - recorded).days >= BREACH_REMIND_AFTER
    ]
