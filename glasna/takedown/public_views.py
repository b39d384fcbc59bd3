"""The public campaign page: no login, no cookie, no JavaScript; counts anonymous clicks only."""

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from glasna.core import ratelimit
from glasna.networks import campaign_lineage
from glasna.takedown import campaigns
from glasna.takedown.models import Campaign


@csrf_exempt  # a click carries nothing to forge: no session, no identity, rate-limited, counter only
@require_http_methods(["GET", "POST"])
def campaign_page(request: HttpRequest, token: UUID) -> HttpResponse:
    campaign = Campaign.objects.select_related("platform").filter(token=token).first()
    if campaign is None:
        raise Http404
    if request.method == "POST":
        try:
            campaigns.count_click(campaign, ratelimit.client_address(request.META))
        except campaigns.CampaignClosed:
            pass
        return redirect(f"{request.path}?thanks=1")
    language = translation.get_language() or "en"
    text = campaign.messages.get(language) or campaign.messages.get("en") or next(iter(campaign.messages.values()), "")
    return render(
        request,
        "takedown/campaign_public.html",
        {
            "campaign": campaign,
            "text": text,
            "all_texts": campaign.messages,
            "mailto": campaigns.mailto(campaign, language),
            "forms": [a for a in campaign.addresses if a.startswith("http")],
            "emails": [a for a in campaign.addresses if "@" in a and not a.startswith("http")],
            "thanks": request.GET.get("thanks") == "1",
            "successors": campaign_lineage.public_successors(campaign),
        },
    )
