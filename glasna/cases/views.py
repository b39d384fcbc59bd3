"""The staff work queues and the case page. Thin: parse, call services, render."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from glasna.accounts.access import staff_required
from glasna.cases import plan_views, referral_views, referrals, services
from glasna.cases.forms import AssignForm, NoteForm, RiskForm, StaffReplyForm, StatusForm
from glasna.cases.models import URGENT_THRESHOLD, CaseStatus, RiskFlag
from glasna.core.extensions import render_case_panels
from glasna.intake import staff_access
from glasna.intake import taxonomy as t

QUEUES: dict[str, tuple[Any, Callable[..., Any]]] = {
    "triage": (gettext_lazy("Waiting for triage"), services.triage_queue),
    "mine": (gettext_lazy("My cases"), services.my_cases),
    "urgent": (gettext_lazy("Urgent"), services.urgent_cases),
    "waiting": (gettext_lazy("Survivor waiting for an answer"), services.waiting_on_us),
    "others": (gettext_lazy("Waiting on someone else"), referrals.waiting_on_others),
    "all": (gettext_lazy("All cases"), services.all_cases),
}


PAGE_SIZE = 50


def _no_key(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/no_key.html", status=403)


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    queue = request.GET.get("queue", "triage")
    if queue not in QUEUES:
        queue = "triage"
    cases = QUEUES[queue][1](request.staff).select_related("report")  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if request.GET.get("urgent") == "1":
        cases = cases.filter(urgency__gte=URGENT_THRESHOLD)
    query = request.GET.get("q", "").strip().lstrip("#")
    if query:  # only what is stored in clear: the case number and who it is assigned to
        match = Q(assigned_to__user__username__icontains=query)
        cases = cases.filter(match | Q(pk=int(query)) if query.isdigit() else match)
    # One page at a time: each line decrypts its report, so a queue is never read whole.
    # The page's ids first (the offset walks only the queue's index), then those cases with their
    # reports: joining reports before the offset would read every skipped case's report.
    page = Paginator(cases.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    by_id = cases.in_bulk(list(page.object_list))
    shown = [by_id[pk] for pk in page.object_list if by_id[pk].report_id]
    rows = staff_access.rows(request.staff, request.org_keys, shown)  # type: ignore[attr-defined]
    forms_labels, countries = dict(t.FORMS), dict(t.COUNTRIES)
    for row in rows:
        row["forms_display"] = [str(forms_labels.get(code, code)) for code in row["forms"]]
        row["country_display"] = str(countries.get(row["country"], "")) if row["country"] else ""
        row["risk_display"] = [str(RiskFlag(flag).label) for flag in row["case"].risk_flags]
    tabs = [{"key": key, "label": label, "current": key == queue} for key, (label, _fn) in QUEUES.items()]
    filters = {"queue": queue, "status": status, "urgent": request.GET.get("urgent") == "1", "q": query}
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "cases/inbox.html",
        {
            "rows": rows,
            "tabs": tabs,
            "queue_label": QUEUES[queue][0],
            "filters": filters,
            "statuses": CaseStatus.choices,
            "page": page,
            "query": kept.urlencode(),
        },
    )


def _shown(answers: dict[str, Any]) -> dict[str, str]:
    return {name: t.display(name, answers.get(name)) for name in t.ANSWER_CHOICES}


def _act(request: HttpRequest, report_id: UUID, case_id: int) -> forms.Form | None:
    """Apply the posted action; return the form with errors, or None when done."""
    staff, keys, action = request.staff, request.org_keys, request.POST.get("action")  # type: ignore[attr-defined]
    form: forms.Form
    if action == "reply":
        form = StaffReplyForm(request.POST)
        if form.is_valid():
            staff_access.reply(staff, keys, report_id, form.cleaned_data["text"], request)
            return None
    elif action == "note":
        form = NoteForm(request.POST)
        if form.is_valid():
            services.add_note(staff, keys, case_id, form.cleaned_data["note"], request)
            return None
    elif action == "risk":
        form = RiskForm(request.POST)
        if form.is_valid():
            services.assess_risk(staff, case_id, form.cleaned_data["version"], form.cleaned_data["flags"], request)
            return None
    elif action == "status":
        form = StatusForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.change_status(staff, case_id, data["version"], data["status"], data["outcome"], request)
            return None
    elif action == "assign":
        form = AssignForm(request.POST, organisation_id=staff.organisation_id)
        if form.is_valid():
            services.assign(staff, case_id, form.cleaned_data["version"], form.cleaned_data["assignee"], request)
            return None
    else:
        raise Http404
    return form


@require_http_methods(["GET", "POST"])
@staff_required
def report_detail(request: HttpRequest, report_id: UUID) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    staff, keys = request.staff, request.org_keys  # type: ignore[attr-defined]
    failed: forms.Form | None = None
    try:
        if request.method == "POST":
            case_id = staff_access.case_id_of(staff, report_id)
            try:
                failed = _act(request, report_id, case_id)
            except services.StaleCase:
                messages.error(
                    request,
                    _(
                        "Someone changed this case while you were looking at it. Nothing was overwritten: check the case and try again."
                    ),
                )
            except services.NotAllowed:
                messages.error(request, _("That change is not allowed for your role or from this status."))
            if failed is None:
                return redirect("cases:report", report_id=report_id)
        view = staff_access.open_report(staff, keys, report_id, request)
        case = view["report"].case
        note_list = services.notes(staff, keys, case)
    except (staff_access.ReportNotFound, services.CaseNotFound) as exc:
        raise Http404 from exc
    version = {"version": case.version}
    action = request.POST.get("action") if failed is not None else None
    view.update(
        {
            "case": case,
            "shown": _shown(view["answers"]),
            "is_child": view["answers"].get("age_band") == t.CHILD,
            "form": failed if action == "reply" else StaffReplyForm(),
            "note_form": failed if action == "note" else NoteForm(),
            "risk_form": failed if action == "risk" else RiskForm(initial={**version, "flags": case.risk_flags}),
            "status_form": failed
            if action == "status"
            else StatusForm(initial={**version, "status": case.status, "outcome": case.outcome}),
            "assign_form": failed
            if action == "assign"
            else AssignForm(
                initial={**version, "assignee": case.assigned_to_id}, organisation_id=staff.organisation_id
            ),
            "notes": note_list,
            "events": case.events.all(),
        }
    )
    view.update(plan_views.context(staff, keys, case))
    view.update(referral_views.context(staff, keys, case))
    view["panels"] = render_case_panels(request, staff, keys, case)
    return render(request, "cases/report.html", view, status=400 if failed is not None else 200)


@require_GET
@staff_required
def attachment(request: HttpRequest, report_id: UUID, attachment_id: UUID) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    try:
        meta, content = staff_access.attachment(request.staff, request.org_keys, report_id, attachment_id, request)  # type: ignore[attr-defined]
    except staff_access.ReportNotFound as exc:
        raise Http404 from exc
    response = HttpResponse(content, content_type=meta["type"])
    # Always a download: the case page never shows a file in clear. Its image previews are made on
    # the server, blurred when likely explicit, and revealed one by one (glasna/triage/images.py).
    response["Content-Disposition"] = f'attachment; filename="{meta["sha256"][:16]}.{meta["name"].rsplit(".", 1)[-1]}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
