"""Completeness (issue 21, part 3): a bundle shows that it lists every event of its items, from their
first event to its signed head, and that the earliest signed head holding that first event is a
prefix of its head. An event left out of a bundle is named, whether the manifest signature is left
broken (a forger without the key) or re-made with the genuine key (an insider)."""

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

from glasna.evidence import bundle, custody_log, log_key, services, verify_bundle
from tests.evidence.helpers import CAPTURE, add_three, make_case
from tests.factories import make_organisation, submit

_BUILT: dict[str, Path] = {}


@pytest.fixture
def interleaved(db, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """Case A's events interleaved with another case's, a signed head in between, then A exported."""
    if "bundle" in _BUILT:
        return _BUILT["bundle"]
    case_a = make_case("complete-a")
    org_b = make_organisation("complete-b", ["AL"])
    submit(country="AL")
    case_b = org_b.organisation.cases.get().pk
    services.add_record(org_b.staff, org_b.org_keys, case_b, "url", "Other", CAPTURE)
    items = add_three(case_a)
    other = services.add_record(org_b.staff, org_b.org_keys, case_b, "url", "Other 2", CAPTURE)
    custody_log.sign_head()
    services.open_item(case_a.org.staff, case_a.org.org_keys, items[0].pk)
    services.open_item(org_b.staff, org_b.org_keys, other.pk)
    services.open_item(case_a.org.staff, case_a.org.org_keys, items[2].pk)
    path = tmp_path_factory.mktemp("complete") / "bundle.zip"
    path.write_bytes(bundle.export(case_a.org.staff, case_a.org.org_keys, case_a.case.pk, None, "en").read())
    _BUILT["bundle"] = path
    return path


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def omit_event(genuine: Path, out: Path, action: str, *, into_others: bool, resign: bool) -> int:
    """Leave one event of an item out of the bundle and rebuild what can be rebuilt: custody.json, the
    item's custody list, the manifest's hash of custody.json. Without the log key the manifest signature
    stays as it was (resign=False); an insider with the key re-signs it (resign=True). The signed tree
    head cannot be changed either way without the key; with it, its earlier stamped or published heads
    still pin the log. Returns the index left out."""
    members = _members(genuine)
    manifest, custody = json.loads(members["manifest.json"]), json.loads(members["custody.json"])
    victim = next(e for e in custody["entries"] if json.loads(e["entry"])["action"] == action)
    custody["entries"].remove(victim)
    if into_others:  # passed off as another item's event
        others = custody["completeness"]["other_entries"]
        others.append(victim["entry"])
        others.sort(key=lambda text: json.loads(text)["index"])
    for item in manifest["items"]:
        if victim["index"] in item["custody"]:
            item["custody"].remove(victim["index"])
    members["custody.json"] = json.dumps(custody, indent=1).encode()
    manifest["files"]["custody.json"] = hashlib.sha256(members["custody.json"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
    if resign:
        members["manifest.sig"] = (
            log_key.sign_detached(bundle.BUNDLE_SIG_LABEL, members["manifest.json"]).hex().encode()
        )
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return int(victim["index"])


def _completeness(result: verify_bundle.Result) -> verify_bundle.Verdict:
    return next(v for v in result.verdicts if v.subject == "completeness of the custody events")


def test_a_genuine_bundle_accounts_for_every_event(interleaved: Path) -> None:
    result = verify_bundle.verify(interleaved, log_key.public_key().hex())
    assert result.status == "verified", result.text()
    verdict = _completeness(result)
    assert verdict.ok and any("is accounted for" in line for line in verdict.lines)
    custody = json.loads(_members(interleaved)["custody.json"])
    section = custody["completeness"]
    ours = {e["index"] for e in custody["entries"]}
    assert section["first"] == min(ours) > 0  # the other case's first event comes before
    assert section["other_entries"]  # the other case's events inside the range, disclosed as entries
    assert not ours & {json.loads(text)["index"] for text in section["other_entries"]}
    earliest = section["earliest_head"]["tree_size"]
    assert section["first"] < earliest < custody["tree_head"]["tree_size"]  # the head signed in between
    assert any(f"signed head of size {earliest}" in line for line in verdict.lines)


@pytest.mark.parametrize("resign", [False, True], ids=["forger without the key", "insider with the key"])
@pytest.mark.parametrize("into_others", [False, True], ids=["dropped", "passed off as another item's"])
def test_an_omitted_event_is_named(interleaved: Path, tmp_path: Path, resign: bool, into_others: bool) -> None:
    out = tmp_path / "omitted.zip"
    index = omit_event(interleaved, out, "viewed", into_others=into_others, resign=resign)
    result = verify_bundle.verify(out, log_key.public_key().hex())
    assert result.status == "altered"
    verdict = _completeness(result)
    assert not verdict.ok
    assert any(f"event #{index}" in line for line in verdict.lines), verdict.lines
    manifest_ok = next(v for v in result.verdicts if v.subject == "manifest.json").ok
    assert manifest_ok is resign  # the insider's manifest signature is good: only the log shows the omission


def test_the_bundled_verifier_names_an_omitted_event(interleaved: Path, tmp_path: Path) -> None:
    from tests.evidence.helpers import run_bundled_verify

    out = tmp_path / "omitted.zip"
    index = omit_event(interleaved, out, "exported", into_others=True, resign=True)
    done = run_bundled_verify(out, tmp_path, "--key", log_key.fingerprint())
    assert done.returncode == verify_bundle.EXIT_ALTERED, done.stdout
    assert f"event #{index} (exported)" in done.stdout and "left out of the bundle" in done.stdout


def test_a_selection_lists_the_rest_of_the_case_as_other_events(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup = make_case()
    items = add_three(setup)
    archive = bundle.export(setup.org.staff, setup.org.org_keys, setup.case.pk, [items[1].pk], "en")
    path = tmp_path / "one.zip"
    path.write_bytes(archive.read())
    result = verify_bundle.verify(path, log_key.public_key().hex())
    assert result.status == "verified", result.text()
    others = json.loads(_members(path)["custody.json"])["completeness"]["other_entries"]
    assert {json.loads(text)["item"] for text in others} >= {str(items[2].pk), str(items[3].pk)}
