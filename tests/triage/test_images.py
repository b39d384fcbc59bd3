"""Image previews on the case page: scored at submission, sealed, blurred on the server."""

import io

import pytest
from PIL import Image

from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.core.uploads import CheckedFile
from glasna.intake.models import Attachment
from glasna.triage.models import ImageScore
from tests.factories import make_organisation, pattern_png, signed_in_client, submit

pytestmark = pytest.mark.django_db

CUT_PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)  # passes the upload sniffing, decodes to nothing


def _case(files):
    bundle = make_organisation(countries=["MK"])
    submit(files=files, country="MK", narrative="Некој ги објави моите фотографии на Телеграм.")
    case = Case.objects.get(organisation=bundle.organisation)
    return bundle, case, signed_in_client(bundle.staff)


def test_the_score_is_stored_sealed_never_in_clear():
    _, case, _ = _case([CheckedFile("a.png", "image/png", pattern_png())])
    row = ImageScore.objects.get(case=case)
    assert b"0." not in bytes(row.sealed_score) and len(bytes(row.sealed_score)) > 40


def test_an_image_under_the_threshold_is_shown_with_its_score(settings):
    settings.GLASNA_TRIAGE_BLUR_PERCENT = 100
    _, case, client = _case([CheckedFile("a.png", "image/png", pattern_png())])
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "Explicitness score:" in page and 'data-blurred="1"' not in page


def test_an_image_over_the_threshold_is_blurred_until_revealed_and_the_reveal_is_audited(settings):
    settings.GLASNA_TRIAGE_BLUR_PERCENT = 0
    _, case, client = _case([CheckedFile("a.png", "image/png", pattern_png(size=(120, 90)))])
    attachment = Attachment.objects.get(report_id=case.report_id)
    url = f"/en/staff/triage/cases/{case.pk}/images/{attachment.pk}/preview/"
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert 'data-blurred="1"' in page and "Show this image" in page
    blurred = client.get(url)
    assert blurred["Content-Type"] == "image/png" and "no-store" in blurred["Cache-Control"]
    assert client.get(url.replace("/preview/", "/reveal/")).status_code == 405  # a GET reveals nothing
    assert client.post(url.replace("/preview/", "/reveal/")).status_code == 302
    assert AuditEvent.objects.filter(action="triage.image_revealed", target__contains=str(attachment.pk)).exists()
    clear = client.get(url)
    assert clear.content != blurred.content
    assert Image.open(io.BytesIO(clear.content)).size == (120, 90)
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert 'data-blurred="1"' not in page


def test_an_unreadable_image_keeps_the_case_and_says_triage_could_not_decide():
    _, case, client = _case([CheckedFile("cut.png", "image/png", CUT_PNG)])
    assert Attachment.objects.filter(report_id=case.report_id).count() == 1
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "triage could not decide" in page and 'data-blurred="1"' in page
    attachment = Attachment.objects.get(report_id=case.report_id)
    preview = client.get(f"/en/staff/triage/cases/{case.pk}/images/{attachment.pk}/preview/")
    assert preview.status_code == 200 and Image.open(io.BytesIO(preview.content)).format == "PNG"


def test_another_organisation_gets_no_preview():
    _, case, _ = _case([CheckedFile("a.png", "image/png", pattern_png())])
    attachment = Attachment.objects.get(report_id=case.report_id)
    stranger = signed_in_client(make_organisation(slug="elsewhere").staff)
    url = f"/en/staff/triage/cases/{case.pk}/images/{attachment.pk}/"
    assert stranger.get(url + "preview/").status_code == 404
    assert stranger.post(url + "reveal/").status_code == 404


def test_an_image_sent_later_with_a_message_is_scored_and_blurred_too(settings):
    from glasna.intake import services as intake

    settings.GLASNA_TRIAGE_BLUR_PERCENT = 0
    bundle = make_organisation(countries=["MK"])
    sent = submit(country="MK", narrative="Некој ги објави моите фотографии.")
    case, client = Case.objects.get(organisation=bundle.organisation), signed_in_client(bundle.staff)
    assert not ImageScore.objects.filter(case=case).exists()
    access = intake.open_with_receipt(sent.receipt)
    intake.survivor_reply(access, "One more screenshot.", [CheckedFile("later.png", "image/png", pattern_png())])
    attachment = Attachment.objects.get(report_id=case.report_id)
    assert ImageScore.objects.filter(case=case, attachment_id=attachment.pk).exists()
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert f"/images/{attachment.pk}/preview/" in page and 'data-blurred="1"' in page


def test_the_case_page_never_embeds_a_file_in_clear():
    _, case, client = _case([CheckedFile("a.png", "image/png", pattern_png())])
    attachment = Attachment.objects.get(report_id=case.report_id)
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    file_url = f"/en/staff/reports/{case.report_id}/files/{attachment.pk}/"
    assert f'src="{file_url}' not in page and f'href="{file_url}"' in page
    for query in ("", "?view=1"):
        assert client.get(file_url + query)["Content-Disposition"].startswith("attachment")
