"""The survivor portal's pages. Thin: parse, call intake.services, render."""

import logging
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from glasna.cases import referrals
from glasna.core import blobs, ratelimit
from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.server_keys import Expired, open_token, seal_token
from glasna.core.extensions import render_portal_sections
from glasna.core.uploads import CheckedFile, UploadRejected, check_upload
from glasna.intake import flood, receipts, services, visit
from glasna.intake import taxonomy as t
from glasna.intake.forms import STEPS, ReceiptForm, ReplyForm
from glasna.intake.helplines import helpline

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/home.html")


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/safety.html")


def _render_step(
    request: HttpRequest,
    index: int,
    state: dict[str, Any],
    form: forms.Form | None = None,
    error: str = "",
    challenge: str = "",
    status: int = 200,
) -> HttpResponse:
    form_class = STEPS[index]
    if form is None:
        form = form_class(initial=state["answers"])
    answers = state["answers"]
    context = {
        "form": form,
        "step": index,
        "step_number": index + 1,
        "step_count": len(STEPS),
        "state": seal_token("wizard", state),
        "is_last": index == len(STEPS) - 1,
        "error": error,
        "child": answers.get("age_band") == t.CHILD,
        "child_helpline": helpline(answers.get("country", ""), "child_helpline"),
        "summary": _summary(answers) if index == len(STEPS) - 1 else [],
        "keep_answers_form": "wizard",
    }
    if index == len(STEPS) - 1:
        if challenge:  # sent too early without JavaScript: the same challenge, its wait running on
            context["challenge"], context["challenge_bits"] = challenge, request.POST.get("challenge_bits", "")
        else:
            issued = flood.issue(request, state["nonce"])
            context["challenge"], context["challenge_bits"] = issued.token, issued.bits
    return render(request, "intake/wizard.html", context, status=status)


