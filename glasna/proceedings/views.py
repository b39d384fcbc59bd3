"""Pages of the proceedings room. Thin: parse the form, call services, redirect or render."""

import datetime as dt
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from glasna.accounts.access import staff_required
from glasna.accounts.models import Role
from glasna.cases.services import get_case
from glasna.law import knowledge
from glasna.law.labels import CONFIDENCE, DEADLINE_BASIS
from glasna.proceedings import clock, letters, services
from glasna.proceedings.forms import (
    BreachForm,
    BreachReportedForm,
    DetailsForm,
    GiveForm,
    ProceedingForm,
    SilenceSettingsForm,
    StepForm,
)
from glasna.proceedings.labels import WARNINGS
from glasna.proceedings.models import Breach, Kind, Proceeding


def _no_key(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/no_key.html", status=403)


def _explain(request: HttpRequest, form: forms.Form) -> None:
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _items(request: HttpRequest, proceeding: Proceeding) -> list[tuple[str, str]]:
    from glasna.evidence import api as evidence

    summaries = evidence.list_items(request.staff, request.org_keys, proceeding.case)  # type: ignore[attr-defined]
    return [(str(s.id), s.title or s.url or str(s.id)) for s in summaries]


def _warn(request: HttpRequest, codes: list[str]) -> None:
    for code in codes:
        messages.warning(request, str(WARNINGS[code]))


@require_POST
@staff_required
def add(request: HttpRequest, case_id: int) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    try:
        case = get_case(request.staff, case_id)  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    form = ProceedingForm(request.POST)
    if not form.is_valid():
        _explain(request, form)
        return redirect("cases:report", report_id=case.report_id) if case.report_id else redirect("cases:inbox")
    data = form.cleaned_data
    try:
        proceeding = services.add(
            request.staff,  # type: ignore[attr-defined]
            request.org_keys,  # type: ignore[attr-defined]
            case.pk,
            data["kind"],
            data["institution_type"],
            data["institution_name"],
            data["jurisdiction"],
            data["learnt_on"],
            data["institution_org"],
            request,
        )
    except services.NotAllowed:
        messages.error(request, _("That change is not allowed for your role or for this person."))
        return redirect("cases:inbox")
    _warn(request, proceeding.warnings)
    return redirect("proceedings:page", proceeding_id=proceeding.pk)


def _act(
    request: HttpRequest,
    proceeding_id: int,
    make_form: Callable[[Proceeding], forms.Form],
    action: Callable[[Proceeding, dict[str, Any]], object],
) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    try:
        proceeding = services.get(request.staff, proceeding_id)  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    form = make_form(proceeding)
    if not form.is_valid():
        _explain(request, form)
    else:
        try:
            result = action(proceeding, form.cleaned_data)
            if isinstance(result, list):
                _warn(request, result)
        except services.StaleProceeding:
            messages.error(
                request, _("This proceeding changed since you opened it. Nothing was saved; check and try again.")
            )
        except services.NotAllowed:
            messages.error(request, _("That change is not allowed for your role or for this person."))
    return redirect("proceedings:page", proceeding_id=proceeding.pk)


@require_POST
@staff_required
def add_step(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    def action(p: Proceeding, data: dict[str, Any]) -> object:
        return services.add_step(request.staff, p.pk, data["version"], data["kind"], data["on"], request)  # type: ignore[attr-defined]

    return _act(request, proceeding_id, lambda p: StepForm(request.POST), action)


@require_POST
@staff_required
def update(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    def action(p: Proceeding, data: dict[str, Any]) -> object:
        return services.update(
            request.staff,  # type: ignore[attr-defined]
            request.org_keys,  # type: ignore[attr-defined]
            p.pk,
            data["version"],
            offence_provision=data["offence_provision"],
            offence_text=data["offence_text"],
            outcome=data["outcome"],
            sanction=data["sanction"],
            order_terms=data["order_terms"],
            order_from=data["order_from"],
            order_until=data["order_until"],
            request=request,
        )

    return _act(request, proceeding_id, lambda p: DetailsForm(request.POST, jurisdiction=p.jurisdiction), action)


@require_POST
@staff_required
def give(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    def action(p: Proceeding, data: dict[str, Any]) -> object:
        ids = [UUID(i) for i in data["items"]]
        return services.give_items(request.staff, p.pk, data["version"], ids, data["given_on"], request)  # type: ignore[attr-defined]

    return _act(request, proceeding_id, lambda p: GiveForm(request.POST, items=_items(request, p)), action)


@require_POST
@staff_required
def breach(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    def action(p: Proceeding, data: dict[str, Any]) -> object:
        return services.record_breach(
            request.staff,  # type: ignore[attr-defined]
            request.org_keys,  # type: ignore[attr-defined]
            p.pk,
            data["version"],
            data["on"],
            data["description"],
            [UUID(i) for i in data["items"]],
            request,
            data["reported_on"],
        )

    return _act(request, proceeding_id, lambda p: BreachForm(request.POST, items=_items(request, p)), action)


@require_POST
@staff_required
def breach_decision(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    def action(p: Proceeding, data: dict[str, Any]) -> object:
        reported_on = data["reported_on"] if data["decision"] == "reported" else None
        return services.breach_decided(request.staff, p.pk, data["version"], data["breach"], reported_on, request)  # type: ignore[attr-defined]

    return _act(request, proceeding_id, lambda p: BreachReportedForm(request.POST), action)


def _decision_form(breach: Breach, version: dict[str, int], today: dt.date) -> BreachReportedForm | None:
    """The form for her decision on reporting a breach to the police, while none is recorded."""
    if not breach.awaits_her_decision:
        return None
    initial = {**version, "breach": breach.pk, "reported_on": today}
    return BreachReportedForm(initial=initial, auto_id=f"id_breach{breach.pk}_%s")


@require_GET
@staff_required
def page(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    if request.org_keys is None:  # type: ignore[attr-defined]
        return _no_key(request)
    try:
        proceeding = services.get(request.staff, proceeding_id)  # type: ignore[attr-defined]
    except services.CaseNotFound as exc:
        raise Http404 from exc
    today = clock.today()
    view = services.opened(request.staff, request.org_keys, proceeding)  # type: ignore[attr-defined]
    state = services.status(proceeding, today)
    items = _items(request, proceeding)
    titles = dict(items)
    version = {"version": proceeding.version}
    provisions = {p.id: p for p in knowledge.cached().provisions}
    context = {
        "view": view,
        "p": proceeding,
        "case": proceeding.case,
        "state": state,
        "today": today,
        "steps": list(proceeding.steps.all()),
        "warnings": [WARNINGS[code] for code in proceeding.warnings if code in WARNINGS],
        "given": [(g, titles.get(str(g.item_id), str(g.item_id))) for g in proceeding.given.all()],
        "breaches": [
            (b, text, [titles.get(i, i) for i in b.item_ids], _decision_form(b, version, today))
            for b, text in view.breaches
        ],
        "reminders": list(proceeding.reminders.all()),
        "provision": provisions.get(proceeding.offence_provision),
        "confidence": CONFIDENCE.get(state.deadline.confidence) if state.deadline else None,
        "basis": DEADLINE_BASIS.get(state.deadline.confidence) if state.deadline else None,
        "is_order": proceeding.kind == Kind.PROTECTION_ORDER,
        "letters": letters.available(proceeding, state.silence),
        "step_form": StepForm(initial={**version, "on": today}),
        "details_form": DetailsForm(
            initial={
                **version,
                "offence_provision": proceeding.offence_provision,
                "offence_text": view.offence_text,
                "outcome": proceeding.outcome,
                "sanction": view.sanction,
                "order_terms": view.order_terms,
                "order_from": proceeding.order_from,
                "order_until": proceeding.order_until,
            },
            jurisdiction=proceeding.jurisdiction,
        ),
        "give_form": GiveForm(initial={**version, "given_on": today}, items=items) if items else None,
        "breach_form": BreachForm(initial={**version, "on": today}, items=items),
    }
    return render(request, "proceedings/proceeding.html", context)


@require_GET
@staff_required
def attention(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    rows = services.needing_attention(request.staff, today)  # type: ignore[attr-defined]
    return render(request, "proceedings/attention.html", {"rows": rows, "today": today})


@staff_required
def silence_settings(request: HttpRequest) -> HttpResponse:
    staff = request.staff  # type: ignore[attr-defined]
    if staff.role != Role.ORG_ADMIN:
        raise Http404
    current = services.silence_settings(staff)
    if request.method == "POST":
        form = SilenceSettingsForm(request.POST)
        if form.is_valid():
            services.set_silence_settings(staff, form.cleaned_data, request)
            messages.success(request, _("Saved."))
            return redirect("proceedings:settings")
    else:
        form = SilenceSettingsForm(initial={name: getattr(current, name) for name in services.SILENCE_FIELDS.values()})
    return render(request, "proceedings/settings.html", {"form": form})
