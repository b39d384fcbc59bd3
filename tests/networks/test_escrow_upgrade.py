"""Entries made under the first OPRF (edwards25519) keep matching after the switch to RFC 9497's
ristretto255-SHA512 (glasna/networks/escrow_upgrade.py, ESCROW.md "Migration"): an old entry and a
new one naming the same person match, different persons do not, one survivor never matches herself."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone

from glasna.cases.models import Case
from glasna.core.crypto import oprf, shamir
from glasna.core.crypto.primitives import encrypt, new_key
from glasna.core.models import AuditEvent
from glasna.networks import escrow, escrow_upgrade
from glasna.networks.escrow_lines import context, line_for, share_x, survivor_name, survivor_tag, wrapping_key
from glasna.networks.models import EscrowEntry, EscrowMatch, MatchChoice
from glasna.networks.perpetrators import PerpetratorIdentifier, normalise_perpetrator
from tests.factories import OrgBundle, make_organisation

pytestmark = pytest.mark.django_db

NUMBER = normalise_perpetrator("phone", "070 000 000", "MK")
OTHER_NUMBER = normalise_perpetrator("phone", "070 000 001", "MK")
LEGACY, CURRENT = "edwards25519-SHA512-glasna", "ristretto255-SHA512"


def _old_entry(case: Case, identifier: PerpetratorIdentifier = NUMBER, k: int = 2) -> EscrowEntry:
    """A row as the first release wrote it: its OPRF on edwards25519, everything else the same."""
    data = identifier.canonical()
    line = line_for(oprf.full_evaluate(oprf.server_key(), data), k)
    tag = survivor_tag(line, survivor_name(case))
    x, y = shamir.share_on(line.coefficients, share_x(tag))
    entry_key, ctx = new_key(), context(line.match_key, str(x))
    details = json.dumps({"kind": identifier.kind, "case": case.pk, "choice": MatchChoice.TELL_CASEWORKER}).encode()
    return EscrowEntry.objects.create(
        organisation=case.organisation,
        match_key=line.match_key,
        survivor_tag=tag,
        case_tag=escrow._case_tag(case),
        share_x=str(x),
        share_y=str(y),
        wrapped_key=encrypt(wrapping_key(line.coefficients[0]), entry_key, ctx),
        sealed_details=encrypt(entry_key, details, ctx),
        consent_recorded_at=timezone.now(),
        oprf_suite=LEGACY,
    )


def _new_entry(bundle: OrgBundle, case: Case, identifier: PerpetratorIdentifier = NUMBER) -> EscrowEntry:
    return escrow.add_entry(bundle.staff, case, identifier, MatchChoice.TELL_CASEWORKER, consent=True)


def _case(bundle: OrgBundle) -> Case:
    return Case.objects.create(organisation=bundle.organisation)


def test_the_suites_are_the_oprf_modules_own() -> None:
    assert (escrow_upgrade.LEGACY_SUITE, escrow_upgrade.CURRENT_SUITE) == (LEGACY, CURRENT)


def test_an_old_entry_and_a_new_entry_naming_the_same_person_match() -> None:
    a, b = make_organisation("upg-a"), make_organisation("upg-b")
    case_a, case_b = _case(a), _case(b)
    old = _old_entry(case_a)
    new = _new_entry(b, case_b, normalise_perpetrator("phone", "+389 70 000 000"))
    matches = {m.organisation_id: m for m in EscrowMatch.objects.all()}
    assert set(matches) == {a.organisation.pk, b.organisation.pk}
    assert matches[a.organisation.pk].case == case_a and matches[b.organisation.pk].case == case_b
    assert matches[a.organisation.pk].survivors == 2
    moved = EscrowEntry.objects.get(pk=old.pk)
    assert moved.oprf_suite == CURRENT and moved.match_key == new.match_key != old.match_key
    assert moved.share_x != old.share_x and moved.matched_at is not None
    assert AuditEvent.objects.filter(action="networks.escrow.upgraded", target=f"entry:{old.pk}").count() == 1


def test_old_and_new_entries_naming_different_people_do_not_match() -> None:
    a, b = make_organisation("upg-c"), make_organisation("upg-d")
    old = _old_entry(_case(a))
    _new_entry(b, _case(b), OTHER_NUMBER)
    assert EscrowMatch.objects.count() == 0
    untouched = EscrowEntry.objects.get(pk=old.pk)
    assert (untouched.oprf_suite, untouched.match_key, untouched.share_y) == (LEGACY, old.match_key, old.share_y)
    assert not AuditEvent.objects.filter(action="networks.escrow.upgraded").exists()


def test_one_survivors_old_and_new_entries_never_match() -> None:
    a = make_organisation("upg-e")
    case = _case(a)
    _old_entry(case)
    _new_entry(a, case)
    assert EscrowMatch.objects.count() == 0
    rows = EscrowEntry.objects.filter(organisation=a.organisation)
    assert {row.oprf_suite for row in rows} == {CURRENT}
    assert len({(row.share_x, row.share_y) for row in rows}) == 1  # her two entries are one point


def test_old_entries_already_matched_count_for_a_third_survivor_who_alone_is_told() -> None:
    bundles = [make_organisation(f"upg-f{i}") for i in range(3)]
    for bundle in bundles[:2]:  # matched under the first OPRF, as its release told them
        EscrowEntry.objects.filter(pk=_old_entry(_case(bundle)).pk).update(matched_at=timezone.now())
    case = _case(bundles[2])
    _new_entry(bundles[2], case)
    match = EscrowMatch.objects.get()
    assert match.case == case and match.survivors == 3


@override_settings(GLASNA_ESCROW_THRESHOLD=3)
def test_two_open_old_entries_and_a_new_one_reach_a_threshold_of_three() -> None:
    bundles = [make_organisation(f"upg-g{i}") for i in range(3)]
    _old_entry(_case(bundles[0]), k=3)
    _old_entry(_case(bundles[1]), k=3)
    _new_entry(bundles[2], _case(bundles[2]))
    assert EscrowMatch.objects.count() == 3


def test_a_withdrawn_old_entry_stays_erased() -> None:
    a, b = make_organisation("upg-h"), make_organisation("upg-i")
    case_a = _case(a)
    old = _old_entry(case_a)
    assert escrow.withdraw(case_a, actor="survivor") == 1
    _new_entry(b, _case(b))
    assert EscrowMatch.objects.count() == 0
    row = EscrowEntry.objects.get(pk=old.pk)
    assert row.oprf_suite == LEGACY and row.match_key == "" and row.wrapped_key is None


def test_the_first_oprf_runs_only_while_an_old_entry_is_live(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[bytes] = []
    monkeypatch.setattr(escrow_upgrade, "legacy_output", lambda data: calls.append(data) or bytes(64))
    a = make_organisation("upg-j")
    _new_entry(a, _case(a))
    assert calls == []
    _old_entry(_case(a), OTHER_NUMBER)
    _new_entry(a, _case(a))
    assert calls == [NUMBER.canonical()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_the_migration_marks_existing_entries_with_the_first_suite() -> None:
    before, after = [("networks", "0004_dossiers")], [("networks", "0005_escrow_oprf_suite")]
    a = make_organisation("upg-k")
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_model = executor.loader.project_state(before).apps.get_model("networks", "EscrowEntry")
    old_model.objects.create(organisation_id=a.organisation.pk, case_tag="t", consent_recorded_at=timezone.now())
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new_model = executor.loader.project_state(after).apps.get_model("networks", "EscrowEntry")
    assert [row.oprf_suite for row in new_model.objects.all()] == [LEGACY]
    fresh = new_model.objects.create(
        organisation_id=a.organisation.pk, case_tag="u", consent_recorded_at=timezone.now()
    )
    assert fresh.oprf_suite == CURRENT
