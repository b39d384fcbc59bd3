"""The personal-data check of a dossier: shown in context, corrected, sealed, audited; the export
waits for it, applies it (read back from the PDF's text) and asks again when the content changed.
Invented data only."""

import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.networks import dossier, dossier_check, registry
from glasna.networks.models import DossierCheck, MatchChoice
from glasna.triage import notices as redaction
from tests.factories import PASSWORD, fresh_step_up, make_organisation, signed_in_client
from tests.networks.dossier_setup import Network, build, escrow_match

pytestmark = pytest.mark.django_db

PHONE, EMAIL = "+382 69 123 456", "ana.p@example.org"
HER, OTHER = "Ana Petrović", "Mira Kovač"  # known to the consenting case, and to the one left out


def _network() -> Network:
    net = build()
    staff = net.org.staff
    redaction.set_names(staff, net.consenting, [HER], None)
    redaction.set_names(staff, net.other, [OTHER], None)
    registry.add_alias(staff, net.room, f"Photos of {HER} and {OTHER}")
    registry.record_member_count(staff, net.room2, 9100, net.room2.first_seen.date(), f"told by {EMAIL} {PHONE}")
    return net


def _check_url(net: Network, kind: str = "platform") -> str:
    return f"/en/staff/networks/spaces/{net.room.pk}/dossier/check/?kind={kind}&language=en"


def _export(client: Any, net: Network, kind: str = "platform") -> Any:
    return fresh_step_up(client).post(
        f"/en/staff/networks/spaces/{net.room.pk}/dossier/", {"kind": kind, "language": "en"}
    )


