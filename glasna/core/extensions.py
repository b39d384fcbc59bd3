"""Seams between rooms: each app registers what it adds to shared pages in its AppConfig.ready().

The case page, the staff navigation and the survivor's "Your report" page are shared by every
room (evidence, matching, takedown, law, observatory). Rather than each room editing those
templates, a room registers a panel, a link or a section here; the shared views render whatever
is registered, in `order`. A room that is not installed simply adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

# context(request, staff, org_keys, case) -> dict given to the panel template as `panel`.
CaseContext = Callable[[HttpRequest, Any, Any, Any], dict[str, Any]]
# context(request, access, view) -> dict given to the section template as `section`;
# `access` is the survivor's intake.visit.Access, `view` what intake.services.survivor_view returned.
PortalContext = Callable[[HttpRequest, Any, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class CasePanel:
    key: str
    template: str
    context: CaseContext
    order: int = 100


@dataclass(frozen=True)
class NavLink:
    key: str
    url_name: str
    label: Any  # a lazy translation
    order: int = 100
    roles: frozenset[str] = field(default_factory=frozenset)  # empty: every staff role


@dataclass(frozen=True)
class PortalSection:
    key: str
    template: str
    context: PortalContext
    order: int = 100


_case_panels: dict[str, CasePanel] = {}
_nav_links: dict[str, NavLink] = {}
_portal_sections: dict[str, PortalSection] = {}


def register_case_panel(panel: CasePanel) -> None:
    _case_panels[panel.key] = panel


def register_nav_link(link: NavLink) -> None:
    _nav_links[link.key] = link


def register_portal_section(section: PortalSection) -> None:
    _portal_sections[section.key] = section


def case_panels() -> list[CasePanel]:
    return sorted(_case_panels.values(), key=lambda p: (p.order, p.key))


def nav_links(role: str | None) -> list[NavLink]:
    links = [link for link in _nav_links.values() if not link.roles or role in link.roles]
    return sorted(links, key=lambda link: (link.order, link.key))


def portal_sections() -> list[PortalSection]:
    return sorted(_portal_sections.values(), key=lambda s: (s.order, s.key))


def render_case_panels(request: HttpRequest, staff: Any, keys: Any, case: Any) -> list[dict[str, Any]]:
    return [
        {"key": p.key, "template": p.template, "data": p.context(request, staff, keys, case)} for p in case_panels()
    ]


def render_portal_sections(request: HttpRequest, access: Any, view: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": s.key, "template": s.template, "data": s.context(request, access, view)} for s in portal_sections()]
