import pytest

from glasna.cases import services
from glasna.intake import staff_access
from tests.factories import make_organisation, submit

pytestmark = pytest.mark.django_db


def test_inbox_is_newest_first_within_a_day_and_flags_children() -> None:
    bundle = make_organisation("mk-cso", ["MK"], serves_children=True)
    submit(narrative="first")
    submit(narrative="second", age_band="under_18")
    rows = staff_access.rows(bundle.staff, bundle.org_keys, services.all_cases(bundle.staff))
    assert [row["is_child"] for row in rows] == [True, False]


def test_unread_counts_follow_the_reader() -> None:
    bundle = make_organisation("mk-cso", ["MK"])
    submit()
    from glasna.intake.models import Report

    report = Report.objects.get()
    staff_access.reply(bundle.staff, bundle.org_keys, report.pk, "hello", None)
    view = staff_access.open_report(bundle.staff, bundle.org_keys, report.pk, None)
    assert [entry.unread for entry in view["thread"]] == [False]  # staff's own message


def test_rows_count_unread_survivor_messages_per_case() -> None:
    from glasna.intake import services as intake

    bundle = make_organisation("mk-cso", ["MK"])
    first = submit()
    submit()
    access = intake.open_with_receipt(first.receipt)
    intake.survivor_reply(access, "one", [])
    intake.survivor_reply(access, "two", [])
    rows = staff_access.rows(bundle.staff, bundle.org_keys, services.all_cases(bundle.staff))
    assert sorted(row["unread"] for row in rows) == [0, 2]
    assert next(row for row in rows if row["id"] == access.report_id)["unread"] == 2
