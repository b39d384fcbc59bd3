"""Notices carry every element of DSA Art. 16(2), for every platform in the directory, in English
and in the caseworker's language, and never the survivor's identity."""

import datetime as dt
import uuid

import pytest

from glasna.takedown import notice_builder, transparency
from glasna.takedown.models import Platform
from glasna.takedown.sources import EvidenceSummary
from tests.takedown.conftest import Podgorica

pytestmark = pytest.mark.django_db


def _item(platform: str, n: int) -> EvidenceSummary:
    """An item shaped like a report link (name-based id), so no evidence-room custody is expected."""
    return EvidenceSummary(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"{platform}/{n}/{uuid.uuid4()}"),
        kind="url",
        title=f"Synthetic item {n}",
        url=f"https://{platform}.example/post/{n}",
        platform=platform,
        account=f"@invented_account_{n}",
        captured_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC),
        sha256="ab" * 32,
        derived_from=None,
        content_type="image/png",
    )


FACTS = notice_builder.Facts(country="ME", forms=["ibsa_shared", "ibsa_faked"], gender="woman")


@pytest.mark.parametrize(
    "key",
    sorted(
        [
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
        ]
    ),
)
def test_a_notice_for_each_platform_has_every_article_16_element(podgorica: Podgorica, key: str) -> None:
    staff = podgorica.bundle.staff
    [notice] = notice_builder.build(
        staff, podgorica.case, [_item(key, 1), _item(key, 2)], FACTS, "cnr", platform_key=key
    )
    platform = Platform.objects.get(key=key)
    assert notice.platform == platform
    checks = notice_builder.elements_present(notice.body_en, notice)
    assert checks == dict.fromkeys(notice_builder.ALL_ELEMENTS, True)
    body = notice.body_en
    # (a) the national provision from the law knowledge base, the EU standard and the platform's policy
    assert "Criminal Code of Montenegro, Article 175a" in body
    assert "Directive" in body or "2024/1385" in body
    assert platform.policy_name in body
    # (b) exact URLs and identifying details
    for n in (1, 2):
        assert f"https://{key}.example/post/{n}" in body and f"@invented_account_{n}" in body
    assert "ab" * 32 in body
    # (c) the organisation, not the survivor
    assert "Test organisation me-cso" in body and "takedown@me-cso.example" in body
    assert "Synthetic test narrative" not in body
    # (d) good faith, and the Transparency Database classification
    assert (
        "bona fide belief that the information and allegations contained in this notice are accurate and complete"
        in body
    )
    assert notice.category == "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN"
    assert set(notice.keywords) == {
        "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN",
        "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN",
    }
    assert set(notice.keywords) <= transparency.ALL_KEYWORDS and notice.category in transparency.CATEGORIES
    # the caseworker's language version carries the same facts (its words come from the catalogue)
    assert notice.body_local and all(f"https://{key}.example/post/{n}" in notice.body_local for n in (1, 2))
    assert "takedown@me-cso.example" in notice.body_local
    # the channel follows the directory: e-mail where an address is known, else the form or the app
    assert notice.channel == (
        "email"
        if platform.email_channel()
        else "web_form"
        if any(c["kind"] == "web_form" for c in platform.channels)
        else "in_app"
    )


def test_items_are_grouped_one_notice_per_platform(podgorica: Podgorica) -> None:
    items = [_item("telegram", 1), _item("telegram", 2), _item("instagram", 3)]
    notices = notice_builder.build(podgorica.bundle.staff, podgorica.case, items, FACTS, "en")
    assert sorted((n.platform.key, len(n.items)) for n in notices) == [("instagram", 1), ("telegram", 2)]
    assert all(n.body_local == "" for n in notices)  # English caseworker: one text


def test_files_without_address_and_bad_urls_are_left_out(podgorica: Podgorica) -> None:
    no_url = EvidenceSummary(uuid.uuid4(), "file", "photo", "", "telegram", "", None, "cd" * 32, None, "image/png")
    bad = EvidenceSummary(uuid.uuid4(), "url", "x", "javascript:alert(1)", "telegram", "", None, "", None, "")
    with pytest.raises(notice_builder.NothingToSend):
        notice_builder.build(podgorica.bundle.staff, podgorica.case, [no_url, bad], FACTS, "en")


def test_idn_is_sent_in_punycode_and_shown_in_unicode(podgorica: Podgorica) -> None:
    item = EvidenceSummary(uuid.uuid4(), "url", "idn", "https://galerija-šđ.me/slika/1", "", "", None, "", None, "")
    [notice] = notice_builder.build(podgorica.bundle.staff, podgorica.case, [item], FACTS, "en")
    assert notice.platform.key == "other"
    assert "https://xn--" in notice.body_en and "[https://galerija-šđ.me/slika/1]" in notice.body_en


def test_without_national_law_for_the_country_the_eu_standard_and_policy_remain(podgorica: Podgorica) -> None:
    facts = notice_builder.Facts(country="other", forms=["ibsa_shared"], gender="")
    [notice] = notice_builder.build(podgorica.bundle.staff, podgorica.case, [_item("telegram", 1)], facts, "en")
    assert [c["kind"] for c in notice.provisions] == ["eu"]
    assert notice.category == "STATEMENT_CATEGORY_CYBER_VIOLENCE"
    assert notice_builder.elements_present(notice.body_en, notice)["explanation"]
