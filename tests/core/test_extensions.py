"""Rooms add panels to the case page, links to the staff menu and sections to the portal."""

from collections.abc import Iterator

import pytest

from glasna.cases.models import Case
from glasna.core import extensions
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = __file__.rsplit("/", 1)[0] + "/templates_ext"


@pytest.fixture
def registered() -> Iterator[None]:
    saved = (dict(extensions._case_panels), dict(extensions._nav_links), dict(extensions._portal_sections))
    extensions.register_case_panel(
        extensions.CasePanel("probe", "probe_panel.html", lambda request, staff, keys, case: {"n": case.pk})
    )
    extensions.register_nav_link(extensions.NavLink("probe", "cases:inbox", "Probe link", roles=frozenset({"x"})))
    extensions.register_nav_link(extensions.NavLink("open", "cases:tasks_due", "Open link"))
    yield
    for registry, old in zip(
        (extensions._case_panels, extensions._nav_links, extensions._portal_sections), saved, strict=True
    ):
        registry.clear()
        registry.update(old)


def test_registered_panel_and_links_render_for_the_right_roles(registered: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}]
    bundle = make_organisation("al-cso", ["AL"])
    submit()
    case = Case.objects.get()
    page = signed_in_client(bundle.staff).get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert f"probe panel for case {case.pk}" in page
    assert "Open link" in page and "Probe link" not in page  # the probe link is for role "x" only


def test_sections_are_ordered() -> None:
    first = extensions.PortalSection("b", "b.html", lambda r, a, v: {}, order=1)
    second = extensions.PortalSection("a", "a.html", lambda r, a, v: {}, order=2)
    saved = dict(extensions._portal_sections)
    try:
        extensions.register_portal_section(second)
        extensions.register_portal_section(first)
        keys = [s.key for s in extensions.portal_sections()]
        assert keys.index("b") < keys.index("a")
    finally:
        extensions._portal_sections.clear()
        extensions._portal_sections.update(saved)
