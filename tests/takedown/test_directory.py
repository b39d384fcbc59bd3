"""The platform directory is reviewed data: complete, honest about confidence, loaded without
overwriting corrections made in Glasna."""

import datetime as dt

import pytest
from django.core.management import call_command

from glasna.takedown import directory
from glasna.takedown.models import Platform

REQUIRED_KEYS = {
    "telegram",
    "facebook",
    "instagram",
    "whatsapp",
    "viber",
    "tiktok",
    "x",
    "snapchat",
    "reddit",
    "google",
    "aylo",
    "onlyfans",
    "other",
}


def test_the_data_file_has_every_platform_and_no_problem() -> None:
    entries = directory.read()
    assert {e["key"] for e in entries} == REQUIRED_KEYS
    assert directory.problems(entries) == []
    for entry in entries:
        assert isinstance(entry["last_verified"], dt.date) and entry["sources"]
        assert entry["confidence"] in ("medium", "low")  # compiled without live web access: never "high"
        for channel in entry["channels"]:
            assert channel["confidence"] in ("medium", "low")


def test_only_well_known_addresses_are_given() -> None:
    emails = {c["address"] for e in directory.read() for c in e["channels"] if c["kind"] == "email" and c["address"]}
    assert emails == {"abuse@telegram.org", "dmca@telegram.org"}


def test_problems_are_reported() -> None:
    bad = [{"key": "x", "name": "X", "dsa_status": "huge", "channels": [{"kind": "fax"}], "last_verified": "soon"}]
    found = "\n".join(directory.problems(bad))
    assert "dsa_status" in found and "kind must be" in found and "last_verified" in found and "sources" in found


@pytest.mark.django_db
def test_sync_keeps_entries_edited_in_glasna(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("takedown_platforms")
    assert Platform.objects.count() == len(REQUIRED_KEYS)
    Platform.objects.filter(key="viber").update(known_behaviour="Corrected by an administrator", edited_by="admin")
    written, kept = directory.sync()
    assert (written, kept) == (len(REQUIRED_KEYS) - 1, 1)
    assert Platform.objects.get(key="viber").known_behaviour == "Corrected by an administrator"
    call_command("takedown_platforms", "--check")
    assert "13 platforms, no problems" in capsys.readouterr().out