def _unzip(response: Any) -> tuple[str, str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = archive.read("dossier.json").decode()
        pdf = PdfReader(io.BytesIO(archive.read("dossier.pdf")))
    return data, "\n".join(page.extract_text() or "" for page in pdf.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_page_shows_each_finding_in_context_and_what_will_leave() -> None:
    net = _network()
    page = signed_in_client(net.org.staff).get(_check_url(net)).content.decode()
    for value in (PHONE, EMAIL, HER, OTHER, "Photos of", "told by"):
        assert value in page, value
    assert "[phone]" in page and "[email]" in page and "[name]" in page
    assert "not personal data: send it" in page
    # a platform dossier never carries a name: no box to keep one
    assert f'value="{HER}"' not in page and "consent lets into this dossier" in page


def test_the_export_is_refused_until_the_dossier_is_checked() -> None:
    net = _network()
    client = signed_in_client(net.org.staff)
    response = _export(client, net)
    assert response.status_code == 302 and "/dossier/check/?kind=platform" in response["Location"]
    assert not AuditEvent.objects.filter(action="networks.dossier_exported").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Check the personal data this dossier gives away" in page


def test_the_decision_is_sealed_audited_and_applied_to_the_json_and_the_pdf() -> None:
    net = _network()
    client = signed_in_client(net.org.staff)
    form = {"kind": "platform", "language": "en", "action": "confirm", "keep": [PHONE], "extra": "Photos of"}
    assert client.post(_check_url(net), form).status_code == 302
    check = DossierCheck.objects.get(subject=f"space:{net.room.pk}", kind="platform")
    sealed = bytes(check.sealed)
    assert PHONE.encode() not in sealed and b"Photos of" not in sealed
    assert (check.kept, check.added) == (1, 1) and check.hidden >= 3
    event = AuditEvent.objects.get(action="networks.dossier_checked")
    assert event.target == f"space:{net.room.pk} kind:platform hidden:{check.hidden} kept:1 added:1"
    assert PHONE not in event.target
    data, text = _unzip(_export(client, net))
    for out in (data, _flat(text)):
        assert _flat(PHONE) in _flat(out)  # she kept it
        for gone in (EMAIL, HER, OTHER, "Photos of"):
            assert _flat(gone) not in _flat(out), gone
        assert "[email]" in out and "[name]" in out and "[redacted]" in out
    assert "invented_room" in text  # the identifiers go out as they are


def test_a_platform_dossier_never_carries_a_name_even_when_asked_to() -> None:
    net = _network()
    client = signed_in_client(net.org.staff)
    client.post(_check_url(net), {"kind": "platform", "language": "en", "action": "confirm", "keep": [HER]})
    data, text = _unzip(_export(client, net))
    assert HER not in data and _flat(HER) not in _flat(text)


def test_a_police_dossier_carries_only_the_names_of_survivors_who_consented() -> None:
    net = _network()
    client = signed_in_client(net.org.staff)
    page = client.get(_check_url(net, "police")).content.decode()
    assert f'value="{HER}"' in page and f'value="{OTHER}"' not in page
    form = {"kind": "police", "language": "en", "action": "confirm", "keep": [HER, OTHER]}
    client.post(_check_url(net, "police"), form)
    data, text = _unzip(_export(client, net, "police"))
    assert HER in data and _flat(HER) in _flat(text)
    assert OTHER not in data and _flat(OTHER) not in _flat(text)
    # without that choice, even her name stays hidden
    data = dossier.for_space(net.org.staff, net.room, "police", "en")
    default = dossier_check.review(net.org.staff, net.org.org_keys, data)
    assert all(HER not in preview.redacted for _field, preview in default.fields)


def test_a_name_a_left_out_case_also_knows_never_leaves() -> None:
    net = _network()
    redaction.set_names(net.org.staff, net.other, [OTHER, HER], None)
    client = signed_in_client(net.org.staff)
    assert f'value="{HER}"' not in client.get(_check_url(net, "police")).content.decode()
    client.post(_check_url(net, "police"), {"kind": "police", "language": "en", "action": "confirm", "keep": [HER]})
    data, _text = _unzip(_export(client, net, "police"))
    assert HER not in data


def test_changed_content_needs_a_new_check() -> None:
    net = _network()
    client = signed_in_client(net.org.staff)
    client.post(_check_url(net), {"kind": "platform", "language": "en", "action": "confirm"})
    assert _export(client, net).status_code == 200
    registry.add_alias(net.org.staff, net.room2, f"call {PHONE}")
    response = _export(client, net)
    assert response.status_code == 302 and "/dossier/check/" in response["Location"]
    assert "changed since it was last checked" in client.get(_check_url(net)).content.decode()
    client.post(_check_url(net), {"kind": "platform", "language": "en", "action": "confirm"})
    data, _text = _unzip(_export(client, net))
    assert PHONE not in data and "call [phone]" in data
    # a check of one kind does not cover the other
    assert _export(client, net, "police").status_code == 302


def test_posting_needs_the_csrf_token() -> None:
    net = _network()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = signed_in_client(net.org.staff).cookies
    assert strict.get(_check_url(net)).status_code == 200  # signed in: only the token is missing
    response = strict.post(_check_url(net), {"kind": "platform", "language": "en", "action": "confirm"})
    assert response.status_code == 403
    assert not DossierCheck.objects.exists()
    assert not AuditEvent.objects.filter(action="networks.dossier_checked").exists()


def test_analysts_other_organisations_and_staff_who_cannot_open_the_match_get_404() -> None:
    net = _network()
    match = escrow_match(net, net.consenting, MatchChoice.JOINT_COMPLAINT)
    analyst = keyring.create_staff(net.org.organisation, "analyst-c", PASSWORD, Role.ANALYST, net.org.org_keys)
    lawyer = keyring.create_staff(net.org.organisation, "lawyer-c", PASSWORD, Role.LAWYER, net.org.org_keys)
    stranger = make_organisation("stranger-c", ["AL"], role=Role.ORG_ADMIN)
    match_url = f"/en/staff/networks/matches/{match.pk}/dossier/check/?kind=police&language=en"
    clients = {staff: signed_in_client(staff) for staff in (analyst, lawyer, stranger.staff)}
    for staff in (analyst, stranger.staff):
        assert clients[staff].get(_check_url(net)).status_code == 404
        assert clients[staff].post(_check_url(net), {"kind": "platform", "action": "confirm"}).status_code == 404
    for client in clients.values():
        assert client.get(match_url).status_code == 404
    assert not DossierCheck.objects.exists()
    own = signed_in_client(net.org.staff)
    assert own.get(match_url).status_code == 200
    own.post(match_url, {"kind": "police", "language": "en", "action": "confirm"})
    response = fresh_step_up(own).post(
        f"/en/staff/networks/matches/{match.pk}/dossier/", {"kind": "police", "language": "en"}
    )
    assert HER not in _unzip(response)[0]


def _strings(value: Any, key: str = "") -> list[tuple[str, str]]:
    if key in dossier_check.STRUCTURAL:
        return [(key, "")]  # a signed tree head, a proof: structural as a whole
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in _strings(v, k)]
    if isinstance(value, list):
        return [pair for v in value for pair in _strings(v, key)]
    return [(key, value)] if isinstance(value, str) else []


@pytest.mark.parametrize("kind", dossier.KINDS)
def test_every_string_of_a_dossier_is_checked_or_structural(kind: str) -> None:
    """A new free-text field must be added to the check (or argued structural) to pass."""
    net = _network()
    data = dossier.for_space(net.org.staff, net.room, kind, "en")
    keys = {key for key, _value in _strings(data)}
    assert keys <= dossier_check.CHECKED | dossier_check.STRUCTURAL, keys - dossier_check.STRUCTURAL
    # and the personal data typed into the structural fields' neighbours is found by the check
    found = {f.value for f in dossier_check.review(net.org.staff, net.org.org_keys, data).findings}
    assert {EMAIL, HER, OTHER} <= found and any(_flat(PHONE) == _flat(v) for v in found)
    assert json.dumps(data)  # what is checked is what is written
