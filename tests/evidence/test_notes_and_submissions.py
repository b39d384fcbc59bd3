"""Staff notes and the survivor's own files in the custody chain (issue 21, part 1).

A note is committed in its `annotated` event; a file the survivor sends gets its first custody event
(`submitted`, committing to its SHA-256) when she sends it, and the item imported from it names that
event. verify.py checks both: a note edited in the bundle, or a file that is not what she sent, is
ALTERED. Edits are re-signed with the genuine log key, as an insider holding it could: the log, not
the manifest signature, is what catches them."""

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import transaction

from glasna.core.uploads import check_upload
from glasna.evidence import bundle, custody_log, log_key, services, verify_bundle
from glasna.evidence.models import CustodyEntry
from glasna.intake import services as intake
from tests.evidence.forgery import forge
from tests.factories import make_organisation, pattern_png, submit, upload

NOTE = "Synthetic note: the survivor confirmed the account name by phone."
_BUILT: dict[str, Path] = {}


@pytest.fixture
def noted(db, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A bundle with a file the survivor sent (imported by staff), a note on it, and a second
    file sent later from the portal. Built once; the file stays valid after its rows are rolled back."""
    if "bundle" in _BUILT:
        return _BUILT["bundle"]
    org = make_organisation("notes-org", ["MK"])
    sent = submit(files=[check_upload(upload("sent.png", pattern_png(seed=5)))])
    case = org.organisation.cases.get()
    access = intake.open_with_receipt(sent.receipt)
    with transaction.atomic():
        intake.survivor_reply(access, "", [check_upload(upload("later.png", pattern_png(seed=6)))])
    for attachment in case.report.attachments.order_by("id"):  # type: ignore[union-attr]
        item = services.import_attachment(org.staff, org.org_keys, case.pk, attachment.pk, None)
        services.annotate(org.staff, org.org_keys, item.pk, NOTE)
    path = tmp_path_factory.mktemp("noted") / "bundle.zip"
    path.write_bytes(bundle.export(org.staff, org.org_keys, case.pk, None, "en").read())
    _BUILT["bundle"] = path
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _insider_edit(path: Path, out: Path, change: Callable[[dict], None]) -> Path:  # type: ignore[type-arg]
    """Change the manifest and sign it again with the genuine log key."""
    members = _members(path)
    manifest = json.loads(members["manifest.json"])
    change(manifest)
    members["manifest.json"] = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
    members["manifest.sig"] = log_key.sign_detached(bundle.BUNDLE_SIG_LABEL, members["manifest.json"]).hex().encode()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _altered(result: verify_bundle.Result) -> list[str]:
    return [line for v in result.verdicts if not v.ok for line in v.lines]


def test_submission_is_the_first_custody_event(db) -> None:  # type: ignore[no-untyped-def]
    org = make_organisation("first-org", ["MK"])
    data = pattern_png(seed=7)
    submit(files=[check_upload(upload("p.png", data))])
    case = org.organisation.cases.get()
    attachment = case.report.attachments.get()  # type: ignore[union-attr]
    [submitted] = CustodyEntry.objects.filter(item_id=attachment.pk)
    body = json.loads(bytes(submitted.entry))
    assert (body["action"], body["actor"], body["case"]) == ("submitted", "survivor", case.pk)
    assert hashlib.sha256(data).hexdigest() not in bytes(submitted.entry).decode()  # committed, not disclosed
    item = services.import_attachment(org.staff, org.org_keys, case.pk, attachment.pk, None)
    added = json.loads(bytes(CustodyEntry.objects.get(item_id=item.pk, action="added").entry))
    assert added["submitted"] == submitted.index < added["index"]


def test_note_is_committed_in_its_event(db) -> None:  # type: ignore[no-untyped-def]
    org = make_organisation("note-org", ["MK"])
    submit(files=[check_upload(upload("p.png", pattern_png(seed=8)))])
    case = org.organisation.cases.get()
    item = services.import_attachment(org.staff, org.org_keys, case.pk, case.report.attachments.get().pk, None)  # type: ignore[union-attr]
    services.annotate(org.staff, org.org_keys, item.pk, NOTE)
    [note] = services.open_item(org.staff, org.org_keys, item.pk).notes
    entry = json.loads(bytes(CustodyEntry.objects.get(item_id=item.pk, action="annotated").entry))
    assert entry["ref"] == f"note:{note['id']}"
    assert entry["commitment"] == custody_log.note_commitment(note["salt"], NOTE)
    assert NOTE not in json.dumps(entry)


def test_genuine_bundle_checks_notes_and_submissions(noted: Path) -> None:
    result = verify_bundle.verify(noted, log_key.public_key().hex())
    assert result.status == "verified", result.text()
    lines = [line for v in result.verdicts for line in v.lines]
    assert sum("what the survivor sent" in line for line in lines) == 2
    assert sum(line.startswith("note ") and "matches its custody event" in line for line in lines) == 2


def test_a_note_edited_in_the_bundle_is_altered(noted: Path, tmp_path: Path) -> None:
    def edit(manifest: dict) -> None:  # type: ignore[type-arg]
        manifest["items"][0]["notes"][0]["text"] = NOTE.replace("confirmed", "denied")

    result = verify_bundle.verify(_insider_edit(noted, tmp_path / "edited.zip", edit), log_key.public_key().hex())
    assert result.status == "altered"
    assert any("its text is not what was committed" in line for line in _altered(result)), result.text()


def test_a_note_dropped_from_the_bundle_is_altered(noted: Path, tmp_path: Path) -> None:
    def drop(manifest: dict) -> None:  # type: ignore[type-arg]
        manifest["items"][1]["notes"] = []

    result = verify_bundle.verify(_insider_edit(noted, tmp_path / "dropped.zip", drop), log_key.public_key().hex())
    assert result.status == "altered"
    assert any("is missing from the bundle" in line for line in _altered(result)), result.text()


def test_a_dropped_submission_is_altered(noted: Path, tmp_path: Path) -> None:
    def drop(manifest: dict) -> None:  # type: ignore[type-arg]
        del manifest["items"][0]["record"]["submission"]

    result = verify_bundle.verify(_insider_edit(noted, tmp_path / "dropped.zip", drop), log_key.public_key().hex())
    assert result.status == "altered"
    assert any("survivor's submission" in line for line in _altered(result)), result.text()


def test_a_swapped_file_is_not_what_she_sent_even_in_a_rebuilt_log(noted: Path, tmp_path: Path) -> None:
    """The own-key forgery rewrites the item's record and `added` commitment and re-signs everything:
    the earlier `submitted` event still commits to the file she sent, so the bundle is not even
    internally consistent any more."""
    forged = tmp_path / "forged.zip"
    forge(noted, forged, pattern_png(seed=99))
    result = verify_bundle.verify(forged)
    assert result.status == "altered", result.text()
    assert any("submission" in line or "survivor sent" in line for line in _altered(result)), result.text()
