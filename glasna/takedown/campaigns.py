"""Coordinated reporting campaigns against public abusive groups and channels.

Supporters copy a template or open it in their own mail client; Glasna counts anonymous "I
reported" clicks and nothing else — no name, no address, no IP (the rate limit hashes its key)."""

from urllib.parse import quote

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.core import audit, ratelimit
from glasna.takedown import campaign_check, clock, directory
from glasna.takedown.addresses import normalise
from glasna.takedown.models import Campaign, Platform

CLICKS_PER_DAY = 5  # per address and campaign, so one person cannot inflate the count


class CampaignClosed(ValueError):
    """The campaign is over; no more clicks are counted."""


class PersonalDataFound(ValueError):
    """The public texts hold what looks like personal data that she has not kept (campaign_check.py)."""

    def __init__(self, findings: list[campaign_check.Finding]) -> None:
        super().__init__(_("The title or a message looks like it holds personal data: change it before opening."))
        self.findings = findings


def open_campaign(
    staff: StaffMember,
    platform_key: str,
    title: str,
    target_url: str,
    messages: dict[str, str],
    addresses: list[str],
    request: HttpRequest | None = None,
    *,
    keys: OrganisationKeys | None,
    keep: frozenset[str] = frozenset(),
) -> Campaign:
    """Opens the public page. `keys` unlock the names the organisation's cases hold, which the texts
    must not carry (None checks the other kinds only); `keep` are findings she judged harmless."""
    directory.ensure_loaded()
    platform = Platform.objects.get(key=platform_key)
    target = normalise(target_url)  # raises BadURL with a translated message
    messages = {language: text for language, text in messages.items() if text.strip()}
    if not messages:
        raise ValueError(_("Write the template message in at least one language."))
    if not addresses:
        addresses = [c["address"] for c in platform.channels if c.get("address")]
    names = campaign_check.organisation_names(staff.organisation_id, keys) if keys is not None else []
    protected = [target_url.strip(), target.ascii, target.display, *addresses]
    findings = campaign_check.review(title[:200], messages, names, keep, protected)
    if campaign_check.blocking(findings):
        raise PersonalDataFound(findings)
    campaign = Campaign.objects.create(
        organisation_id=staff.organisation_id,
        platform=platform,
        title=title[:200],
        target_url=target.ascii,
        messages=messages,
        addresses=addresses,
        opened_by=staff,
        opened_at=clock.now(),
    )
    from glasna.networks import campaign_lineage  # networks reads takedown's notices: import here

    campaign_lineage.follow(campaign)
    audit.record(
        "takedown.campaign_opened",
        actor=staff.user.get_username(),
        target=f"campaign:{campaign.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return campaign


def close(campaign_id: int, actor: str, reason: str) -> None:
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.is_open:
            campaign.is_open, campaign.closed_at, campaign.closed_reason = False, clock.now(), reason[:200]
            campaign.save(update_fields=["is_open", "closed_at", "closed_reason"])
            audit.record(
                "takedown.campaign_closed",
                actor=actor,
                target=f"campaign:{campaign.pk}",
                organisation_id=campaign.organisation_id,
            )


def count_click(campaign: Campaign, client: str) -> bool:
    """One anonymous "I reported". False when rate-limited (the page says thanks either way)."""
    if not campaign.is_open:
        raise CampaignClosed(_("This campaign is closed: the group is down. Thank you."))
    if not ratelimit.allow(f"campaign:{campaign.token}", client, CLICKS_PER_DAY, 86400):
        return False
    Campaign.objects.filter(pk=campaign.pk, is_open=True).update(reported_count=F("reported_count") + 1)
    return True


def mailto(campaign: Campaign, language: str) -> str:
    """A mailto: link that opens the template in the supporter's own mail client."""
    emails = [a for a in campaign.addresses if "@" in a and not a.startswith("http")]
    body = campaign.messages.get(language) or next(iter(campaign.messages.values()), "")
    subject = f"Report: {campaign.target_url}"
    return f"mailto:{quote(','.join(emails), safe='@,')}?subject={quote(subject)}&body={quote(body + chr(10) + chr(10) + campaign.target_url)}"
