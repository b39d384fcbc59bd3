"""The audit log page for organisation administrators: their organisation's events, the
state of the whole hash chain, and a CSV export (itself recorded in the log)."""

import csv
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from glasna.accounts import step_up
from glasna.accounts.access import staff_required
from glasna.accounts.forms import AuditFilterForm
from glasna.accounts.models import Role
from glasna.core import audit, audit_checkpoint, audit_queries
from glasna.core.models import AuditEvent

PAGE_SIZE = 50
CSV_HEADER = ["time", "actor", "action", "target", "source", "entry_hash"]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    # A cell starting like a formula would run in a spreadsheet; actor names are typed by people.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv_lines(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    event: AuditEvent
    for event in events.iterator():
        cells = [event.at.isoformat(), event.actor, event.action, event.target, event.source, event.entry_hash]
        yield writer.writerow([_cell(cell) for cell in cells])


def _export(request: HttpRequest, events: Any, filters: dict[str, Any]) -> StreamingHttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    described = ",".join(f"{name}={value}" for name, value in filters.items() if value)
    audit.record(
        "audit.exported",
        actor=staff.user.get_username(),
        organisation_id=staff.organisation_id,
        target=f"audit:{described}" if described else "audit:all",
        request=request,
    )
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{staff.organisation.slug}.csv"'
    return response


@require_GET
@staff_required
def audit_view(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    if staff.role != Role.ORG_ADMIN:
        raise Http404
    actors, actions = audit_queries.actors_and_actions(staff.organisation_id)
    query = request.GET.copy()
    wants_csv = query.pop("format", [""])[-1] == "csv"
    page_number = query.pop("page", ["1"])[-1]
    form = AuditFilterForm(query, actors=actors, actions=actions)
    chain = audit_checkpoint.verify_recent()
    integrity = {"problems": chain.problems, "full_check_at": chain.full_check_at}
    if not form.is_valid():
        return render(request, "accounts/audit.html", {"form": form, **integrity}, status=400)
    filters = {name: form.cleaned_data.get(name) or None for name in ("actor", "action", "since", "until")}
    events = audit_queries.events_for_organisation(staff.organisation_id, **filters)
    if wants_csv:
        if not step_up.is_fresh(request):  # an export, like the others: a fresh code first (issue 15)
            return redirect(f"{reverse('accounts:step_up')}?{urlencode({'next': request.get_full_path()})}")
        return _export(request, events, filters)
    page = Paginator(events, PAGE_SIZE).get_page(page_number)
    return render(
        request,
        "accounts/audit.html",
        {"form": form, "page": page, "query": query.urlencode(), **integrity},
    )
