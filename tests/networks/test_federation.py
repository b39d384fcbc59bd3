"""Linkage across organisations: counts, countries and the first month, never a case; pseudonyms
for private identifiers; the choice to share in clear; signed records between installations."""

import base64
import datetime as dt

import pytest
from django.utils import timezone
from nacl.signing import SigningKey

from glasna.core.models import AuditEvent
from glasna.networks import federation, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Appearance
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db
CHANNEL = "https://t.me/publicroom_demo"
INVITE = "https://t.me/+InventedInvite42"


def test_counts_countries_and_since_across_organisations() -> None:
    tirana, podgorica, skopje = (make_organisation(s, [c]) for s, c in [("al", "AL"), ("me", "ME"), ("mk", "MK")])
    first = timezone.now() - dt.timedelta(days=60)
    registry.find_or_create(tirana.organisation, normalise(CHANNEL), first)
    registry.find_or_create(podgorica.organisation, normalise("@PublicRoom_demo", "telegram"), first + dt.timedelta(1))
    own = registry.find_or_create(skopje.organisation, normalise("telegram.me/publicroom_demo?x=1"))
    lonely = registry.find_or_create(skopje.organisation, normalise("t.me/nobody_else_here"))
    found = federation.elsewhere([own, lonely])
    assert found[own.pk] == federation.Elsewhere(2, ["AL", "ME"], first, True)
    assert found[lonely.pk].organisations == 0
    assert federation.elsewhere([own], detailed=False)[own.pk] == federation.Elsewhere(2, [], None, False)
    # Each of the others sees Skopje and the other one, not itself.
    theirs = registry.find(tirana.organisation, normalise(CHANNEL))
    assert theirs is not None and federation.elsewhere([theirs])[theirs.pk].countries == ["ME", "MK"]
    assert [s.pk for s in federation.overview(skopje.organisation.pk)] == [own.pk]


def test_the_pseudonym_of_a_private_identifier_is_stable_across_organisations_and_not_the_identifier() -> None:
    one, other = make_organisation("p1", ["AL"]), make_organisation("p2", ["MK"])
    a = registry.find_or_create(one.organisation, normalise(INVITE))
    b = registry.find_or_create(other.organisation, normalise(INVITE))
    pa, pb = Appearance.objects.get(space=a), Appearance.objects.get(space=b)
    assert pa.pseudonym == pb.pseudonym == federation.pseudonym(normalise(INVITE))
    assert "InventedInvite42" not in pa.pseudonym and pa.pseudonym not in a.identifier
    assert pa.public_id == "" and len(pa.pseudonym) == 64
    assert federation.elsewhere([a])[a.pk].organisations == 1
    with pytest.raises(federation.FederationError):
        federation.share_in_clear(one.staff, a, True)
    assert Appearance.objects.get(space=a).public_id == ""


def test_sharing_in_clear_is_the_organisations_recorded_choice() -> None:
    bundle = make_organisation("share", ["AL"])
    space = registry.find_or_create(bundle.organisation, normalise(CHANNEL))
    assert Appearance.objects.get(space=space).public_id == ""  # not until chosen
    appearance = federation.share_in_clear(bundle.staff, space, True)
    assert appearance.public_id == "publicroom_demo" and appearance.shared_by == bundle.staff
    assert AuditEvent.objects.filter(action="networks.share_in_clear", target=f"space:{space.pk}").exists()
    federation.share_in_clear(bundle.staff, space, False)
    assert Appearance.objects.get(space=space).public_id == ""
    stranger = make_organisation("stranger", ["MK"])
    with pytest.raises(registry.RegistryError):
        federation.share_in_clear(stranger.staff, space, True)


def test_a_space_recorded_before_linkage_gets_its_appearance_when_needed() -> None:
    bundle = make_organisation("late", ["AL"])
    public = registry.find_or_create(bundle.organisation, normalise(CHANNEL))
    private = registry.find_or_create(bundle.organisation, normalise(INVITE))
    Appearance.objects.all().delete()
    assert federation.record(private) is None  # its identifier is not in hand
    assert federation.elsewhere([public])[public.pk].organisations == 0
    assert Appearance.objects.filter(space=public).exists()
    registry.find_or_create(bundle.organisation, normalise(INVITE))  # named again
    assert Appearance.objects.filter(space=private).exists()


