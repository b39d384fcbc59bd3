"""Peer installations: the feed endpoint their signed requests read (no session, no cookie), the
operator console's page where peers are registered, removed and synced (networks/peers.py), and
the page where an organisation's administrator chooses what the feed carries about it
(networks/feed_choice.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import admin_required
from glasna.accounts.models import StaffMember
from glasna.accounts.operator_views import operator_required
from glasna.accounts.step_up import require_step_up
from glasna.networks import federation, feed_choice, peer_auth, peers
from glasna.networks.models import FeedShare, Peer
from glasna.networks.peer_forms import FeedChoiceForm, PeerForm

REQUEST_ERRORS = {
    "unsigned": _("The request is not signed (Date, X-Glasna-Key, X-Glasna-Nonce, X-Glasna-Signature)."),
    "bad_date": _("The request's Date header cannot be read."),
    "clock_skew": _("The request's date is more than five minutes from this server's clock."),
    "unknown_key": _("The key is not a registered peer's."),
    "bad_nonce": _("The nonce must be 32 to 64 lower-case hexadecimal digits."),
    "bad_signature": _("The request's signature does not verify."),
    "replay": _("This nonce was used already."),
}


@never_cache
@require_GET
def feed_json(request: HttpRequest) -> JsonResponse:
    """This installation's appearance feed, for a registered peer's signed request only."""
    try:
        peer = peers.authenticate(request.method or "GET", request.path, request.headers)
    except peer_auth.RequestRefused as refused:
        answer = {"error": refused.code, "message": str(REQUEST_ERRORS.get(refused.code, refused.code))}
        return JsonResponse(answer, status=refused.status)
    return JsonResponse(peers.publish(peer), json_dumps_params={"ensure_ascii": False})


def _actor(request: HttpRequest) -> str:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    return str(staff.user.get_username())


@require_http_methods(["GET", "POST"])
@operator_required
def peers_view(request: HttpRequest) -> HttpResponse:
    form = PeerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            peer = peers.register(
                data["name"], data["base_url"], data["public_key"], data["fingerprint"], _actor(request)
            )
        except peers.PeerError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, gettext("%(name)s is registered.") % {"name": peer.name})
            return redirect("networks:peers")
    rows = [(peer, _fingerprint(peer), *peers.error_message(peer)) for peer in Peer.objects.order_by("name")]
    context = {
        "form": form,
        "rows": rows,
        "installation": federation.installation_name(),
        "public_key": federation.public_key(),
        "fingerprint": peers.own_fingerprint(),
    }
    return render(request, "networks/peers.html", context, status=400 if form.errors else 200)


def _fingerprint(peer: Peer) -> str:
    try:
        return peers.key_fingerprint(peer.public_key)
    except peers.PeerError:  # checked at registration; a row written otherwise shows none
        return ""


@require_POST
@operator_required
def peer_sync_view(request: HttpRequest, peer_id: int) -> HttpResponse:
    result = peers.sync(get_object_or_404(Peer, pk=peer_id))
    if result.ok:
        messages.success(
            request,
            ngettext("%(count)d record received.", "%(count)d records received.", result.records)
            % {"count": result.records},
        )
    else:
        messages.error(request, str(peers.SYNC_ERRORS.get(result.code, result.code)))
    return redirect("networks:peers")


@require_POST
@operator_required
def peer_remove_view(request: HttpRequest, peer_id: int) -> HttpResponse:
    peer = get_object_or_404(Peer, pk=peer_id)
    peers.remove(peer, _actor(request))
    messages.success(request, gettext("%(name)s is no longer a peer.") % {"name": peer.name})
    return redirect("networks:peers")


@require_http_methods(["GET", "POST"])
@admin_required
def feed_choice_view(request: HttpRequest) -> HttpResponseBase:
    """The administrator's choice of what peer installations receive about her organisation. The
    page is hers alone; a change needs a fresh step-up, as other choices about what leaves do."""
    if request.method == "POST":
        return _change_feed_choice(request)
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    return _feed_choice_page(
        request, staff, FeedChoiceForm(initial={"share": feed_choice.share_of(staff.organisation_id)})
    )


@require_step_up
def _change_feed_choice(request: HttpRequest) -> HttpResponseBase:
    staff: StaffMember = request.staff  # type: ignore[attr-defined]
    form = FeedChoiceForm(request.POST)
    if not form.is_valid():
        return _feed_choice_page(request, staff, form, status=400)
    try:
        feed_choice.choose(staff, form.cleaned_data["share"], request)
    except feed_choice.FeedChoiceError as error:  # admin_required lets none else in; the service checks again
        form.add_error(None, str(error.message))
        return _feed_choice_page(request, staff, form, status=400)
    messages.success(request, gettext("Saved. Peer installations receive this from their next pull."))
    return redirect("networks:feed_choice")


def _feed_choice_page(
    request: HttpRequest, staff: StaffMember, form: FeedChoiceForm, status: int = 200
) -> HttpResponse:
    chosen = feed_choice.current(staff.organisation_id)
    context = {
        "form": form,
        "chosen": chosen,
        "share": FeedShare(chosen.share if chosen is not None else FeedShare.ALL),
        "peers": Peer.objects.count(),
    }
    return render(request, "networks/feed_choice.html", context, status=status)
