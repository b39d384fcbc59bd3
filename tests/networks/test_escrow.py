"""The perpetrator escrow (glasna/networks/escrow.py, ESCROW.md): nothing is visible after one
entry, to anyone; two distinct survivors open it; one survivor twice never does; withdrawal erases."""

import base64
import json

import pytest
from django.core import serializers
from django.db import connection
from django.test import Client, override_settings

from glasna.cases.models import Case
from glasna.core.crypto import oprf, oprf_ristretto255, shamir
from glasna.core.crypto.primitives import DecryptionError, decrypt
from glasna.core.crypto.server_keys import purpose_key
from glasna.core.models import AuditEvent
from glasna.core.ratelimit import RateLimited
from glasna.networks import escrow
from glasna.networks.models import EscrowEntry, EscrowMatch, MatchChoice
from glasna.networks.perpetrators import normalise_perpetrator
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db

NUMBER_FORMS = ["+38970000000", "38970000000", "070000000", "70000000", "+389 70 000 000", "070 000 000"]
NUMBER = normalise_perpetrator("phone", "070 000 000", "MK")


def _dump() -> str:
    """Every row of every table, as text, with binary columns also in hex and base64."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        raw = bytes(value)
                        parts += [raw.hex(), base64.b64encode(raw).decode(), raw.decode("latin-1")]
                    else:
                        parts.append(str(value))
    return "\n".join(parts)


def _server_key() -> bytes:
    return oprf_ristretto255.server_key_pair()[0]


def _enter(bundle, case, identifier=NUMBER, choice=MatchChoice.TELL_CASEWORKER):  # type: ignore[no-untyped-def]
    return escrow.add_entry(bundle.staff, case, identifier, choice, consent=True)


def test_a_database_dump_after_one_entry_reveals_no_identifier() -> None:
    a = make_organisation("esc-a")
    _enter(a, Case.objects.create(organisation=a.organisation))
    dump = _dump()
    digits = NUMBER.value.lstrip("+")
    for form in [*NUMBER_FORMS, digits, NUMBER.canonical().decode(), NUMBER.canonical().hex()]:
        assert form not in dump
    assert oprf_ristretto255.hash_to_group(NUMBER.canonical()).hex() not in dump
    assert oprf.hash_to_group(NUMBER.canonical()).hex() not in dump
    assert not AuditEvent.objects.filter(target__contains="70000000").exists()


def test_one_entry_cannot_be_opened_with_the_database_the_oprf_key_and_every_organisation_key() -> None:
    a, others = make_organisation("esc-b"), [make_organisation(f"esc-b{i}") for i in range(2)]
    entry = _enter(a, Case.objects.create(organisation=a.organisation))
    row = EscrowEntry.objects.get(pk=entry.pk)
    context = f"escrow:{row.match_key}:{row.share_x}".encode()
    # Everything an attacker holding the database, the instance key (hence the OPRF key) and every
    # organisation key could try as the wrapping key without knowing the identifier:
    candidates = [
        _server_key(),
        oprf_ristretto255.server_key_pair()[1],
        purpose_key(oprf_ristretto255.KEY_PURPOSE),
        oprf.server_key(),  # the first OPRF's, too
        purpose_key("oprf/v1"),
        bytes.fromhex(row.match_key),
        int(row.share_y).to_bytes(32, "big"),
        escrow._wrapping_key(int(row.share_y)),  # the single share taken as the secret
        escrow._wrapping_key(shamir.interpolate_at_zero([(int(row.share_x), int(row.share_y))])),
    ]
    candidates += [key for bundle in [a, *others] for key in bundle.org_keys.by_version.values()]
    for key in candidates:
        with pytest.raises(DecryptionError):
            decrypt(key, bytes(row.wrapped_key), context)
        with pytest.raises(DecryptionError):
            decrypt(key, bytes(row.sealed_details), context)
    assert EscrowMatch.objects.count() == 0 and row.matched_at is None
    # The one share is not the line's secret: only a second point gives it.
    line = escrow.line_for(oprf_ristretto255.evaluate(_server_key(), NUMBER.canonical()), 2)
    assert int(row.share_y) != line.coefficients[0]


def test_two_entries_from_the_same_survivor_never_match() -> None:
    a, b = make_organisation("esc-c"), make_organisation("esc-d")
    case = Case.objects.create(organisation=a.organisation)
    _enter(a, case)
    _enter(a, case, normalise_perpetrator("phone", "+389 70 000 000"))
    assert EscrowMatch.objects.count() == 0
    assert EscrowEntry.objects.filter(matched_at__isnull=False).count() == 0
    # Her two entries are one point of the line, not two: a database thief cannot interpolate them.
    points = {(row.share_x, row.share_y) for row in EscrowEntry.objects.filter(organisation=a.organisation)}
    assert len(points) == 1
    _enter(b, Case.objects.create(organisation=b.organisation), normalise_perpetrator("phone", "+389 70 000 001"))
    assert EscrowMatch.objects.count() == 0  # another number at another organisation


def test_two_survivors_at_two_organisations_match_and_each_organisation_is_told() -> None:
    a, b = make_organisation("esc-e", countries=["AL"]), make_organisation("esc-f")
    case_a = Case.objects.create(organisation=a.organisation)
    case_b = Case.objects.create(organisation=b.organisation)
    _enter(a, case_a, normalise_perpetrator("phone", "+389 70 000 000", "AL"), MatchChoice.JOINT_COMPLAINT)
    assert EscrowMatch.objects.count() == 0
    _enter(b, case_b, normalise_perpetrator("phone", "070/000-000", "MK"))
    matches = {m.organisation_id: m for m in EscrowMatch.objects.all()}
    assert set(matches) == {a.organisation.pk, b.organisation.pk}
    assert (
        matches[a.organisation.pk].case == case_a and matches[a.organisation.pk].choice == MatchChoice.JOINT_COMPLAINT
    )
    assert matches[b.organisation.pk].case == case_b and matches[b.organisation.pk].survivors == 2
    assert [m.case for m in escrow.matches_for(a.staff)] == [case_a]  # never the other's
    assert case_a.events.filter(kind="escrow_match", detail="joint_complaint").count() == 1
    assert case_b.events.filter(kind="escrow_match").count() == 1
    assert [m.case for m in escrow.matches_for(b.staff)] == [case_b]


def test_the_match_is_opened_from_stored_shares_alone() -> None:
    a, b = make_organisation("esc-g"), make_organisation("esc-h")
    first = _enter(
        a, Case.objects.create(organisation=a.organisation), normalise_perpetrator("telegram", "@invented_man")
    )
    second = _enter(
        b, Case.objects.create(organisation=b.organisation), normalise_perpetrator("telegram", "t.me/Invented_Man")
    )
    rows = EscrowEntry.objects.filter(pk__in=[first.pk, second.pk])
    secret = shamir.reconstruct([(int(r.share_x), int(r.share_y)) for r in rows])
    for row in rows:
        details = escrow._open(row, secret)
        assert details["kind"] == "telegram"


def test_withdrawal_erases_and_keeps_matches_already_made() -> None:
    a, b = make_organisation("esc-i"), make_organisation("esc-j")
    case_a = Case.objects.create(organisation=a.organisation)
    first = _enter(a, case_a)
    _enter(b, Case.objects.create(organisation=b.organisation))
    assert escrow.withdraw(case_a, actor="survivor") == 1
    row = EscrowEntry.objects.get(pk=first.pk)
    assert row.wrapped_key is None and row.sealed_details is None
    assert row.share_x == row.share_y == row.match_key == row.survivor_tag == ""
    assert row.withdrawn_at is not None
    match = EscrowMatch.objects.get(organisation=a.organisation)
    assert match.entry == row  # recorded, not undone: the match points to a withdrawn entry
    assert AuditEvent.objects.filter(action="networks.escrow.withdrawn").count() == 1


def test_a_withdrawn_entry_no_longer_counts() -> None:
    a, b = make_organisation("esc-k"), make_organisation("esc-l")
    case_a = Case.objects.create(organisation=a.organisation)
    _enter(a, case_a)
    escrow.withdraw(case_a, actor="survivor")
    _enter(b, Case.objects.create(organisation=b.organisation))
    assert EscrowMatch.objects.count() == 0


def test_consent_and_choice_are_required() -> None:
    a = make_organisation("esc-m")
    case = Case.objects.create(organisation=a.organisation)
    with pytest.raises(escrow.EscrowError):
        escrow.add_entry(a.staff, case, NUMBER, MatchChoice.NOTHING_YET, consent=False)
    with pytest.raises(escrow.EscrowError):
        escrow.add_entry(a.staff, case, NUMBER, "tell_everyone", consent=True)
    other = make_organisation("esc-n")
    with pytest.raises(escrow.EscrowError):
        escrow.add_entry(other.staff, case, NUMBER, MatchChoice.NOTHING_YET, consent=True)
    assert EscrowEntry.objects.count() == 0


@override_settings(GLASNA_ESCROW_OPRF_PER_DAY=2)
def test_oprf_evaluations_are_limited_per_organisation_and_day_and_audited() -> None:
    a, b = make_organisation("esc-o"), make_organisation("esc-p")
    escrow.evaluate_oprf(a.staff, b"x")
    escrow.evaluate_oprf(a.staff, b"y")
    with pytest.raises(RateLimited):
        escrow.evaluate_oprf(a.staff, b"z")
    escrow.evaluate_oprf(b.staff, b"z")  # another organisation has its own limit
    assert AuditEvent.objects.filter(action="networks.escrow.oprf", organisation_id=a.organisation.pk).count() == 2
    assert AuditEvent.objects.filter(action="networks.escrow.oprf_refused").count() == 1


@override_settings(GLASNA_ESCROW_THRESHOLD=3)
def test_a_higher_threshold_needs_three_survivors() -> None:
    bundles = [make_organisation(f"esc-t{i}") for i in range(3)]
    for i, bundle in enumerate(bundles):
        _enter(bundle, Case.objects.create(organisation=bundle.organisation))
        assert EscrowMatch.objects.count() == (3 if i == 2 else 0)


def test_rate_limited_is_answered_429_by_any_view() -> None:
    from glasna.core.middleware import RateLimitedMiddleware

    middleware = RateLimitedMiddleware(lambda request: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(Client().get("/").wsgi_request, RateLimited("later"))
    assert response is not None and response.status_code == 429 and response.content == b"later"


def test_details_are_json_never_the_identifier() -> None:
    a = make_organisation("esc-q")
    entry = _enter(a, Case.objects.create(organisation=a.organisation))
    assert "70000000" not in serializers.serialize("json", EscrowEntry.objects.filter(pk=entry.pk))
    assert json.loads(serializers.serialize("json", [entry]))[0]["fields"]["match_key"] != ""


def test_the_known_limit_the_oprf_key_and_a_right_guess_open_one_entry() -> None:
    """Stated plainly in ESCROW.md: whoever holds the instance key (the operator) can evaluate the
    OPRF on a guessed number and open an entry for it; rate limits and audit bound the staff's
    guesses through the application, not the operator's own."""
    a = make_organisation("esc-r")
    row = EscrowEntry.objects.get(pk=_enter(a, Case.objects.create(organisation=a.organisation)).pk)
    guess = escrow.line_for(oprf_ristretto255.evaluate(_server_key(), NUMBER.canonical()), 2)
    assert guess.match_key == row.match_key
    assert escrow._open(row, guess.coefficients[0])["kind"] == "phone"


