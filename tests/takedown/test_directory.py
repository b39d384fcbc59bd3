"""The platform directory is reviewed data: complete, honest about confidence, loaded without
overwriting corrections made in Glasna."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from glasna.takedown import directory
from glasna.takedown.models import Platform
from tests.factories import signed_in_client
from tests.takedown.conftest import Podgorica

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


@pytest.mark.django_db
def test_an_aged_entry_warns_and_still_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = directory.read()
    for entry in entries:  # the shipped dates age too: only the first entry is made old here
        entry["last_verified"] = dt.date.today()
    long_ago = dt.date.today() - dt.timedelta(days=400)
    entries[0]["last_verified"] = long_ago
    assert directory.problems(entries) == []  # aged is not wrong: nothing fails because time passed
    [warning] = directory.aged(entries)
    assert f"({entries[0]['key']}): last_verified {long_ago.isoformat()} is older than 180 days" in warning
    # Everything the shipped file says ages the same way, and only warns.
    assert len(directory.aged(directory.read(), today=dt.date.today() + dt.timedelta(days=4000))) == len(entries)

    path = tmp_path / "platforms.yaml"
    path.write_text(yaml.safe_dump({"platforms": entries}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(directory, "DATA_FILE", path)
    out = io.StringIO()
    call_command("takedown_platforms", stdout=out)
    assert f"warning: platforms[0] ({entries[0]['key']})" in out.getvalue()
    assert Platform.objects.filter(key=entries[0]["key"], last_verified=long_ago).exists()


@pytest.mark.django_db
def test_the_staff_page_marks_an_aged_entry(podgorica: Podgorica) -> None:
    Platform.objects.filter(key="viber").update(last_verified=dt.date.today() - dt.timedelta(days=400))
    Platform.objects.exclude(key="viber").update(last_verified=dt.date.today())
    client: Any = signed_in_client(podgorica.bundle.staff)
    page = client.get("/en/staff/takedown/platforms/").content.decode()
    assert page.count("verified long ago: check it against its sources before relying on it") == 1
