"""The re-upload watch: is removed content back at its address?

One HEAD (GET where HEAD is refused) per URL: short timeout, no cookies, an honest User-Agent,
redirects followed only on the same host and only a few times. Off unless GLASNA_REUPLOAD_WATCH
is set: fetching abusers' pages from the organisation's server is a choice to make knowingly."""

import datetime as dt
import http.client

from django.conf import settings

from glasna.core import outbound
from glasna.takedown import clock, tracking
from glasna.takedown.models import Campaign, Notice, NoticeStatus

PRESENT, GONE, UNKNOWN = "present", "gone", "unknown"
USER_AGENT = "Glasna-reupload-watch/1 (checks that notified content stays removed)"


def check_url(url: str, timeout: float | None = None, max_redirects: int | None = None) -> str:
    timeout = timeout or float(getattr(settings, "GLASNA_REUPLOAD_TIMEOUT", 5))
    redirects = (
        max_redirects if max_redirects is not None else int(getattr(settings, "GLASNA_REUPLOAD_MAX_REDIRECTS", 3))
    )
    # Survivors' links go out only through core.outbound: public addresses only, checked on
    # every hop (no request forgery towards the server's own network).
    status = _ask(url, "HEAD", timeout, redirects)
    if status == 405:
        status = _ask(url, "GET", timeout, redirects)
    if status in (404, 410, 451):
        return GONE
    if status is not None and 200 <= status < 300:
        return PRESENT
    return UNKNOWN  # refused, unreachable, an error, or moved to another host (not ours to follow)


def _ask(url: str, method: str, timeout: float, redirects: int) -> int | None:
    try:
        response = outbound.request(
            url,
            method,
            headers={"User-Agent": USER_AGENT},  # and no Cookie: nothing is ever kept between requests
            timeout=timeout,
            max_redirects=redirects,
            same_host=True,
        )
    except (outbound.Refused, OSError, http.client.HTTPException, ValueError):
        return None
    return response.status


def run(force: bool = False) -> dict[str, int]:
    """Check removed notices and open campaigns; reopen what is back, close campaigns whose target is gone."""
    result = {"checked": 0, "reappeared": 0, "campaigns_closed": 0}
    if not (force or getattr(settings, "GLASNA_REUPLOAD_WATCH", False)):
        return result
    now = clock.now()
    interval = dt.timedelta(hours=int(getattr(settings, "GLASNA_REUPLOAD_INTERVAL_HOURS", 24)))
    due = Notice.objects.filter(status__in=[NoticeStatus.REMOVED, NoticeStatus.PARTIALLY_REMOVED], watch=True).exclude(
        last_checked_at__gt=now - interval
    )
    for notice in due:
        back = [item["url"] for item in notice.items if check_url(item["url"]) == PRESENT]
        Notice.objects.filter(pk=notice.pk).update(last_checked_at=now)
        result["checked"] += 1
        if back and tracking.reopen_reappeared(notice.pk, "reupload-watch", "back online: " + " ".join(back)[:900]):
            result["reappeared"] += 1
    for campaign in Campaign.objects.filter(is_open=True).exclude(last_checked_at__gt=now - interval):
        state = check_url(campaign.target_url)
        Campaign.objects.filter(pk=campaign.pk).update(last_checked_at=now)
        if state == GONE:
            from glasna.takedown import campaigns

            campaigns.close(campaign.pk, "reupload-watch", "target is gone (HTTP 404/410)")
            result["campaigns_closed"] += 1
    return result
