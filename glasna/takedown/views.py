"""Staff pages of the takedown room. Thin: parse, call the services, render or redirect."""

import csv
import io
import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import Role, StaffMember
from glasna.cases import permissions
from glasna.cases import services as case_services
from glasna.networks import campaign_lineage, registry
from glasna.takedown import campaign_check, campaigns, delivery, directory, escalation, notice_builder, stats, tracking
from glasna.takedown.addresses import BadURL
from glasna.takedown.forms import CampaignForm, EscalateForm, PlatformForm, ReplyForm, StatementForm
from glasna.takedown.models import Campaign, Notice, NoticeStatus, Platform, StatementOfReasons

DUE_STATUSES = [
    NoticeStatus.SENT,
    NoticeStatus.ACKNOWLEDGED,
    NoticeStatus.NO_RESPONSE,
    NoticeStatus.REAPPEARED,
    NoticeStatus.DELIVERY_FAILED,
    NoticeStatus.REFUSED,
]


def _staff(request: HttpRequest) -> StaffMember:
    return request.staff  # type: ignore[attr-defined,no-any-return]  # set by staff_required


def _keys(request: HttpRequest) -> OrganisationKeys | None:
    return request.org_keys  # type: ignore[attr-defined,no-any-return]  # set by staff_required


def _int(value: str | None) -> int:
    """A posted id; anything else matches nothing (a 404), never a crash."""
    return int(value) if value and value.isdigit() else 0