def _remote(records: list[dict[str, object]], key: SigningKey, installation: str = "remote.example") -> dict:
    body = {"format": federation.FORMAT, "installation": installation, "records": records}
    return federation.sign(body, key)


def test_signed_records_between_installations() -> None:
    skopje = make_organisation("fed-mk", ["MK"])
    own = registry.find_or_create(skopje.organisation, normalise(CHANNEL))
    federation.share_in_clear(skopje.staff, own, True)
    document = federation.export(skopje.organisation)
    assert federation.verify(document, federation.public_key()) == document["records"]
    (record,) = document["records"]
    assert record["public_id"] == "publicroom_demo" and record["countries"] == ["MK"]
    assert set(record) == {"platform", "kind", "pseudonym", "reporter", "countries", "first_seen", "public_id"}
    tampered = {**document, "records": [{**record, "countries": ["RS"]}]}
    with pytest.raises(federation.FederationError):
        federation.verify(tampered, federation.public_key())

    remote_key = SigningKey.generate()
    remote_public = base64.b64encode(bytes(remote_key.verify_key)).decode()
    private = normalise(INVITE)
    records = [
        {**record, "reporter": "r1", "countries": ["ME"], "first_seen": "2025-03-04", "public_id": "x"},
        {**record, "reporter": "r1", "kind": "private_invite", "pseudonym": federation.pseudonym(private),
         "public_id": "InventedInvite42", "first_seen": "2025-03-04", "countries": ["ME"]},
    ]  # fmt: skip
    assert federation.receive(_remote(records, remote_key), remote_public) == 2
    assert Appearance.objects.get(installation="remote.example", identifier_kind="private_invite").public_id == ""
    found = federation.elsewhere([own])[own.pk]
    assert found.organisations == 1 and found.countries == ["ME"] and found.since is not None
    assert federation.overview(skopje.organisation.pk) == [own]  # received records count there too
    with pytest.raises(federation.FederationError):
        federation.receive(_remote(records, remote_key), federation.public_key())  # not the sender's key
    with pytest.raises(federation.FederationError):
        federation.receive(_remote([{"kind": "public_space"}], remote_key), remote_public)
    with pytest.raises(federation.FederationError):
        federation.receive(_remote(records, remote_key, federation.installation_name()), remote_public)
    assert federation.receive(_remote(records[:1], remote_key), remote_public) == 1  # replaces what it sent
    assert Appearance.objects.filter(installation="remote.example").count() == 1


def test_receiving_again_writes_only_what_changed() -> None:
    records = [
        {"platform": "telegram", "kind": "public_space", "pseudonym": f"{n:064x}", "reporter": "r1",
         "countries": ["ME"], "first_seen": "2025-03-04"}
        for n in range(3)
    ]  # fmt: skip
    assert federation.store("remote.example", records) == 3
    before = dict(Appearance.objects.filter(installation="remote.example").values_list("pseudonym", "pk"))
    federation.store("remote.example", list(reversed(records)))  # the same records: nothing rewritten
    assert dict(Appearance.objects.filter(installation="remote.example").values_list("pseudonym", "pk")) == before
    changed = [records[0], {**records[1], "countries": ["AL", "ME"]}, {**records[2], "pseudonym": "f" * 64}]
    federation.store("remote.example", changed)
    after = dict(Appearance.objects.filter(installation="remote.example").values_list("pseudonym", "pk"))
    assert after[records[0]["pseudonym"]] == before[records[0]["pseudonym"]]
    assert after[records[1]["pseudonym"]] != before[records[1]["pseudonym"]]
    assert records[2]["pseudonym"] not in after and "f" * 64 in after
    assert Appearance.objects.get(pseudonym=records[1]["pseudonym"]).countries == ["AL", "ME"]
