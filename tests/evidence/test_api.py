"""The seam for the takedown room (glasna/evidence/api.py), blurred derivatives, referral sharing."""

import hashlib
import io

import pytest
from django.test import TestCase
from PIL import Image, ImageFilter

from glasna.cases import referrals
from glasna.cases.models import ConsentChannel, SharedPart
from glasna.core import blobs
from glasna.core.uploads import check_upload
from glasna.evidence import api, services
from glasna.evidence.models import CustodyEntry, EvidenceItem
from tests.evidence.helpers import CAPTURE, add_three, make_case, stream_of
from tests.factories import make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.django_db


def test_list_items_summarises_each_item() -> None:
    setup = make_case()
    image, chat, url, text = add_three(setup)
    summaries = {s.id: s for s in api.list_items(setup.org.staff, setup.org.org_keys, setup.case)}
    assert set(summaries) == {image.pk, chat.pk, url.pk, text.pk}
    first = summaries[image.pk]
    assert first.kind == "file" and first.content_type == "image/png" and first.platform == "telegram"
    assert first.sha256 == hashlib.sha256(pattern_png((96, 64), seed=3)).hexdigest()
    assert first.account == "Invented Group 42" and first.url == CAPTURE.url
    assert first.captured_at is not None and first.captured_at.year == 2026
    assert summaries[url.pk].kind == "url" and summaries[url.pk].sha256 == ""
    assert summaries[text.pk].sha256 == hashlib.sha256(b"Synthetic threatening message.").hexdigest()


def test_record_use_appends_a_custody_event_per_item() -> None:
    setup = make_case()
    items = add_three(setup)
    api.record_use(setup.org.staff, [items[0].pk, items[2].pk], "notice_sent", "notice:17 telegram")
    used = CustodyEntry.objects.filter(action="used")
    assert {e.item_id for e in used} == {items[0].pk, items[2].pk}
    assert b'"purpose":"notice_sent"' in bytes(used[0].entry)


def test_blurred_derivative_records_both_hashes_and_custody() -> None:
    setup = make_case()
    original_bytes = pattern_png((120, 90), seed=6)
    original = services.add_file(
        setup.org.staff, setup.org.org_keys, setup.case.pk, stream_of(original_bytes), "Photo", CAPTURE
    )
    derived = api.make_blurred_derivative(setup.org.staff, setup.org.org_keys, original.pk)
    assert derived.derived_from == original.pk and derived.content_type == "image/png"
    view, chunks = services.original(setup.org.staff, setup.org.org_keys, derived.id)
    blurred = b"".join(chunks)
    assert hashlib.sha256(blurred).hexdigest() == derived.sha256 != hashlib.sha256(original_bytes).hexdigest()
    assert view.record["derived_from_sha256"] == hashlib.sha256(original_bytes).hexdigest()
    # It really is the original, blurred: compare with Pillow's own blur of the original.
    with Image.open(io.BytesIO(original_bytes)) as source, Image.open(io.BytesIO(blurred)) as copy:
        expected = source.convert("RGB").filter(ImageFilter.GaussianBlur(max(4, 120 // services.BLUR_FRACTION)))
        assert copy.size == source.size and copy.convert("RGB").tobytes() == expected.tobytes()
    assert list(CustodyEntry.objects.filter(item_id=original.pk).values_list("action", flat=True)) == [
        "added",
        "derivative_made",
    ]
    assert list(CustodyEntry.objects.filter(item_id=derived.id).values_list("action", flat=True)) == [
        "derived",
        "viewed",
    ]


def test_only_images_can_be_blurred() -> None:
    setup = make_case()
    link = services.add_record(setup.org.staff, setup.org.org_keys, setup.case.pk, "url", "Link", CAPTURE)
    with pytest.raises(api.NotAnImage):
        api.make_blurred_derivative(setup.org.staff, setup.org.org_keys, link.pk)


def test_sharing_by_referral_is_a_custody_event() -> None:
    home = make_organisation("home-org", ["MK"])
    receiver = make_organisation("legal-org", ["AL"])
    submit(files=[check_upload(upload("p.png", pattern_png(seed=2)))])
    case = home.organisation.cases.get()
    attachment = case.report.attachments.get()  # type: ignore[union-attr]
    item = services.import_attachment(home.staff, home.org_keys, case.pk, attachment.pk, None)
    assert services.import_attachment(home.staff, home.org_keys, case.pk, attachment.pk, None).pk == item.pk
    referrals.create(
        home.staff, home.org_keys, case.pk, receiver.organisation.pk, "legal",
        [SharedPart.FILES], "Please help.", ConsentChannel.RECORDED,
    )  # fmt: skip
    shared = CustodyEntry.objects.filter(item_id=item.pk, action="shared_by_referral")
    assert shared.count() == 1 and b"legal-org" in bytes(shared[0].entry)


def test_withdrawal_erases_items_and_their_files() -> None:
    from glasna.intake import services as intake

    setup = make_case()
    item = services.add_file(setup.org.staff, setup.org.org_keys, setup.case.pk, stream_of(pattern_png()), "P", CAPTURE)
    access = intake.open_with_receipt(setup.receipt)
    with TestCase.captureOnCommitCallbacks(execute=True):
        intake.withdraw(access)
    assert not EvidenceItem.objects.exists()
    with pytest.raises(FileNotFoundError):
        blobs.get(item.blob_name)
    assert CustodyEntry.objects.filter(item_id=item.pk).exists()  # the log is append-only; it held no content