def _no_key(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/no_key.html", status=403)


def _notice(request: HttpRequest, notice_id: int) -> Notice:
    notice = (
        Notice.objects.select_related("platform", "case", "organisation")
        .filter(pk=notice_id, case__in=permissions.visible_cases(_staff(request)))
        .first()
    )
    if notice is None:
        raise Http404
    return notice


@require_POST
@staff_required
def build(request: HttpRequest, case_id: int) -> HttpResponse:
    keys = _keys(request)
    if keys is None:
        return _no_key(request)
    try:
        case = case_services.get_case(_staff(request), case_id)
    except case_services.CaseNotFound as exc:
        raise Http404 from exc
    language = request.POST.get("language", "")
    language = language if language in dict(settings.LANGUAGES) else "en"
    try:
        notices = notice_builder.build_for_case(
            _staff(request), keys, case, request.POST.getlist("items"), language, request
        )
    except notice_builder.NothingToSend:
        messages.error(request, _("Choose at least one item with a web address."))
        return redirect("cases:report", report_id=case.report_id) if case.report_id else redirect("takedown:due")
    messages.success(request, _("%(n)d notice(s) drafted: check each and send it.") % {"n": len(notices)})
    return redirect("takedown:notice", notice_id=notices[0].pk)


@require_http_methods(["GET", "POST"])
@staff_required
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = _notice(request, notice_id)
    staff = _staff(request)
    forms_: dict[str, forms.Form] = {
        "reply_form": ReplyForm(),
        "statement_form": StatementForm(initial={"source_type": "SOURCE_ARTICLE_16"}),
        "escalate_form": EscalateForm(),
    }
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            failed = _act(request, notice, action or "", forms_)
        except (tracking.NotAllowed, delivery.CannotSend) as exc:
            messages.error(request, str(exc))
            failed = True
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        if not failed:
            return redirect("takedown:notice", notice_id=notice.pk)
        status = 400
        notice.refresh_from_db()
    statement = StatementOfReasons.objects.filter(notice=notice).first()
    english_checks = notice_builder.elements_present(notice.body_en, notice)
    return render(
        request,
        "takedown/notice.html",
        {
            "notice": notice,
            "checks": english_checks,
            "events": notice.events.all(),
            "deliveries": notice.deliveries.order_by("created_at"),
            "statement": statement,
            "escalations": notice.escalations.all(),
            "routes": escalation.options(notice),
            "route_help": escalation.ROUTE_HELP,
            "deadline": escalation.complaint_deadline(notice),
            "channels": notice.platform.channels,
            "staff": staff,
            **forms_,
        },
        status=status,
    )


def _act(request: HttpRequest, notice: Notice, action: str, forms_: dict[str, Any]) -> bool:
    """Apply one posted action. True when it failed (the page is shown again with the errors)."""
    staff = _staff(request)
    form: forms.Form
    if action == "send":
        from glasna.triage import notices as redaction

        if not redaction.checked(notice):
            raise delivery.CannotSend(_("Check the personal data this notice gives away before sending it."))
        delivery.queue(staff, notice.pk, request.POST.get("recipient", "").strip() or None, request)
        messages.success(request, _("The notice is queued for sending."))
    elif action == "submitted":
        tracking.record_submitted(staff, notice.pk, request.POST.get("reference", ""), request)
    elif action == "reply":
        form = ReplyForm(request.POST)
        forms_["reply_form"] = form
        if not form.is_valid():
            return True
        tracking.record_reply(
            staff,
            notice.pk,
            form.cleaned_data["status"],
            form.cleaned_data["reply"],
            form.cleaned_data["reference"],
            request,
        )
    elif action == "statement":
        form = StatementForm(request.POST)
        forms_["statement_form"] = form
        if not form.is_valid():
            return True
        fields = {k: v for k, v in form.cleaned_data.items() if v not in (None,)}
        StatementOfReasons.objects.update_or_create(notice=notice, defaults=fields)
        tracking.note(notice, staff.user.get_username(), "statement_of_reasons")
    elif action == "escalate":
        form = EscalateForm(request.POST)
        forms_["escalate_form"] = form
        if not form.is_valid():
            return True
        escalation.draft(staff, notice.pk, form.cleaned_data["route"], request)
    elif action == "file":
        escalation.file(staff, _int(request.POST.get("escalation")), request)
    elif action == "outcome":
        escalation.record_outcome(staff, _int(request.POST.get("escalation")), request.POST.get("outcome", ""), request)
    elif action == "bounce":
        delivery.record_bounce(staff, notice.pk, request.POST.get("reason", "")[:200], request)
    else:
        raise Http404
    return False


@require_GET
@staff_required
def due(request: HttpRequest) -> HttpResponse:
    """The caseworker's work queue for notices: clocks that fired, content back, sends that failed."""
    notices = (
        Notice.objects.filter(case__in=permissions.visible_cases(_staff(request)), status__in=DUE_STATUSES)
        .select_related("platform", "case")
        .order_by("escalation_due_at")
    )
    rows = [
        n
        for n in notices
        if n.reminder_fired_at
        or n.escalation_fired_at
        or n.status in (NoticeStatus.REAPPEARED, NoticeStatus.DELIVERY_FAILED, NoticeStatus.REFUSED)
    ]
    return render(request, "takedown/due.html", {"rows": rows})


@require_GET
@staff_required
def figures(request: HttpRequest) -> HttpResponse:
    scope = request.GET.get("scope", "organisation")
    organisation = None if scope == "all" else _staff(request).organisation
    data = stats.platform_figures(organisation)
    fmt = request.GET.get("format", "")
    if fmt == "json":
        return JsonResponse(data)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=stats.FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(data["platforms"] + data["platform_country"])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="platform-figures.csv"'
        return response
    return render(request, "takedown/figures.html", {**data, "scope": scope})


@require_GET
@staff_required
def platforms(request: HttpRequest) -> HttpResponse:
    directory.ensure_loaded()
    return render(
        request,
        "takedown/platforms.html",
        {"platforms": Platform.objects.all(), "can_edit": _staff(request).role == Role.PLATFORM_ADMIN},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def platform_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Correcting the directory between releases is for the operator's platform administrators."""
    if _staff(request).role != Role.PLATFORM_ADMIN:
        raise Http404
    platform = Platform.objects.filter(key=key).first()
    if platform is None:
        raise Http404
    form = PlatformForm(request.POST or None, instance=platform)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        edited.edited_by = request.user.get_username()
        edited.save()
        return redirect("takedown:platforms")
    return render(
        request, "takedown/platform_edit.html", {"form": form, "platform": platform}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    directory.ensure_loaded()
    staff = _staff(request)
    form = CampaignForm(request.POST or None)
    findings: list[campaign_check.Finding] = []
    if request.method == "POST":
        if request.POST.get("action") == "close":
            campaign = Campaign.objects.filter(
                pk=_int(request.POST.get("campaign")), organisation_id=staff.organisation_id
            ).first()
            if campaign is None:
                raise Http404
            campaigns.close(campaign.pk, staff.user.get_username(), _("closed by the caseworker: the group is down"))
            return redirect("takedown:campaigns")
        keys = _keys(request)
        if keys is None:  # the names her cases hold cannot be checked without the organisation key
            return _no_key(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                campaigns.open_campaign(
                    staff,
                    data["platform"].key,
                    data["title"],
                    data["target_url"],
                    {"en": data["message_en"], data["local_language"]: data["message_local"]},
                    [line.strip() for line in data["addresses"].splitlines() if line.strip()],
                    request,
                    keys=keys,
                    keep=frozenset(request.POST.getlist("keep")),
                )
                return redirect("takedown:campaigns")
            except campaigns.PersonalDataFound as exc:
                findings = exc.findings
                form.add_error(None, str(exc))
            except (BadURL, ValueError) as exc:
                form.add_error(None, str(exc))
    rows = list(Campaign.objects.filter(organisation_id=staff.organisation_id).select_related("platform"))
    for row in rows:  # a campaign follows its space's lineage (networks/campaign_lineage.py)
        row.lineage = campaign_lineage.lineage_of(row)  # type: ignore[attr-defined]
        row.lineage_notices = (  # type: ignore[attr-defined]
            campaign_lineage.notices_of(row, row.lineage) if staff.role in registry.ROLES else []  # type: ignore[attr-defined]
        )
    return render(
        request,
        "takedown/campaigns.html",
        {"form": form, "campaigns": rows, "findings": findings},
        status=400 if form.errors else 200,
    )


def figures_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
