"""The survivor's page for fingerprints (hashes) of her photos, and the staff sightings list. Thin."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.core import audit
from glasna.intake import visit
from glasna.intake.models import Report
from glasna.matching import banks
from glasna.matching.forms import HashForm
from glasna.matching.models import HashEntry, Sighting, Submission


def _report(request: HttpRequest) -> Report | None:
    access = visit.current(request)
    if access is None:
        return None
    return Report.objects.filter(pk=access.report_id).first()


def _case_id(report: Report) -> int | None:
    from glasna.cases.models import Case

    return Case.objects.filter(report=report).values_list("pk", flat=True).first()


@require_http_methods(["GET", "POST"])
def hashes(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    if report is None:
        return redirect("intake:return")
    form = HashForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = banks.add_report_hashes(
            report.pk,
            _case_id(report),
            report.organisation_id,
            form.cleaned_data["hashes"],
            form.cleaned_data["platforms"],
        )
        media = {(e.media_type, e.media_index) for e in added}
        messages.success(
            request,
            _("Fingerprints of %(count)d photos or videos were saved. Your files never left your device.")
            % {"count": len(media)},
        )
        return redirect("matching:hashes")
    submissions = _submissions(report)
    return render(
        request, "matching/hashes.html", {"form": form, "submissions": submissions}, status=400 if form.errors else 200
    )


def _submissions(report: Report) -> list[dict[str, object]]:
    rows: dict[int, dict[str, object]] = {}
    for entry in banks.report_entries(report.pk).select_related("submission"):
        row = rows.setdefault(
            entry.submission_id,
            {"submission": entry.submission, "media": set(), "hashes": 0},
        )
        row["media"].add((entry.media_type, entry.media_index))  # type: ignore[attr-defined]
        row["hashes"] = int(row["hashes"]) + 1  # type: ignore[call-overload]
    for row in rows.values():
        submission = row["submission"]
        assert isinstance(submission, Submission)
        row["platforms"] = [] if submission.every_platform else [p.name for p in submission.platforms.all()]
        row["count"] = len(row["media"])  # type: ignore[arg-type]
    return list(rows.values())


@require_POST
def withdraw(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    if report is None:
        return redirect("intake:return")
    chosen = HashEntry.objects.filter(report=report)
    submission = request.POST.get("submission", "")
    if submission != "all":
        chosen = chosen.filter(submission__public_id__in=[submission] if _is_uuid(submission) else [])
    count = banks.withdraw(chosen, "survivor", report.organisation_id, f"report:{report.pk}")
    if count:
        messages.success(
            request, _("The fingerprints were withdrawn. Platforms are told to delete them, and they no longer match.")
        )
    return redirect("matching:hashes")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@require_GET
@staff_required
def sightings(request: HttpRequest) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    from glasna.cases.permissions import visible_cases

    found = (
        Sighting.objects.filter(case__in=visible_cases(staff))
        .select_related("platform", "case")
        .order_by("-seen_at")[:200]
    )
    audit.record(
        "matching.sightings_viewed",
        actor=staff.user.get_username(),
        organisation_id=staff.organisation_id,
        request=request,
    )
    return render(request, "matching/sightings.html", {"sightings": found})