def test_a_withdrawn_report_erases_her_entries() -> None:
    from glasna.intake.models import Report
    from tests.factories import submit

    a = make_organisation("esc-s")
    submit()
    case = Case.objects.get(report__isnull=False, organisation=a.organisation)
    entry = _enter(a, case)
    Report.objects.filter(pk=case.report_id).delete()
    row = EscrowEntry.objects.get(pk=entry.pk)
    assert row.withdrawn_at is not None and row.wrapped_key is None and row.share_y == ""


def test_the_case_page_form_seals_an_entry_and_shows_matches_to_its_organisation_only() -> None:
    from tests.factories import signed_in_client

    a, b = make_organisation("esc-u", ["MK"]), make_organisation("esc-v", ["AL"])
    case_a = Case.objects.create(organisation=a.organisation)
    case_b = Case.objects.create(organisation=b.organisation)
    client_a, client_b = signed_in_client(a.staff), signed_in_client(b.staff)
    form = {"kind": "phone", "value": "070 000 000", "choice": "tell_caseworker", "consent": "on"}
    assert client_a.post(f"/en/staff/networks/cases/{case_a.pk}/escrow/", form).status_code == 302
    bad = client_a.post(f"/en/staff/networks/cases/{case_a.pk}/escrow/", {**form, "value": "abc"})
    assert bad.status_code == 400 and "phone number" in bad.content.decode()
    assert client_b.get(f"/en/staff/networks/cases/{case_a.pk}/escrow/").status_code == 404
    assert (
        client_b.post(f"/en/staff/networks/cases/{case_b.pk}/escrow/", {**form, "value": "+389 70 000 000"}).status_code
        == 302
    )
    page = client_a.get(f"/en/staff/networks/cases/{case_a.pk}/escrow/").content.decode()
    assert "2 survivors named the same person" in page


@override_settings(GLASNA_ESCROW_OPRF_PER_DAY=0)
def test_the_form_beyond_the_limit_is_answered_429() -> None:
    from tests.factories import signed_in_client

    a = make_organisation("esc-w", ["MK"])
    case = Case.objects.create(organisation=a.organisation)
    form = {"kind": "phone", "value": "070 000 000", "choice": "nothing_yet", "consent": "on"}
    response = signed_in_client(a.staff).post(f"/en/staff/networks/cases/{case.pk}/escrow/", form)
    assert response.status_code == 429
    assert AuditEvent.objects.filter(action="networks.escrow.oprf_refused").count() == 1
