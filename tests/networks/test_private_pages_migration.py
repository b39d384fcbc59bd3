"""Migration 0005 seals the pages registered in clear before it: a page on an unknown website that
only automatic links named, never shared in clear and no campaign's target, becomes a private page
(address sealed to the organisation key, pseudonym, appearance gone); every other space stays as
it was. Going back is refused while a private page exists."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from glasna.networks import private_pages
from glasna.networks.models import Appearance, Space
from tests.factories import make_organisation, submit

BEFORE, AFTER = [("networks", "0007_joint_campaigns")], [("networks", "0008_private_pages")]
MARKER = "MIGRATIONPAGE8c1b"


def _dump() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM networks_space")
        rows = cursor.fetchall()
        cursor.execute("SELECT public_id, pseudonym FROM networks_appearance")
        return repr(rows + cursor.fetchall())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_automatic_pages_in_clear_are_sealed_and_the_rest_kept() -> None:
    bundle = make_organisation("mig-pages", ["MK"])
    submit(country="MK")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, ("takedown", "0003_sealed_statements_of_reasons")]).apps
    OldSpace, OldLink = old.get_model("networks", "Space"), old.get_model("networks", "SpaceLink")
    OldAppearance = old.get_model("networks", "Appearance")
    case_id = old.get_model("cases", "Case").objects.get().pk
    now = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    organisation_id = bundle.organisation.pk

    def space(url: str, links: list[str], platform: str = "other", shared: bool = False) -> int:
        row = OldSpace.objects.create(
            organisation_id=organisation_id,
            platform=platform,
            kind="website",
            identifier_kind="public_space",
            identifier=url,
            display_name=url.removeprefix("https://"),
            first_seen=now,
            last_seen=now,
        )
        for number, kind in enumerate(links):
            OldLink.objects.create(
                organisation_id=organisation_id, space=row, case_id=case_id, object_kind=kind, object_id=str(number)
            )
        OldAppearance.objects.create(
            space=row,
            organisation_id=organisation_id,
            reporter="r",
            platform=platform,
            identifier_kind="public_space",
            pseudonym=f"p{row.pk}",
            first_seen=now,
            public_id=url if shared else "",
        )
        return int(row.pk)

    automatic = space(f"https://invented-forum.example/u/{MARKER}", ["report", "notice"])
    recorded = space("https://invented-recorded.example/a", ["evidence", "recorded"])
    shared = space("https://invented-shared.example/b", ["sighting"], shared=True)
    target = space("https://invented-campaign.example/c", ["notice"])
    unlinked = space("https://invented-unlinked.example/d", [])
    telegram = space("invented_room", ["report"], platform="telegram")
    platform = old.get_model("takedown", "Platform").objects.create(
        key="invented", name="Invented", last_verified=now.date()
    )
    old.get_model("takedown", "Campaign").objects.create(
        organisation_id=organisation_id,
        platform=platform,
        title="Invented",
        target_url="https://www.invented-campaign.example/c/",
        messages={"en": "Synthetic."},
        addresses=[],
        opened_at=now,
    )
    assert MARKER in _dump()

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    assert MARKER not in _dump() and MARKER.encode().hex() not in _dump()
    page = Space.objects.get(pk=automatic)
    assert page.identifier_kind == "private_page" and page.display_name == "" and page.url_key_version == 1
    assert page.identifier == private_pages.pseudonym(organisation_id, f"https://invented-forum.example/u/{MARKER}")
    assert private_pages.open_url(page, bundle.org_keys) == f"https://invented-forum.example/u/{MARKER}"
    assert page.links.count() == 2 and not Appearance.objects.filter(space_id=automatic).exists()
    for kept in (recorded, shared, target, unlinked, telegram):
        row = Space.objects.get(pk=kept)
        assert row.identifier_kind == "public_space" and not row.identifier.startswith("hmac:"), row.identifier
        assert Appearance.objects.filter(space_id=kept).exists()

    # Back: refused while the sealed address exists; allowed once it is gone.
    with pytest.raises(RuntimeError, match="private pages"):
        MigrationExecutor(connection).migrate(BEFORE)
    Space.objects.filter(pk=automatic).delete()
    MigrationExecutor(connection).migrate(BEFORE)
    MigrationExecutor(connection).migrate(AFTER)
    assert Space.objects.filter(pk=recorded).exists()