def _summary(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """The answers as (question, answer) lines for the review before sending."""
    rows = []
    for form_class in STEPS[:-1]:
        for name, field in form_class.base_fields.items():
            value = answers.get(name)
            if not value:
                continue
            rows.append((str(field.label), t.display(name, value)))
    return rows


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """The wizard. With the database down (restarting, unreachable) every step says "not saved"
    with a 503 and no receipt; the receipt page is only ever shown for a committed report, its
    blobs included."""
    try:
        return _wizard(request)
    except DatabaseError:
        logger.warning("report wizard: the database is unavailable")
        return render(request, "intake/not_saved.html", status=503)


def _wizard(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render_step(request, 0, {"nonce": secrets.token_urlsafe(16), "answers": {}})
    try:
        state = open_token("wizard", request.POST.get("state", ""), settings.GLASNA_WIZARD_SECONDS)
    except Expired:
        return render(request, "intake/wizard_expired.html", {"expired": True}, status=400)
    except (DecryptionError, ValueError, KeyError):
        return render(request, "intake/wizard_expired.html", {"expired": False}, status=400)
    try:
        index = min(max(int(request.POST.get("step", "0")), 0), len(STEPS) - 1)
    except ValueError:
        index = 0
    form = STEPS[index](request.POST, request.FILES)
    going_back = "back" in request.POST
    if "stay" in request.POST:  # the language switcher: same step, new language, answers kept
        if form.is_valid():
            state["answers"].update({k: v for k, v in form.cleaned_data.items() if k != "files"})
        return _render_step(request, index, state)
    if not form.is_valid():
        if going_back:
            return _render_step(request, index - 1 if index else 0, state)
        return _render_step(request, index, state, form)
    answers = {k: v for k, v in form.cleaned_data.items() if k != "files"}
    state["answers"].update(answers)
    if going_back:
        return _render_step(request, max(index - 1, 0), state)
    if index < len(STEPS) - 1:
        return _render_step(request, index + 1, state)
    return _submit(request, state, form)


def _check_files(form: forms.Form, uploads: list[Any]) -> list[CheckedFile] | None:
    checked = []
    for upload in uploads:
        try:
            checked.append(check_upload(upload))
        except UploadRejected as exc:
            form.add_error("files", f"{upload.name}: {exc}")
    return None if form.errors else checked


def _submit(request: HttpRequest, state: dict[str, Any], form: forms.Form) -> HttpResponse:
    last = len(STEPS) - 1
    try:
        challenge = flood.check(request, state["nonce"])
    except flood.TooEarly as early:
        message = _(
            "For everyone's safety, a report sent without JavaScript waits a short time before it can be "
            "sent. Your answers are kept: press “Send my report” again when the wait is over (if you chose "
            "files, choose them again). Seconds left: %(seconds)s"
        ) % {"seconds": early.seconds_left}
        return _render_step(request, last, state, error=message, challenge=request.POST["challenge"], status=429)
    except flood.ChallengeRefused as refused:
        return _render_step(request, last, state, error=_refusal(refused), status=400)
    checked = _check_files(form, form.cleaned_data.get("files", []))
    if checked is None:  # a refused file: a 400 with the reason, every answer still in the state
        return _render_step(request, last, state, form, status=400)
    answers = dict(state["answers"], language=request.LANGUAGE_CODE)
    try:
        flood.redeem(challenge, request)
    except flood.Replayed as replayed:
        return _render_step(request, last, state, error=_refusal(replayed), status=400)
    try:
        submitted = services.submit_report(answers, checked, state["nonce"])
    except services.AlreadySubmitted:
        return render(request, "intake/already_submitted.html", status=409)
    except blobs.StoreUnavailable:
        message = _(
            "Your report was not saved: the place where files are kept is not answering right now. Nothing "
            "was stored and no receipt was made. Your answers are kept: please press “Send my report” again "
            "in a few minutes (if you chose files, choose them again)."
        )
        return _render_step(request, last, state, error=message, status=503)
    if challenge["level"]:
        services.record_flood(submitted.organisation, int(challenge["level"]))
    return render(
        request,
        "intake/receipt.html",
        {
            "receipt": receipts.formatted(submitted.receipt),
            "organisation": submitted.organisation,
            "child": submitted.is_child,
            "child_helpline": helpline(answers.get("country", ""), "child_helpline"),
        },
    )


def _refusal(refused: flood.ChallengeRefused) -> str:
    if isinstance(refused, flood.Replayed):
        return _(
            "This form was already sent once, so it cannot be sent again as it was. Your answers are "
            "kept: press “Send my report” again (if you chose files, choose them again)."
        )
    return _(
        "We could not check this form. Your answers are kept: press “Send my report” again (if you "
        "chose files, choose them again)."
    )


@require_http_methods(["GET", "POST"])
def return_visit(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            "receipt", ratelimit.client_address(request.META), settings.GLASNA_RECEIPT_ATTEMPTS_PER_HOUR
        ):
            form.add_error(None, _("Too many attempts. For your safety, please wait an hour and try again."))
            return render(request, "intake/return.html", {"form": form}, status=429)
        try:
            access = services.open_with_receipt(form.cleaned_data["receipt"])
        except receipts.MalformedReceipt:
            form.add_error("receipt", _("A receipt has 16 digits. Please check that you typed every digit correctly."))
        except services.ReceiptNotFound:
            form.add_error("receipt", _("We could not open a report with this receipt. Please check it and try again."))
        else:
            response = redirect("intake:my_report")
            visit.start(response, access)
            return response
    return render(request, "intake/return.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def my_report(request: HttpRequest) -> HttpResponse:
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    form = ReplyForm(request.POST or None, request.FILES or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        checked = _check_files(form, form.cleaned_data["files"])
        if checked is not None:
            if not form.cleaned_data["text"] and not checked:
                form.add_error("text", _("Please write a message or choose a file."))
            else:
                try:
                    services.survivor_reply(access, form.cleaned_data["text"], checked)
                except services.ReceiptNotFound:
                    return _visit_over(request)
                form, sent = ReplyForm(), True
    try:
        view = services.survivor_view(access)
    except services.ReceiptNotFound:
        return _visit_over(request)
    view.update({"form": form, "sent": sent, "consents": referrals.pending_consents(access.report_id, access.data_key)})
    view["sections"] = render_portal_sections(request, access, view)
    return render(request, "intake/my_report.html", view, status=400 if form.errors else 200)


def _visit_over(request: HttpRequest) -> HttpResponse:
    response = render(request, "intake/visit_over.html", status=404)
    visit.end(response)
    return response


@require_POST
def consent(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The survivor's answer to a referral: only her yes builds what the other organisation sees."""
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    try:
        referrals.answer_consent(access.report_id, access.data_key, referral_id, request.POST.get("answer") == "yes")
    except referrals.ReferralNotFound:
        pass  # already answered (a double click) or not hers: the page shows the current state
    return redirect("intake:my_report")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    response = redirect("intake:home")
    visit.end(response)
    return response


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.withdraw(access)
        except services.ReceiptNotFound:
            return _visit_over(request)
        response = render(request, "intake/withdrawn.html")
        visit.end(response)
        return response
    return render(request, "intake/withdraw.html")
