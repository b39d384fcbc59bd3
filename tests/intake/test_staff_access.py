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
