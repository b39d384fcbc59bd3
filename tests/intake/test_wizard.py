"""The report wizard end to end through the test client (no JavaScript), bad input included."""

import re

import pytest
from django.test import Client
from django.utils import translation

from glasna.cases.models import Case
from glasna.intake import receipts, services
from glasna.intake.models import Attachment, Report
from tests.factories import make_organisation, pattern_png, upload
from tests.intake.wizard_client import STEP_ANSWERS, challenge_fields, hidden, receipt_from, walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def organisations() -> None:
    make_organisation("mk-cso", ["MK"])
    make_organisation("desk", ["AL", "XK", "ME", "MK", "RS", "BA"], is_regional_default=True, serves_children=True)


def test_full_report_gives_a_working_receipt_and_opens_a_case(client: Client) -> None:
    response = walk(client, "mk", files=[upload("screen.png", pattern_png())])
    assert response.status_code == 200
    receipt = receipt_from(response)
    assert receipts.parse(receipt)
    report = Report.objects.get()
    assert report.organisation.slug == "mk-cso"
    assert Case.objects.get(report=report).status == "new"
    assert Attachment.objects.filter(report=report).count() == 1
    access = services.open_with_receipt(receipt)
    view = services.survivor_view(access)
    assert view["answers"]["narrative"] == "Synthetic narrative for a test."
    assert view["answers"]["forms"] == ["ibsa_shared", "sextortion"]
    assert view["answers"]["language"] == "mk"
    assert view["files"][0]["type"] == "image/png"
    # Statistics consent was given: the coarse categories are in clear, nothing else.
    assert report.stats_consent and report.stat_country == "MK" and report.stat_forms == ["ibsa_shared", "sextortion"]


def test_every_question_can_be_skipped(client: Client) -> None:
    empty = {i: {k: ([] if isinstance(v, list) else "") for k, v in a.items()} for i, a in enumerate(STEP_ANSWERS)}
    empty[5] = {"contact_method": "portal", "consent_stats": "no", "consent_police": "no"}
    response = walk(client, "en", overrides=empty)
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.organisation.slug == "desk"  # no country given: the regional desk
    assert not report.stats_consent and report.stat_country == "" and report.stat_forms == []


def test_child_sees_helpline_and_reaches_child_protection(client: Client) -> None:
    response = walk(client, "sq", overrides={3: {"country": "AL", "age_band": "under_18"}})
    assert response.status_code == 200
    html = response.content.decode()
    assert "116 111" in html
    assert Report.objects.get().organisation.slug == "desk"


def test_replayed_final_step_creates_nothing(client: Client) -> None:
    url = "/en/report/"
    response = client.get(url)
    last = None
    for index, answers in enumerate(STEP_ANSWERS):
        html = response.content.decode()
        data = dict(answers, state=hidden(html, "state"), step=str(index), next="1")
        if index == len(STEP_ANSWERS) - 1:
            data.update(challenge_fields(html))
        last = data
        response = client.post(url, data)
    assert response.status_code == 200 and Report.objects.count() == 1
    replay = client.post(url, last)  # the same challenge: refused, nothing created
    assert replay.status_code == 400
    assert Report.objects.count() == 1
    again = client.post(url, dict(last, **challenge_fields(replay.content.decode())))
    assert again.status_code == 409  # a fresh challenge, but this wizard's report was already sent
    assert Report.objects.count() == 1


def test_forged_or_damaged_state_is_refused_clearly(client: Client) -> None:
    response = client.post("/hr/report/", {"state": "forged", "step": "3", "next": "1"})
    assert response.status_code == 400
    with translation.override("hr"):
        assert (
            translation.gettext("This form could not be read. Nothing had been sent yet.") in response.content.decode()
        )


def test_contact_value_required_for_phone(client: Client) -> None:
    response = walk(client, "en", overrides={5: {"contact_method": "phone", "contact_value": ""}})
    assert response.status_code == 200
    assert 'name="step" value="5"' in response.content.decode()
    assert Report.objects.count() == 0


def test_hidden_characters_in_links_get_a_message_and_keep_answers(client: Client) -> None:
    response = walk(client, "en", overrides={1: {"links": "t.me/inv\u202eented"}})
    html = response.content.decode()
    assert 'name="step" value="1"' in html
    assert "direction" in html or "hidden characters" in html
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "content_type", "message"),
    [
        ("fake.png", b"MZ\x90\x00 this is a program, not a picture", "image/png", "not accepted"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png", "damaged"),
        ("mismatch.png", b"%PDF-1.4 synthetic", "image/png", "does not match"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_answers_survive(
    client: Client, name: str, data: bytes, content_type: str, message: str
) -> None:
    response = walk(client, "en", files=[upload(name, data, content_type)])
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert 'name="step" value="6"' in html  # still on the files step, state carried
    assert Report.objects.count() == 0
    # Sending again without the bad file succeeds with every earlier answer intact.
    data2 = {"state": hidden(html, "state"), "step": "6", "next": "1", **challenge_fields(html)}
    final = client.post("/en/report/", data2)
    assert final.status_code == 200
    view = services.survivor_view(services.open_with_receipt(receipt_from(final)))
    assert view["answers"]["links"] == "t.me/invented_room"


def test_decompression_bomb_is_refused(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_IMAGE_PIXELS = 10_000
    response = walk(client, "en", files=[upload("big.png", pattern_png((400, 400)))])
    assert "too many pixels" in response.content.decode()
    assert Report.objects.count() == 0


def test_oversized_file_is_refused(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_UPLOAD_BYTES = 100
    response = walk(client, "en", files=[upload("a.png", pattern_png((200, 200), seed=3))])
    assert "larger than" in response.content.decode()
    assert Report.objects.count() == 0


def test_csrf_is_enforced_with_a_translated_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/mk/return/", {"receipt": "1234"})
    assert response.status_code == 403
    assert 'lang="mk"' in response.content.decode()


def test_switching_language_mid_report_keeps_the_answers(client: Client) -> None:
    first = client.get("/en/report/").content.decode()
    step1 = client.post(
        "/en/report/",
        {
            "state": hidden(first, "state"),
            "step": "0",
            "next": "1",
            "forms": ["doxing"],
            "narrative": "Kept across languages.",
        },
    )
    html = step1.content.decode()
    assert 'formaction="/mk/report/"' in html and 'form="wizard"' in html
    switched = client.post(
        "/mk/report/", {"state": hidden(html, "state"), "step": "1", "stay": "1", "platforms": ["viber"]}
    )
    page = switched.content.decode()
    assert 'lang="mk"' in page and 'name="step" value="1"' in page
    assert re.search(r'value="viber"[^>]*checked', page)
    back = client.post("/mk/report/", {"state": hidden(page, "state"), "step": "1", "back": "1"})
    assert "Kept across languages." in back.content.decode()


def test_a_survivor_in_croatia_can_say_so_and_reaches_the_regional_desk_or_a_croatian_organisation(
    client: Client,
) -> None:
    # No Croatian organisation yet: the regional desk takes the report; the country is kept as HR.
    walk(client, "hr", overrides={3: {"country": "HR"}})
    report = Report.objects.get()
    assert report.organisation.slug == "desk" and report.stat_country == "HR"
    make_organisation("hr-cso", ["HR"])
    walk(Client(), "hr", overrides={3: {"country": "HR"}})
    # Reports have random ids: the second report is the one that is not the first.
    assert Report.objects.exclude(pk=report.pk).get().organisation.slug == "hr-cso"
