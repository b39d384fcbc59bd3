"""Staff pages of the observatory: the case panel's coding and the FOI tracker."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from glasna.accounts.access import staff_required
from glasna.cases import services as cases
from glasna.core import audit
from glasna.observatory import codebook, codebook_labels, foi, forms, records
from glasna.observatory.models import StatisticalRecord


@require_POST
@staff_required
def code_case(request: HttpRequest, case_id: int) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    try:
        case = cases.get_case(staff, case_id)
    except cases.CaseNotFound as exc:
        raise Http404 from exc
    record = StatisticalRecord.objects.filter(report_id=case.report_id).first() if case.report_id else None
    if record is None:
        raise Http404
    form = forms.CodingForm(request.POST)
    if form.is_valid():
        records.code_case(record, records.Coding(**form.cleaned_data), staff.user.get_username(), staff.organisation_id)
        messages.success(request, _("Statistics coding saved."))
    else:
        messages.error(request, _("The coding was not saved: choose a value from each list."))
    return redirect("cases:report", report_id=case.report_id)


@require_http_methods(["GET", "POST"])
@staff_required
def foi_list(request: HttpRequest) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    form = forms.DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = foi.draft(staff, **form.cleaned_data)
        except foi.FOIError as exc:
            form.add_error(None, str(exc))
        else:
            audit.record(
                "foi.drafted",
                actor=staff.user.get_username(),
                target=f"foi:{created.pk}",
                organisation_id=staff.organisation_id,
                request=request,
            )
            return redirect("observatory_staff:foi", request_id=created.pk)
    rows = staff.organisation.foi_requests.all()
    return render(
        request,
        "observatory/foi_list.html",
        {"form": form, "rows": rows, "silence": foi.silence(), "types": codebook_labels.INSTITUTION_TYPES},
        status=400 if form.errors else 200,
    )


def _detail(request: HttpRequest, request_id: int, status: int = 200, **bound: Any) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    item = foi.get(staff, request_id)
    context = {
        "item": item,
        "country_label": codebook.label("country", item.country),
        "type_label": codebook_labels.INSTITUTION_TYPES.get(item.institution_type, item.institution_type),
        "sent_form": bound.get("sent_form") or forms.DateForm(prefix="sent"),
        "answer_form": bound.get("answer_form") or forms.AnswerForm(prefix="answer"),
        "figure_form": bound.get("figure_form")
        or forms.FigureForm(
            prefix="figure", initial={"period_start": item.period_start, "period_end": item.period_end}
        ),
        "figures": item.officialfigure_set.all(),
        "events": item.events.all(),
    }
    return render(request, "observatory/foi_detail.html", context, status=status)


@require_GET
@staff_required
def foi_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        return _detail(request, request_id)
    except foi.FOIError as exc:
        raise Http404 from exc


@require_POST
@staff_required
def foi_step(request: HttpRequest, request_id: int, step: str) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    try:
        item = foi.get(staff, request_id)
    except foi.FOIError as exc:
        raise Http404 from exc
    form: Any
    try:
        if step == "sent":
            form = forms.DateForm(request.POST, prefix="sent")
            if not form.is_valid():
                return _detail(request, request_id, 400, sent_form=form)
            foi.mark_sent(staff, item, form.cleaned_data["on"])
        elif step == "answer":
            form = forms.AnswerForm(request.POST, prefix="answer")
            if not form.is_valid():
                return _detail(request, request_id, 400, answer_form=form)
            data = form.cleaned_data
            foi.record_answer(staff, item, data["on"], data["outcome"], data["summary"])
        elif step == "figure":
            form = forms.FigureForm(request.POST, prefix="figure")
            if not form.is_valid():
                return _detail(request, request_id, 400, figure_form=form)
            foi.add_figure(staff, item, {k: str(v) for k, v in form.cleaned_data.items()})
        else:
            raise Http404
    except foi.FOIError as exc:
        messages.error(request, str(exc))
        return _detail(request, request_id, 400)
    audit.record(
        f"foi.{step}",
        actor=staff.user.get_username(),
        target=f"foi:{item.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    messages.success(request, _("Saved."))
    return redirect("observatory_staff:foi", request_id=item.pk)
