"""The case panel and the proceeding page, driven through the web like a caseworker would."""

import datetime as dt

from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.proceedings import clock, services
from glasna.proceedings.models import Breach, GivenItem, Proceeding
from tests.factories import PASSWORD, make_organisation, signed_in_client
from tests.proceedings.conftest import Skopje
from tests.takedown.conftest import FrozenClock


def _record(client, skopje: Skopje, kind: str = "criminal_complaint") -> Proceeding:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/en/staff/proceedings/cases/{skopje.case.pk}/",
        {
            "proceeding-kind": kind,
            "proceeding-institution_type": "prosecutor",
            "proceeding-institution_name": "Basic Public Prosecutor's Office Skopje",
            "proceeding-jurisdiction": "MK",
            "proceeding-learnt_on": "",
            "proceeding-institution_org": "",
        },
    )
    p = Proceeding.objects.order_by("-id").first()
    assert p is not None
    assert response.status_code == 302 and response.url == f"/en/staff/proceedings/{p.pk}/"
    return p


def test_a_complaint_with_three_items_then_a_decision(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    case_page = client.get(f"/en/staff/reports/{skopje.case.report_id}/")
    assert "Record a proceeding" in case_page.content.decode()
    p = _record(client, skopje)
    today = timezone.localdate()  # the form refuses future dates: relative to the clock, never a literal
    client.post(
        f"/en/staff/proceedings/{p.pk}/steps/", {"step-version": p.version, "step-kind": "filed", "step-on": today}
    )
    p.refresh_from_db()
    client.post(
        f"/en/staff/proceedings/{p.pk}/given/",
        {"give-version": p.version, "give-items": [str(i.pk) for i in skopje.items], "give-given_on": today},
    )
    assert GivenItem.objects.filter(proceeding=p).count() == 3
    p.refresh_from_db()
    client.post(
        f"/en/staff/proceedings/{p.pk}/steps/", {"step-version": p.version, "step-kind": "decision", "step-on": today}
    )
    page = client.get(f"/en/staff/proceedings/{p.pk}/").content.decode()
    assert "Basic Public Prosecutor" in page and "Decision" in page and "post 2" in page
    panel = client.get(f"/en/staff/reports/{skopje.case.report_id}/").content.decode()
    assert f"/en/staff/proceedings/{p.pk}/" in panel


def test_a_decision_without_a_filing_is_shown_as_a_warning(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje)
    response = client.post(
        f"/en/staff/proceedings/{p.pk}/steps/",
        {"step-version": p.version, "step-kind": "decision", "step-on": timezone.localdate()},
        follow=True,
    )
    html = response.content.decode()
    assert "A decision is recorded but no filing" in html
    assert 'class="proceeding-warnings"' in html  # kept on the page, not only flashed once


def test_a_stale_form_changes_nothing_and_says_so(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje)
    today = timezone.localdate()
    client.post(
        f"/en/staff/proceedings/{p.pk}/steps/", {"step-version": p.version, "step-kind": "filed", "step-on": today}
    )
    response = client.post(
        f"/en/staff/proceedings/{p.pk}/steps/",
        {"step-version": p.version, "step-kind": "registered", "step-on": today},
        follow=True,
    )
    assert "changed since you opened it" in response.content.decode()
    assert p.steps.count() == 1


def test_breaches_show_their_count_on_the_page_and_the_case_panel(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje, kind="protection_order")
    for n in range(2):
        p.refresh_from_db()
        client.post(
            f"/en/staff/proceedings/{p.pk}/breaches/",
            {
                "breach-version": p.version,
                "breach-on": timezone.localdate(),
                "breach-description": "he came to her street",
                "breach-items": [str(skopje.items[n].pk)],
            },
        )
    assert Breach.objects.filter(proceeding=p).count() == 2
    page = client.get(f"/en/staff/proceedings/{p.pk}/").content.decode()
    assert '<dd class="breach-count">2</dd>' in page and "he came to her street" in page
    panel = client.get(f"/en/staff/reports/{skopje.case.report_id}/").content.decode()
    assert "2 breaches of the order" in panel


def test_her_decision_on_reporting_a_breach_is_recorded_from_the_page(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje, kind="protection_order")
    client.post(
        f"/en/staff/proceedings/{p.pk}/breaches/",
        {"breach-version": p.version, "breach-on": timezone.localdate(), "breach-description": "he wrote to her"},
    )
    breach = Breach.objects.get(proceeding=p)
    page = client.get(f"/en/staff/proceedings/{p.pk}/").content.decode()
    assert "not reported to the police yet" in page and f'value="{breach.pk}"' in page
    url = f"/en/staff/proceedings/{p.pk}/breaches/decision/"
    p.refresh_from_db()
    missing = {"reported-version": p.version, "reported-breach": breach.pk, "reported-decision": "reported"}
    client.post(url, {**missing, "reported-reported_on": ""})
    assert Breach.objects.get(pk=breach.pk).reported_on is None  # a report needs its date
    client.post(url, {**missing, "reported-reported_on": timezone.localdate()})
    assert Breach.objects.get(pk=breach.pk).reported_on == timezone.localdate()
    page = client.get(f"/en/staff/proceedings/{p.pk}/").content.decode()
    assert "reported to the police on" in page and "/breaches/decision/" not in page
    other = make_organisation("elsewhere-mk", ["MK"])
    p.refresh_from_db()
    refused = signed_in_client(other.staff).post(
        url, {**missing, "reported-version": p.version, "reported-reported_on": timezone.localdate()}
    )
    assert refused.status_code == 404


def test_details_are_saved_encrypted(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje)
    client.post(
        f"/en/staff/proceedings/{p.pk}/details/",
        {
            "details-version": p.version,
            "details-offence_provision": "",
            "details-offence_text": "charged as a misdemeanour of insult",
            "details-outcome": "charged_misdemeanour",
            "details-sanction": "",
            "details-order_terms": "",
            "details-order_from": "",
            "details-order_until": "",
        },
    )
    p.refresh_from_db()
    assert p.outcome == "charged_misdemeanour" and b"insult" not in bytes(p.offence_text)
    assert "charged as a misdemeanour of insult" in client.get(f"/en/staff/proceedings/{p.pk}/").content.decode()


def test_the_attention_queue_lists_silences_and_close_deadlines_of_visible_cases_only(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    b = skopje.bundle
    silent = services.add(b.staff, b.org_keys, skopje.case.pk, "criminal_complaint", "prosecutor", "Invented", "MK")
    services.add_step(b.staff, silent.pk, silent.version, "filed", clock.today())
    lawsuit = services.add(
        b.staff, b.org_keys, skopje.case.pk, "private_lawsuit", "court", "Invented", "MK", learnt_on=clock.today()
    )
    frozen.advance(days=60)
    client = signed_in_client(b.staff)
    html = client.get("/en/staff/proceedings/").content.decode()
    assert f"/en/staff/proceedings/{silent.pk}/" in html and "No answer for 60 days" in html
    assert f"/en/staff/proceedings/{lawsuit.pk}/" not in html  # its deadline is a month away
    frozen.advance(days=26)
    html = client.get("/en/staff/proceedings/").content.decode()
    assert f"/en/staff/proceedings/{lawsuit.pk}/" in html
    lawyer = keyring.create_staff(b.organisation, "lawyer-mk", PASSWORD, Role.LAWYER, b.org_keys)
    html = signed_in_client(lawyer).get("/en/staff/proceedings/").content.decode()
    assert "No answer for" not in html and "Nothing needs attention now." in html  # not her case


def test_a_protection_order_ending_shows_in_the_queue_the_panel_and_its_page(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    from glasna.proceedings import reminders

    b = skopje.bundle
    order = services.add(b.staff, b.org_keys, skopje.case.pk, "protection_order", "court", "Invented court", "MK")
    order = services.update(
        b.staff, b.org_keys, order.pk, order.version, offence_provision="", offence_text="", outcome="order_granted",
        sanction="", order_from=clock.today(), order_until=clock.today() + dt.timedelta(days=30),
    )  # fmt: skip
    services.add_step(b.staff, order.pk, order.version, "final", clock.today())
    client = signed_in_client(b.staff)
    page = f"/en/staff/proceedings/{order.pk}/"
    assert page not in client.get("/en/staff/proceedings/").content.decode()  # 30 days left
    panel = client.get(f"/en/staff/reports/{skopje.case.report_id}/").content.decode()
    assert "Protection order in force until" in panel
    frozen.advance(days=20)  # 10 days left
    queue = client.get("/en/staff/proceedings/").content.decode()
    ends = (clock.today() + dt.timedelta(days=10)).isoformat()
    assert page in queue and f'<time datetime="{ends}">' in queue
    reminders.run()
    assert "The protection order ends on " in client.get(page).content.decode()
    frozen.advance(days=11)  # ended
    assert page not in client.get("/en/staff/proceedings/").content.decode()


def test_the_pages_speak_the_staff_member_s_language(skopje: Skopje) -> None:
    client = signed_in_client(skopje.bundle.staff)
    p = _record(client, skopje, kind="protection_order")
    page = client.get(f"/mk/staff/proceedings/{p.pk}/").content.decode()
    assert "Мерка за заштита" in page and "Евидентирајте прекршување" in page
    panel = client.get(f"/sq/staff/reports/{skopje.case.report_id}/").content.decode()
    assert "Procedurat me institucionet" in panel and "Urdhër mbrojtjeje" in panel


def test_only_the_administrator_sets_the_silence_thresholds_and_the_job_uses_them(
    skopje: Skopje, frozen: FrozenClock
) -> None:
    b = skopje.bundle
    admin = keyring.create_staff(b.organisation, "admin-mk", PASSWORD, Role.ORG_ADMIN, b.org_keys)
    form = {"silence-police_days": "30", "silence-prosecutor_days": "45", "silence-court_days": "90"}
    assert signed_in_client(b.staff).post("/en/staff/proceedings/settings/", form).status_code == 404  # caseworker
    assert services.silence_settings(b.staff).prosecutor_days == 60
    client = signed_in_client(admin)
    assert client.post("/en/staff/proceedings/settings/", form).status_code == 302
    assert 'value="45"' in client.get("/en/staff/proceedings/settings/").content.decode()
    court = services.add(b.staff, b.org_keys, skopje.case.pk, "civil_claim", "court", "Invented court", "MK")
    services.add_step(b.staff, court.pk, court.version, "filed", clock.today())
    frozen.advance(days=90)
    assert services.status(Proceeding.objects.get(pk=court.pk), clock.today()).silence.passed  # type: ignore[union-attr]
