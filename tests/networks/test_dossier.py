"""Dossiers: what each kind holds, consent respected, custody proofs that verify."""

import json
from typing import Any

import pytest

from glasna.evidence import merkle
from glasna.evidence.models import CustodyEntry
from glasna.networks import coordination, dossier
from glasna.networks.models import MatchChoice
from tests.networks.dossier_setup import build, escrow_match

pytestmark = pytest.mark.django_db


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_the_platform_kind_has_the_lineage_and_no_survivor_data() -> None:
    net = build()
    data = dossier.for_space(net.org.staff, net.room2, dossier.PLATFORM, "en")
    assert data["lineage"] == [net.room.pk, net.room2.pk]
    room, room2 = data["spaces"]
    assert room["identifier"] == "invented_room" and room2["successor_of"] == net.room.pk
    assert [e["status"] for e in room["status_history"]] == ["closed"]
    assert room["member_counts"][0]["count"] == 41000 and room["member_counts"][0]["source"] == "seen in the app"
    assert room["member_counts"][0]["counted_on"]
    # Notices of the consenting case only, by reference.
    assert [n["id"] for n in data["notices"]] == [net.consenting_notice.pk]
    assert data["notices"][0]["platform_reference"] == "TG-INVENTED-7"
    # No case, evidence, country of victims or staff name, anywhere.
    assert not _keys(data) & {"cases", "case", "evidence", "victims_by_country", "recorded_by", "item"}
    text = json.dumps(data)
    for secret in (str(net.consenting_item.pk), str(net.other_item.pk), net.org.staff.user.username):
        assert secret not in text


def test_the_police_kind_has_the_consenting_cases_evidence_with_proofs_that_verify() -> None:
    net = build()
    data = dossier.for_space(net.org.staff, net.room, dossier.POLICE, "en")
    assert data["cases"] == {"linked": 2, "included": 1}
    assert data["victims_by_country"] == {"unknown": 1}  # no statistics consent: no country
    items = data["evidence"]["items"]
    assert [i["item"] for i in items] == [str(net.consenting_item.pk)]
    assert items[0]["case"] == net.consenting.pk and items[0]["bundle"].endswith(f"/cases/{net.consenting.pk}/export/")
    head = data["evidence"]["tree_head"]
    root = bytes.fromhex(str(head["root_hash"]))
    assert items[0]["custody"], "the item's custody entries are given"
    for entry in items[0]["custody"]:
        stored = CustodyEntry.objects.get(index=entry["index"])
        proof = [bytes.fromhex(h) for h in entry["proof"]]
        assert merkle.verify_inclusion(entry["index"], int(head["tree_size"]), bytes(stored.leaf_hash), proof, root)
    assert [n["id"] for n in data["notices"]] == [net.consenting_notice.pk]


def test_a_case_without_consent_is_left_out_and_a_joint_complaint_choice_counts() -> None:
    net = build()
    staff = net.org.staff

    def included() -> set[str]:
        data = dossier.for_space(staff, net.room, dossier.POLICE, "en")
        return {i["item"] for i in data["evidence"]["items"]}

    assert included() == {str(net.consenting_item.pk)}
    escrow_match(net, net.other, MatchChoice.JOINT_COMPLAINT)
    assert included() == {str(net.consenting_item.pk), str(net.other_item.pk)}
    assert dossier.for_space(staff, net.room, dossier.POLICE, "en")["victims_by_country"] == {"AL": 1, "unknown": 1}
    coordination.withdraw(staff, net.other)  # withdrawal overrides the choice made at the match
    coordination.withdraw(staff, net.consenting)
    assert included() == set()


def test_a_match_dossier_needs_consent_and_counts_survivors_only() -> None:
    net = build()
    match = escrow_match(net, net.other, MatchChoice.TELL_CASEWORKER, survivors=3)
    with pytest.raises(dossier.DossierError):
        dossier.for_match(net.org.staff, match, dossier.POLICE, "en")
    coordination.record(net.org.staff, net.other, "portal")
    data = dossier.for_match(net.org.staff, match, dossier.POLICE, "en")
    assert data["subject"]["survivors"] == 3 and data["lineage"] == [net.room.pk, net.room2.pk]
    assert {i["item"] for i in data["evidence"]["items"]} == {str(net.other_item.pk)}


def test_another_organisation_cannot_build_a_dossier_of_this_space() -> None:
    from tests.factories import make_organisation

    net = build()
    stranger = make_organisation("stranger", ["AL"])
    with pytest.raises(dossier.DossierError):
        dossier.for_space(stranger.staff, net.room, dossier.PLATFORM, "en")
