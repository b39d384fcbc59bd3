"""The orphan-blob sweep (core/blob_sweep.py, core/blob_references.py, core/blobs.listing): blobs a
record names are never deleted, whatever kind of record; orphans go only after the grace period;
a dry run deletes nothing; a store whose old blobs are mostly orphans is refused; local files and S3."""

import os
import secrets
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from glasna.cases import referrals
from glasna.cases.models import Case, ReferralFile
from glasna.core import blob_references, blob_sweep, blobs, tasks
from glasna.core.models import AuditEvent
from glasna.core.uploads import check_upload
from glasna.evidence import services as evidence
from glasna.evidence.models import EvidenceItem
from glasna.intake.models import Attachment
from tests.evidence.helpers import CAPTURE, stream_of
from tests.factories import OrgBundle, make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=25)  # past the default 24 h grace


@pytest.fixture
def store(tmp_path: Path, settings: Any) -> Path:
    """A blob store of its own in a temporary folder (the test settings' one is shared by all tests)."""
    location = tmp_path / "blobs"
    blob_store = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(location)}}
    settings.STORAGES = {**settings.STORAGES, "blobs": blob_store}
    return location


def _age(store: Path, name: str, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(store / name, (then, then))


def _names() -> set[str]:
    return {blob.name for blob in blobs.listing()}


def _new_names(model: type[models.Model], make: Callable[[], object]) -> str:
    before = set(model._default_manager.values_list("blob_name", flat=True))
    make()
    (name,) = set(model._default_manager.values_list("blob_name", flat=True)) - before
    return str(name)


def _attachment() -> str:
    return _new_names(Attachment, lambda: submit(files=[check_upload(upload("p.png", pattern_png()))]))


def _latest_case() -> Case:
    return Case.objects.latest("pk")


def _evidence_item() -> str:
    submit()
    case = _latest_case()
    org = ORGS[case.organisation_id]
    stream = stream_of(pattern_png(seed=5))
    return _new_names(
        EvidenceItem, lambda: evidence.add_file(org.staff, org.org_keys, case.pk, stream, "Group post", CAPTURE)
    )


def _referral_file() -> str:
    submit(files=[check_upload(upload("p.png", pattern_png()))])
    case = _latest_case()
    org = ORGS[case.organisation_id]
    other = make_organisation(None, ["XK"]).organisation.pk
    return _new_names(
        ReferralFile,
        lambda: referrals.create(org.staff, org.org_keys, case.pk, other, "legal", ["files"], "", "recorded"),
    )


ORGS: dict[int, OrgBundle] = {}


@pytest.fixture(autouse=True)
def organisation() -> Iterator[None]:
    """The organisation every synthetic report in these tests goes to."""
    bundle = make_organisation("mk-cso", ["MK"])
    ORGS[bundle.organisation.pk] = bundle
    yield
    ORGS.clear()


KINDS: dict[str, Callable[[], str]] = {
    "intake.Attachment": _attachment,
    "evidence.EvidenceItem": _evidence_item,
    "cases.ReferralFile": _referral_file,
}


def test_the_fields_that_hold_blob_names_are_the_known_ones() -> None:
    found = {
        f"{model._meta.app_label}.{model.__name__}.{column}" for model, column in blob_references.reference_fields()
    }
    assert found == {f"{kind}.blob_name" for kind in KINDS}


def test_no_field_named_for_blobs_escapes_the_rule() -> None:
    """A field that may hold a blob's name under another name would let the sweep delete its blob."""
    covered = {(model, column) for model, column in blob_references.reference_fields()}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if "blob" in field.name.lower():
                assert (model, field.attname) in covered, f"{model.__name__}.{field.name}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_blob_named_by_any_kind_of_record_is_kept(store: Path, kind: str) -> None:
    named = KINDS[kind]()
    orphan = blobs.put(b"ciphertext of a report that was never stored")
    referenced_before = {name for name in _names() if name != orphan}
    assert named in referenced_before
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert _names() == referenced_before  # every named blob, this kind's included, is still there
    assert blobs.get(named)
    assert result.orphans == result.deleted == 1 and result.referenced == len(referenced_before)


def test_fresh_orphans_wait_for_the_grace_period_and_old_ones_go(store: Path) -> None:
    named = _attachment()
    fresh, old = blobs.put(b"in flight"), blobs.put(b"left by a failed request")
    _age(store, named, 48)
    _age(store, fresh, 23)
    _age(store, old, 25)
    result = blob_sweep.sweep(actor="test")
    assert _names() == {named, fresh}
    assert (result.listed, result.fresh, result.referenced, result.orphans, result.deleted) == (3, 1, 1, 1, 1)
    assert AuditEvent.objects.filter(action="blobs.swept").count() == 1
    assert AuditEvent.objects.get(action="blobs.swept").target == result.summary()


def test_the_grace_period_is_a_setting_of_at_least_an_hour(store: Path, settings: Any) -> None:
    orphan = blobs.put(b"left by a failed request")
    _age(store, orphan, 3)
    settings.GLASNA_BLOB_SWEEP_GRACE_HOURS = 4
    assert blob_sweep.sweep(actor="test").deleted == 0
    settings.GLASNA_BLOB_SWEEP_GRACE_HOURS = 2
    assert blob_sweep.sweep(actor="test").deleted == 1 and _names() == set()
    settings.GLASNA_BLOB_SWEEP_GRACE_HOURS = 0
    with pytest.raises(ValueError, match="at least 1"):
        blob_sweep.sweep(actor="test")


def test_a_dry_run_deletes_nothing(store: Path) -> None:
    _attachment()
    blobs.put(b"left by a failed request")
    before = _names()
    result = blob_sweep.sweep(actor="test", dry_run=True, now=timezone.now() + LATER)
    assert _names() == before and result.orphans == 1 and result.deleted == 0
    assert AuditEvent.objects.get(action="blobs.swept").target.endswith("dry-run")


def test_what_blobs_put_did_not_name_is_left_alone(store: Path) -> None:
    (store / "health").mkdir(parents=True)
    (store / "health" / "probe-0123456789abcdef").write_bytes(b"x")
    (store / "README").write_bytes(b"an operator's note")
    blobs.put(b"left by a failed request")
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert _names() == {"health/probe-0123456789abcdef", "README"}
    assert result.foreign == 2 and result.deleted == 1


def test_a_store_that_cannot_say_when_keeps_everything(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.files.storage import FileSystemStorage

    def no_times(self: object, name: str) -> None:
        raise NotImplementedError

    _age(store, blobs.put(b"left by a failed request"), 48)
    monkeypatch.setattr(FileSystemStorage, "get_modified_time", no_times)
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert (result.fresh, result.deleted) == (1, 0) and len(_names()) == 1


def test_an_empty_or_absent_store_sweeps_nothing(store: Path) -> None:
    assert not store.exists()
    result = blob_sweep.sweep(actor="test")
    assert (result.listed, result.deleted) == (0, 0)


def test_a_store_of_mostly_orphans_is_refused_unless_forced(store: Path) -> None:
    """As if DATABASE_URL pointed at another database: every old blob looks orphaned."""
    _attachment()
    for _ in range(blob_sweep.REFUSE_ABOVE + 1):
        blobs.put(b"a blob some other database names")
    before = _names()
    later = timezone.now() + LATER
    with pytest.raises(blob_sweep.SweepRefused):
        blob_sweep.sweep(actor="test", now=later)
    assert _names() == before
    assert AuditEvent.objects.filter(action="blobs.sweep_refused").count() == 1
    assert not AuditEvent.objects.filter(action="blobs.swept").exists()
    assert blob_sweep.sweep(actor="test", now=later, dry_run=True).suspicious
    assert _names() == before
    forced = blob_sweep.sweep(actor="test", now=later, force=True)
    assert forced.deleted == blob_sweep.REFUSE_ABOVE + 1 and len(_names()) == 1


def test_a_few_orphans_among_many_named_blobs_are_not_refused(store: Path) -> None:
    for _ in range(blob_sweep.REFUSE_ABOVE + 1):
        submit(files=[check_upload(upload("p.png", pattern_png()))])
    for _ in range(blob_sweep.REFUSE_ABOVE + 1):
        blobs.put(b"left by a failed request")
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert result.deleted == blob_sweep.REFUSE_ABOVE + 1 and not result.suspicious
    assert _names() == set(Attachment.objects.values_list("blob_name", flat=True))


def test_the_command(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    orphan = blobs.put(b"left by a failed request")
    _age(store, orphan, 25)
    call_command("blob_sweep", "--dry-run")
    assert "orphans:1 deleted:0 dry-run" in capsys.readouterr().out and _names() == {orphan}
    call_command("blob_sweep")
    out = capsys.readouterr().out
    assert "orphans:1 deleted:1" in out and orphan not in out and _names() == set()


def test_the_command_explains_a_refusal(store: Path) -> None:
    for _ in range(blob_sweep.REFUSE_ABOVE + 1):
        _age(store, blobs.put(b"a blob some other database names"), 25)
    with pytest.raises(CommandError, match="DATABASE_URL"):
        call_command("blob_sweep")
    call_command("blob_sweep", "--force")
    assert _names() == set()


def test_the_daily_job_sweeps_and_survives_a_refusal(store: Path) -> None:
    _age(store, blobs.put(b"left by a failed request"), 25)
    tasks.sweep_orphan_blobs.call_local()
    assert _names() == set() and AuditEvent.objects.get(action="blobs.swept").actor == "system"
    for _ in range(blob_sweep.REFUSE_ABOVE + 1):
        _age(store, blobs.put(b"a blob some other database names"), 25)
    tasks.sweep_orphan_blobs.call_local()  # refused: logged and audited, not raised into the worker
    assert len(_names()) == blob_sweep.REFUSE_ABOVE + 1


def test_logs_and_audit_carry_counts_never_names(store: Path, caplog: pytest.LogCaptureFixture) -> None:
    named = _attachment()
    orphan = blobs.put(b"left by a failed request")
    with caplog.at_level("INFO"):
        blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    texts = caplog.text + " ".join(AuditEvent.objects.values_list("target", flat=True))
    assert "blob sweep: listed:2" in caplog.text
    for name in (named, orphan):
        assert name not in texts and name.split("/")[1] not in texts


# -- The references the sweep computes are exactly those a walk of every record finds ----------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _walk_every_record() -> set[str]:
    """Every value shaped like a blob name in any column, JSON included, of any row of any model."""
    found = set()
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        columns = [f.attname for f in model._meta.concrete_fields if not isinstance(f, models.BinaryField)]
        for row in model._base_manager.values_list(*columns):
            found.update(s for s in _strings(list(row)) if blobs.NAME.fullmatch(s))
    return found


def _random_name() -> str:
    return f"{secrets.token_hex(2)}/{secrets.token_hex(16)}"


def test_the_swept_references_are_what_a_walk_of_every_record_finds(store: Path) -> None:
    for make in KINDS.values():
        make()
    orphans = {blobs.put(b"left by a failed request") for _ in range(3)}
    walked = _walk_every_record()
    listed = _names()
    assert len(walked) >= 4 and walked <= listed and not walked & orphans  # every kind, and no orphan
    unknown = {_random_name() for _ in range(5)}
    assert blob_references.referenced_among(listed | unknown) == walked
    pool = sorted(listed | unknown)

    @hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.sets(st.sampled_from(pool)))
    def any_question(asked: set[str]) -> None:
        assert blob_references.referenced_among(asked) == asked & walked

    any_question()
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert _names() == walked and result.deleted == len(orphans)


def test_references_are_found_past_one_query_chunk(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blob_references, "_CHUNK", 2)
    named = {_attachment()} | {_evidence_item()}
    asked = named | {_random_name() for _ in range(5)}
    assert blob_references.referenced_among(asked) == named


# -- S3 through django-storages, against moto's in-process S3 -----------------------------------


@pytest.fixture
def s3_store(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    moto = pytest.importorskip("moto")
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-central-1",
    }.items():
        monkeypatch.setenv(key, value)
    with moto.mock_aws():
        import boto3

        boto3.client("s3", region_name="eu-central-1").create_bucket(
            Bucket="glasna-test-blobs", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
        )
        options = {"bucket_name": "glasna-test-blobs", "location": "glasna", "file_overwrite": False}
        settings.STORAGES = {
            **settings.STORAGES,
            "blobs": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        }
        yield


def test_the_sweep_works_on_s3(s3_store: None) -> None:
    named = _attachment()
    orphan = blobs.put(b"left by a failed request")
    assert _names() == {named, orphan}  # names without the bucket's location prefix
    assert blob_sweep.sweep(actor="test").fresh == 2  # S3 keeps each object's time
    result = blob_sweep.sweep(actor="test", now=timezone.now() + LATER)
    assert _names() == {named} and result.deleted == 1 and blobs.get(named)
