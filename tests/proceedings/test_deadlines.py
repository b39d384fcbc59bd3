"""Deadlines and silences over dates: month ends, leap years, the law data's own rules."""

import calendar
import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from glasna.law import knowledge
from glasna.law.schema import ProcedureDeadline
from glasna.proceedings import deadlines

RULE = ProcedureDeadline("private_lawsuit", 3, "three months", "test basis", "general_knowledge", dt.date(2026, 1, 1))
MOTION = ProcedureDeadline("on_motion", 3, "three months", "test basis", "general_knowledge", dt.date(2026, 1, 1))
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@given(days)
def test_three_months_never_runs_past_the_month_end(learnt: dt.date) -> None:
    found = deadlines.deadline("private_lawsuit", learnt, False, [RULE])
    assert found is not None
    month = (learnt.month + 2) % 12 + 1
    year = learnt.year + (learnt.month + 2) // 12
    assert (found.due.year, found.due.month) == (year, month)
    assert found.due.day == min(learnt.day, calendar.monthrange(year, month)[1])
    assert 89 <= (found.due - learnt).days <= 92
    assert found.confidence == "general_knowledge" and found.counted_from == learnt


def test_leap_years_and_month_ends() -> None:
    due = lambda day: deadlines.deadline("private_lawsuit", day, False, [RULE]).due  # type: ignore[union-attr]  # noqa: E731
    assert due(dt.date(2027, 11, 30)) == dt.date(2028, 2, 29)  # leap year
    assert due(dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)
    assert due(dt.date(2026, 12, 31)) == dt.date(2027, 3, 31)
    assert due(dt.date(2027, 5, 31)) == dt.date(2027, 8, 31)


@given(days, st.booleans())
def test_only_lawsuits_and_motions_before_filing_have_a_deadline(learnt: dt.date, filed: bool) -> None:
    for kind in ("criminal_complaint", "civil_claim", "protection_order", "ombudsperson"):
        assert deadlines.deadline(kind, learnt, filed, [RULE, MOTION]) is None
    assert (deadlines.deadline("motion_to_prosecute", learnt, filed, [MOTION]) is None) == filed
    assert deadlines.deadline("motion_to_prosecute", learnt, False, [RULE]) is None  # no rule for its mode


def test_the_law_data_gives_north_macedonia_three_months_as_general_knowledge() -> None:
    rules = knowledge.cached().jurisdictions["MK"].procedure_deadlines
    found = deadlines.deadline("private_lawsuit", dt.date(2027, 3, 3), False, rules)
    assert found is not None and found.due == dt.date(2027, 6, 3)
    assert found.confidence == "general_knowledge"
    assert deadlines.deadline("motion_to_prosecute", dt.date(2027, 3, 3), False, rules) is not None


@given(days, st.integers(min_value=0, max_value=400), st.integers(min_value=1, max_value=365))
def test_silence_passes_its_threshold_exactly_on_the_day(since: dt.date, waited: int, threshold: int) -> None:
    today = since + dt.timedelta(days=waited)
    quiet = deadlines.silence([since - dt.timedelta(days=3), since], False, threshold, today)
    assert quiet is not None and quiet.since == since and quiet.days == waited
    assert quiet.passed == (waited >= threshold)
    assert deadlines.silence([since], True, threshold, today) is None
    assert deadlines.silence([since], False, None, today) is None


@given(days, st.integers(min_value=-30, max_value=30))
def test_one_reminder_per_window_and_none_after_the_deadline(learnt: dt.date, offset: int) -> None:
    found = deadlines.deadline("private_lawsuit", learnt, False, [RULE])
    assert found is not None
    today = found.due + dt.timedelta(days=offset)
    due = deadlines.reminders_due(found, None, today)
    if offset > 0 or offset < -7:
        assert due == []
    else:
        assert len(due) == 1
        assert due[0][3] == (1 if offset >= -1 else 7)
        assert due[0][0] == f"deadline:{found.due.isoformat()}:{due[0][3]}"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(-30, 60))
def test_an_order_end_is_reminded_once_per_window_and_only_while_the_order_runs(today: dt.date, left: int) -> None:
    ends = today + dt.timedelta(days=left)
    running = deadlines.order_ends("protection_order", "order_granted", ends, today)
    assert running == (ends if left >= 0 else None)
    due = deadlines.order_reminder_due(running, today)
    if running is None or left > 14:
        assert due == []
    else:
        [(key, kind, about, days)] = due
        assert (kind, about, days) == ("order_end", ends, 3 if left <= 3 else 14)
        assert key == f"order_end:{ends.isoformat()}:{days}"
    for kind, outcome in (("protection_order", "order_refused"), ("civil_claim", "order_granted")):
        assert deadlines.order_ends(kind, outcome, ends, today) is None


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(-5, 30))
def test_a_breach_is_reminded_from_the_day_after_it_was_recorded(recorded: dt.date, after: int) -> None:
    today = recorded + dt.timedelta(days=after)
    due = deadlines.breach_reminders_due([(7, recorded - dt.timedelta(days=3), recorded)], today)
    if after >= deadlines.BREACH_REMIND_AFTER:
        assert due == [("breach:7", "breach", recorded - dt.timedelta(days=3), deadlines.BREACH_REMIND_AFTER)]
    else:
        assert due == []
