"""Notices to platforms: one per platform and item set, with every element DSA Art. 16(2) asks
for — (a) why the content is illegal, (b) the exact URLs, (c) the notifier's name and e-mail (the
organisation's, never the survivor's), (d) the good-faith statement — in English and in the
caseworker's language."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import Organisation, StaffMember
from glasna.cases.models import Case
from glasna.takedown import clock, directory, law_citations, sources, transparency
from glasna.takedown.addresses import BadURL, normalise
from glasna.takedown.models import Notice, NoticeEvent, Platform

ALL_ELEMENTS = ("explanation", "urls", "notifier", "good_faith")
# Art. 16(2)(d) in the Regulation's own words, as the English text carries it.
GOOD_FAITH_EN = "bona fide belief"


class NothingToSend(ValueError):
    """No usable item was selected (none chosen, or none with a web address)."""


@dataclass(frozen=True)
class Facts:
    """What the notice needs from the report: codes only, nothing that identifies her."""

    country: str
    forms: list[str]
    gender: str
    stats_consent: bool = False  # only then may the country be counted in the figures


def notifier(organisation: Organisation) -> tuple[str, str]:
    email = (
        organisation.notice_reply_to
        or organisation.public_email
        or organisation.notify_email
        or settings.DEFAULT_FROM_EMAIL
    )
    return organisation.name, email


def _item_row(item: Any) -> dict[str, Any]:
    address = normalise(item.url)
    return {
        "id": str(item.id),
        "title": item.title,
        "url": address.ascii,
        "url_display": address.display,
        "account": item.account,
        "sha256": item.sha256,
        "captured_at": item.captured_at.isoformat() if item.captured_at else "",
        "content_type": item.content_type,
    }


def _render(notice: Notice, language: str) -> str:
    name, email = notifier(notice.organisation)
    citations = notice.provisions
    with translation.override(language):
        return render_to_string(
            "takedown/notice_body.txt",
            {
                "notice": notice,
                "platform": notice.platform,
                "items": notice.items,
                "national": [c for c in citations if c["kind"] == "national"],
                "eu": [c for c in citations if c["kind"] == "eu"],
                "notifier_name": name,
                "notifier_email": email,
                "reference": reference(notice),
                "category": notice.category,
                "keywords": notice.keywords,
            },
        ).strip()


def render_bodies(notice: Notice) -> list[tuple[str, str]]:
    """The bodies as drafted, before redaction: English, then the local language if not English."""
    bodies = [("en", _render(notice, "en"))]
    return bodies + ([(notice.language, _render(notice, notice.language))] if notice.language != "en" else [])


def reference(notice: Notice) -> str:
    return f"GLASNA-{notice.organisation.slug.upper()}-{notice.pk}"


def build(
    staff: StaffMember,
    case: Case,
    items: list[Any],
    facts: Facts,
    language: str,
    platform_key: str | None = None,
) -> list[Notice]:
    """Draft notices for the chosen items: one per platform (or all to `platform_key`)."""
    directory.ensure_loaded()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if not item.url:
            continue  # a file without an address cannot be located by a platform; only URLs and hashes go out
        try:
            row = _item_row(item)
        except BadURL:
            continue
        key = platform_key or item.platform or sources.platform_of(row["url"]) or "other"
        groups[key].append(row)
    if not groups:
        raise NothingToSend
    national, eu = law_citations.citations(facts.country, facts.forms)
    cited = [{"kind": "national", "id": c.id, "text": c.text} for c in national]
    cited += [{"kind": "eu", "id": eu.id, "text": eu.text}] if eu else []
    category, keywords = transparency.category_for(facts.forms, facts.gender)
    platforms = {p.key: p for p in Platform.objects.filter(key__in=list(groups) + ["other"])}
    notices = []
    with transaction.atomic():
        for key, rows in sorted(groups.items()):
            platform = platforms.get(key) or platforms["other"]
            email = platform.email_channel()
            notice = Notice.objects.create(
                organisation_id=staff.organisation_id,
                case=case,
                platform=platform,
                channel="email" if email else _first_manual(platform),
                recipient=email["address"] if email else _form_address(platform),
                language=language,
                country=facts.country,
                stat_country=facts.country if facts.stats_consent else "",
                items=rows,
                subject="",
                body_en="",
                category=category,
                keywords=keywords,
                provisions=cited,
                created_by=staff,
            )
            notice.subject = (
                f"DSA Art. 16 notice — non-consensual intimate content — {platform.name} — {reference(notice)}"
            )
            notice.body_en = _render(notice, "en")
            notice.body_local = _render(notice, language) if language != "en" else ""
            notice.save(update_fields=["subject", "body_en", "body_local"])
            NoticeEvent.objects.create(
                notice=notice, at=clock.now(), actor=staff.user.get_username(), kind="drafted", detail=""
            )
            notices.append(notice)
    return notices


def _first_manual(platform: Platform) -> str:
    kinds = [c.get("kind") for c in platform.channels]
    return "web_form" if "web_form" in kinds else "in_app"


def _form_address(platform: Platform) -> str:
    return next((c.get("address", "") for c in platform.channels if c.get("kind") == "web_form"), "")


def build_for_case(
    staff: StaffMember,
    keys: OrganisationKeys,
    case: Case,
    item_ids: list[str],
    language: str,
    request: HttpRequest | None = None,
    platform_key: str | None = None,
) -> list[Notice]:
    """The caseworker's action: the chosen items of this case → draft notices."""
    from glasna.triage import notices as redaction

    chosen = {str(i) for i in item_ids}
    items = [item for item in sources.list_items(staff, keys, case, request) if str(item.id) in chosen]
    notices = build(staff, case, items, sources.report_facts(staff, keys, case), language, platform_key)
    for notice in notices:  # the survivor stays anonymous: no detected personal data in a draft
        redaction.redact_draft(notice, keys)
    return notices


def elements_present(text: str, notice: Notice) -> dict[str, bool]:
    """Which Art. 16(2) elements the English text carries; the tests and the page's checklist use it."""
    name, email = notifier(notice.organisation)
    return {
        "explanation": bool(notice.provisions)
        and all(c["text"] in text for c in notice.provisions)
        and notice.platform.policy_name in text,
        "urls": all(item["url"] in text for item in notice.items),
        "notifier": name in text and email in text,
        "good_faith": GOOD_FAITH_EN in text,
    }
