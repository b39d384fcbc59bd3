"""Evidence pages for staff (per case and per item) and for survivors (portal). Thin: parse, call, render."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import Organisation
from glasna.accounts.step_up import require_step_up
from glasna.core.uploads import UploadRejected
from glasna.evidence import bundle, capture_time, custody_log, log_overview, published_keys, remote_witness, services
from glasna.evidence.capture import method_label, platform_label
from glasna.evidence.forms import EvidenceForm, ExportForm, NoteForm
from glasna.evidence.labels import action_labels
from glasna.evidence.models import ItemKind
from glasna.intake import visit

_NOT_FOUND = (services.EvidenceNotFound, services.NoReport)


def _keys(request: HttpRequest) -> Any:
    keys = request.org_keys  # type: ignore[attr-defined]
    if keys is None:
        raise Http404
    return keys


def _add(form: EvidenceForm, add_file: Any, add_record: Any, default_captured_by: str = "") -> bool:
    """Validate the posted item and store it through the given service calls; False leaves errors on the form."""
    if not form.is_valid():
        return False
    data = form.cleaned_data
    capture = form.capture(default_captured_by)
    if data["kind"] == ItemKind.FILE:
        upload = data["file"]
        try:
            stream = services.check_file(upload, upload.name or "", upload.size or 0, upload.content_type or "")
        except UploadRejected as exc:
            form.add_error("file", f"{upload.name}: {exc}")
            return False
        add_file(stream, data["title"], capture)
    else:
        add_record(data["kind"], data["title"], capture, data.get("excerpt", ""))
    return True


def _item_choices(views: list[services.ItemView]) -> list[tuple[str, str]]:
    return [(str(view.item.pk), view.title or str(view.item.pk)) for view in views]


@require_http_methods(["GET", "POST"])
@staff_required
def case_evidence(request: HttpRequest, case_id: int) -> HttpResponse:
    staff, keys = request.staff, _keys(request)  # type: ignore[attr-defined]
    zone = capture_time.zone_for(staff.organisation)  # staff see only their organisation's cases
    form = EvidenceForm(request.POST or None, request.FILES or None, default_zone=zone)
    try:
        if request.method == "POST":
            added = _add(
                form,
                lambda stream, title, capture: services.add_file(staff, keys, case_id, stream, title, capture, request),
                lambda kind, title, capture, excerpt: services.add_record(
                    staff, keys, case_id, kind, title, capture, excerpt, request
                ),
            )
            if added:
                messages.success(request, _("The evidence was added to the vault."))
                return redirect("evidence:case", case_id=case_id)
        views = services.case_items(staff, keys, case_id, request)
        case = services._staff_case(staff, case_id)
        attachments = services.importable_attachments(staff, keys, case_id)
    except _NOT_FOUND as exc:
        raise Http404 from exc
    context = {
        "case": case,
        "items": views,
        "form": form,
        "attachments": attachments,
        "export_form": ExportForm(initial={"language": get_language()}, item_choices=_item_choices(views)),
    }
    return render(request, "evidence/case.html", context, status=400 if form.errors else 200)


@require_POST
@staff_required
def import_attachment(request: HttpRequest, case_id: int, attachment_id: UUID) -> HttpResponse:
    try:
        services.import_attachment(request.staff, _keys(request), case_id, attachment_id, request)  # type: ignore[attr-defined]
    except UploadRejected as exc:
        messages.error(request, str(exc))
    except _NOT_FOUND as exc:
        raise Http404 from exc
    return redirect("evidence:case", case_id=case_id)


@require_http_methods(["GET", "POST"])
@staff_required
def item_detail(request: HttpRequest, item_id: UUID) -> HttpResponse:
    staff, keys = request.staff, _keys(request)  # type: ignore[attr-defined]
    note_form = NoteForm(request.POST or None)
    try:
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "note" and note_form.is_valid():
                services.annotate(staff, keys, item_id, note_form.cleaned_data["note"], request)
                return redirect("evidence:item", item_id=item_id)
            if action == "blur":
                try:
                    derived = services.make_blurred(staff, keys, item_id, request)
                except services.NotAnImage:
                    messages.error(request, _("A blurred copy can only be made of an image."))
                    return redirect("evidence:item", item_id=item_id)
                messages.success(request, _("A blurred copy was made and recorded as derived from the original."))
                return redirect("evidence:item", item_id=derived.pk)
            if action != "note":
                raise Http404
        view = services.open_item(staff, keys, item_id, request)
        labels = action_labels()
        events = [
            {**event, "label": labels.get(event["action"], event["action"])}
            for event in services.history([view.item.pk])
        ]
    except _NOT_FOUND as exc:
        raise Http404 from exc
    capture = view.capture
    context = {
        "view": view,
        "record": view.record,
        "capture": capture,
        "platform": platform_label(capture.platform) if capture.platform else "",
        "method": method_label(capture.method) if capture.method else "",
        "events": events,
        "note_form": note_form if request.method == "POST" else NoteForm(),
        "is_image": view.record.get("content_type") in services.IMAGE_CONTENT_TYPES,
    }
    return render(request, "evidence/item.html", context, status=400 if note_form.errors else 200)


@require_GET
@staff_required
def item_original(request: HttpRequest, item_id: UUID) -> StreamingHttpResponse:
    try:
        view, chunks = services.original(request.staff, _keys(request), item_id, request)  # type: ignore[attr-defined]
    except _NOT_FOUND as exc:
        raise Http404 from exc
    response = StreamingHttpResponse(chunks, content_type="application/octet-stream")
    ext = str(view.record.get("file_name", "")).rsplit(".", 1)[-1][:8] or "bin"
    response["Content-Disposition"] = f'attachment; filename="{view.record.get("sha256", "")[:16]}.{ext}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Length"] = str(view.record.get("size", ""))
    return response


@require_POST
@staff_required
@require_step_up  # an export carries the case's evidence out of Glasna: a fresh code first (issue 15)
def export(request: HttpRequest, case_id: int) -> HttpResponseBase:
    staff, keys = request.staff, _keys(request)  # type: ignore[attr-defined]
    try:
        views = services.case_items(staff, keys, case_id, request)
    except _NOT_FOUND as exc:
        raise Http404 from exc
    form = ExportForm(request.POST, item_choices=_item_choices(views))
    if not form.is_valid():
        messages.error(request, _("Please choose the language of the report and the items to export."))
        return redirect("evidence:case", case_id=case_id)
    chosen = [UUID(value) for value in form.cleaned_data["items"]] or None
    try:
        archive = bundle.export(
            staff,
            keys,
            case_id,
            chosen,
            form.cleaned_data["language"],
            request,
            time_stamp=not form.cleaned_data.get("without_time_stamp"),
        )
    except bundle.NothingToExport:
        messages.error(request, _("There is no evidence to export yet."))
        return redirect("evidence:case", case_id=case_id)
    except bundle.TimeStampUnavailable:
        messages.error(
            request,
            _(
                "The time-stamping authority did not answer within %(seconds)s seconds, so nothing was exported. "
                "Try again in a few minutes, or choose “Export without a time-stamp”: the events of that export "
                "will then have no independent time."
            )
            % {"seconds": settings.GLASNA_TSA_EXPORT_TIMEOUT},
        )
        return redirect("evidence:case", case_id=case_id)
    except _NOT_FOUND as exc:
        raise Http404 from exc
    return FileResponse(
        archive, as_attachment=True, filename=f"glasna-evidence-case-{case_id}.zip", content_type="application/zip"
    )


# --- survivors ----------------------------------------------------------------------------------------------


def guidance(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/guidance.html")


@require_http_methods(["GET", "POST"])
def portal_add(request: HttpRequest) -> HttpResponse:
    access = visit.current(request)
    if access is None:
        return redirect("intake:return")
    zone = capture_time.zone_for(Organisation.objects.filter(reports__pk=access.report_id).first())
    form = EvidenceForm(request.POST or None, request.FILES or None, default_zone=zone)
    if request.method == "POST":
        try:
            added = _add(
                form,
                lambda stream, title, capture: services.survivor_add(
                    access.report_id, access.data_key, ItemKind.FILE, title, capture, stream=stream
                ),
                lambda kind, title, capture, excerpt: services.survivor_add(
                    access.report_id, access.data_key, kind, title, capture, excerpt
                ),
                default_captured_by=_("me (the survivor)"),
            )
        except services.NoReport:
            return render(request, "intake/visit_over.html", status=404)
        if added:
            return render(request, "evidence/portal_added.html")
    return render(request, "evidence/portal_add.html", {"form": form}, status=400 if form.errors else 200)


# --- the published custody log keys (public: no login, no cookie) --------------------------------------------


@require_GET
def log_keys(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evidence/log_keys.html",
        {
            "keys": published_keys.key_history(),
            "organisations": published_keys.organisations(),
            "witnesses": published_keys.witnesses(),
            "json_url": reverse("evidence_log_keys_json"),
        },
    )


@require_GET
def tree_heads_json(request: HttpRequest) -> JsonResponse:
    """The log's newest signed heads, public (no login, no cookie); ?from=SIZE adds a consistency proof."""
    raw = request.GET.get("from")
    try:
        document = custody_log.published_heads(int(raw) if raw is not None else None)
    except (ValueError, custody_log.BadSize):
        return JsonResponse({"error": "from must be the size of a signed tree head of this log"}, status=400)
    return JsonResponse(document, json_dumps_params={"indent": 1})


@require_GET
def cosignatures_json(request: HttpRequest) -> JsonResponse:
    """The cosignatures this installation's witness made of other logs' heads (?log=HEX: of that log)."""
    return JsonResponse(remote_witness.published(request.GET.get("log")), json_dumps_params={"indent": 1})


@require_GET
@staff_required
def log_state(request: HttpRequest) -> HttpResponse:
    """The custody log as witnesses see it: newest heads and their cosignatures, logs witnessed, refusals,
    fork alarms. Log metadata only, no survivor data: every staff member may see it."""
    return render(request, "evidence/log_state.html", log_overview.summary())


@require_GET
def log_keys_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(published_keys.published(), json_dumps_params={"indent": 1, "ensure_ascii": False})
