"""The staff inbox and report pages (minimal until full case management)."""

from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from glasna.accounts.access import staff_required
from glasna.cases.forms import StaffReplyForm
from glasna.intake import staff_access
from glasna.intake import taxonomy as t


def _no_key(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/no_key.html", status=403)


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    rows = staff_access.inbox(request.staff, request.org_keys)  # type: ignore[attr-defined]
    forms_labels = dict(t.FORMS)
    countries = dict(t.COUNTRIES)
    for row in rows:
        row["forms_display"] = [str(forms_labels.get(code, code)) for code in row["forms"]]
        row["country_display"] = str(countries.get(row["country"], "")) if row["country"] else ""
    return render(request, "cases/inbox.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@staff_required
def report_detail(request: HttpRequest, report_id: UUID) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    form = StaffReplyForm(request.POST or None)
    try:
        if request.method == "POST" and form.is_valid():
            staff_access.reply(request.staff, request.org_keys, report_id, form.cleaned_data["text"], request)  # type: ignore[attr-defined]
            return redirect("cases:report", report_id=report_id)
        view = staff_access.open_report(request.staff, request.org_keys, report_id, request)  # type: ignore[attr-defined]
    except staff_access.ReportNotFound as exc:
        raise Http404 from exc
    answers = view["answers"]
    labels: dict[str, list[tuple[str, Any]]] = {
        "forms": t.FORMS,
        "platforms": t.PLATFORMS,
        "help": t.HELP,
        "relationship": t.RELATIONSHIPS,
        "when": t.WHEN,
        "country": t.COUNTRIES,
        "age_band": t.AGE_BANDS,
        "gender": t.GENDERS,
        "contact_method": t.CONTACT_METHODS,
        "consent_stats": t.STATS_CONSENT,
        "consent_police": t.POLICE_CONSENT,
    }
    shown = {}
    for name, choices in labels.items():
        value = answers.get(name)
        values = value if isinstance(value, list) else ([value] if value else [])
        shown[name] = ", ".join(t.label(choices, v) for v in values)
    view.update({"form": form, "shown": shown, "is_child": answers.get("age_band") == t.CHILD})
    return render(request, "cases/report.html", view, status=400 if form.errors else 200)


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
    # Always a download, never rendered in the page: a file from outside is not trusted content.
    response["Content-Disposition"] = f'attachment; filename="{meta["sha256"][:16]}.{meta["name"].rsplit(".", 1)[-1]}"'
    return response
