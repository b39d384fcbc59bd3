"""The case page through HTTP: actions, stale forms, blurred evidence, forged ids."""

import pytest

from glasna.cases.models import Case, CaseNote
from glasna.core.uploads import check_upload
from glasna.intake.models import Attachment
from tests.factories import make_organisation, pattern_png, signed_in_client, submit, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():  # type: ignore[no-untyped-def]
    bundle = make_organisation("mk-cso", ["MK"])
    submit(files=[check_upload(upload("p.png", pattern_png()))])
    case = Case.objects.get()
    return bundle, signed_in_client(bundle.staff), case, f"/en/staff/reports/{case.report_id}/"


def test_risk_status_assign_and_note_through_the_page(setup) -> None:  # type: ignore[no-untyped-def]
    bundle, client, case, url = setup
    assert client.post(url, {"action": "risk", "version": 1, "flags": ["physical_threat"]}).status_code == 302
    assert client.post(url, {"action": "assign", "version": 2, "assignee": bundle.staff.pk}).status_code == 302
    assert client.post(url, {"action": "status", "version": 3, "status": "active", "outcome": ""}).status_code == 302
    assert client.post(url, {"action": "note", "note": "Synthetic: safety plan agreed."}).status_code == 302
    case.refresh_from_db()
    assert (case.urgency, case.assigned_to, case.status) == (90, bundle.staff, "active")
    page = client.get(url).content.decode()
    assert "Synthetic: safety plan agreed." in page and CaseNote.objects.count() == 1
    assert "urgent" in client.get("/en/staff/?queue=urgent").content.decode()


def test_closing_without_outcome_is_explained(setup) -> None:  # type: ignore[no-untyped-def]
    _, client, case, url = setup
    response = client.post(url, {"action": "status", "version": case.version, "status": "closed", "outcome": ""})
    assert response.status_code == 400 and "Choose the outcome" in response.content.decode()
    assert Case.objects.get().status == "new"


def test_stale_form_says_so_and_keeps_the_newer_change(setup) -> None:  # type: ignore[no-untyped-def]
    _, client, case, url = setup
    client.post(url, {"action": "risk", "version": case.version, "flags": ["self_harm"]})
    response = client.post(url, {"action": "risk", "version": case.version, "flags": []}, follow=True)
    assert "Someone changed this case" in response.content.decode()
    assert Case.objects.get().risk_flags == ["self_harm"]


def test_files_always_download_and_images_are_previewed_by_triage(setup) -> None:  # type: ignore[no-untyped-def]
    _, client, _, url = setup
    page = client.get(url).content.decode()
    attachment = Attachment.objects.get()
    assert "?view=1" not in page and 'class="reveal-toggle"' not in page and 'href="#triage-title"' in page
    for query in ("", "?view=1"):
        download = client.get(f"{url}files/{attachment.pk}/{query}")
        assert (
            download["Content-Disposition"].startswith("attachment")
            and "sandbox" in download["Content-Security-Policy"]
        )


def test_forged_ids_and_unknown_actions_are_not_found(setup) -> None:  # type: ignore[no-untyped-def]
    _, client, case, url = setup
    other = make_organisation("rs-cso", ["RS"])
    submit(country="RS")
    foreign = Case.objects.get(organisation=other.organisation)
    assert client.get(f"/en/staff/reports/{foreign.report_id}/").status_code == 404
    assert client.post(f"/en/staff/reports/{foreign.report_id}/", {"action": "reply", "text": "x"}).status_code == 404
    assert client.post(url, {"action": "delete-everything"}).status_code == 404
    attachment = Attachment.objects.get(report_id=case.report_id)
    assert client.get(f"/en/staff/reports/{foreign.report_id}/files/{attachment.pk}/").status_code == 404


def test_queues_filter_by_status_and_urgency_and_show_waiting_on_others(setup) -> None:  # type: ignore[no-untyped-def]
    bundle, client, case, url = setup
    from glasna.cases import referrals

    submit()
    second = Case.objects.order_by("-id").first()
    assert second is not None
    client.post(url, {"action": "risk", "version": case.version, "flags": ["self_harm"]})
    page = client.get("/en/staff/?queue=all&urgent=1").content.decode()
    assert str(case.report_id) in page and str(second.report_id) not in page
    page = client.get("/en/staff/?queue=all&status=closed").content.decode()
    assert str(case.report_id) not in page
    other = make_organisation("xk-legal", ["XK"])
    referrals.create(
        bundle.staff, bundle.org_keys, second.pk, other.organisation.pk, "legal", ["incident"], "", "portal"
    )
    page = client.get("/en/staff/?queue=others").content.decode()
    assert str(second.report_id) in page and str(case.report_id) not in page


def test_search_by_case_number_and_assignee(setup) -> None:  # type: ignore[no-untyped-def]
    bundle, client, case, url = setup
    submit()
    second = Case.objects.order_by("-id").first()
    assert second is not None
    client.post(url, {"action": "assign", "version": case.version, "assignee": bundle.staff.pk})
    by_number = client.get("/en/staff/", {"queue": "all", "q": f"#{second.pk}"}).content.decode()
    assert str(second.report_id) in by_number and str(case.report_id) not in by_number
    by_name = client.get("/en/staff/", {"queue": "all", "q": bundle.staff.user.username[:6]}).content.decode()
    assert str(case.report_id) in by_name and str(second.report_id) not in by_name


def test_the_case_list_is_paginated_and_keeps_its_filters(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from glasna.cases import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _, client, first, _url = setup
    submit()
    submit()
    newest = list(Case.objects.order_by("-id"))  # all opened today: the newest id first
    page_one = client.get("/en/staff/", {"queue": "all", "status": "new"}).content.decode()
    assert str(newest[0].report_id) in page_one and str(newest[1].report_id) in page_one
    assert str(first.report_id) not in page_one and "Page 1 of 2" in page_one
    assert 'href="?queue=all&amp;status=new&amp;page=2" rel="next"' in page_one
    page_two = client.get("/en/staff/", {"queue": "all", "status": "new", "page": "2"}).content.decode()
    assert str(first.report_id) in page_two and str(newest[0].report_id) not in page_two
    assert 'rel="prev"' in page_two and 'rel="next"' not in page_two
    beyond = client.get("/en/staff/", {"queue": "all", "status": "new", "page": "99"}).content.decode()
    assert str(first.report_id) in beyond  # past the end: the last page, not an error
    assert client.get("/en/staff/", {"queue": "triage", "page": "x"}).status_code == 200
