"""When a piece of evidence was captured, with its time zone explicit.

A time typed without a zone is read in the zone chosen beside it (by default the zone of the
country the case's organisation serves, shown on the form), stored as UTC with that zone recorded,
and shown everywhere with its zone and UTC offset. Nothing is read silently in the server's zone."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext as _

from glasna.accounts.models import COUNTRIES, Organisation

# The zone of each country served (Kosovo has no zone of its own in the IANA database).
COUNTRY_ZONES = {
    "AL": "Europe/Tirane",
    "XK": "Europe/Belgrade",
    "ME": "Europe/Podgorica",
    "MK": "Europe/Skopje",
    "RS": "Europe/Belgrade",
    "BA": "Europe/Sarajevo",
}
# Where survivors and captures also often are: the region's neighbours and the diaspora.
OTHER_ZONES = [
    "Europe/Zagreb",
    "Europe/Ljubljana",
    "Europe/Vienna",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Rome",
    "Europe/Athens",
    "Europe/Istanbul",
    "Europe/London",
    "America/New_York",
    "UTC",
]
DEFAULT_ZONE = "Europe/Belgrade"


def zone_choices() -> list[tuple[str, str]]:
    """The served countries' zones, named by their countries (in the active language), then the others."""
    names = dict(COUNTRIES)
    served: dict[str, list[str]] = {}
    for code, zone in COUNTRY_ZONES.items():
        served.setdefault(zone, []).append(str(names[code]))
    choices = [(zone, f"{', '.join(countries)} ({zone})") for zone, countries in served.items()]
    return choices + [(zone, zone) for zone in OTHER_ZONES]


def known_zone(name: str) -> bool:
    return any(zone == name for zone, _label in zone_choices())


def zone_for(organisation: Organisation | None) -> str:
    """The zone of the first country the organisation serves: the default a form shows."""
    countries = list(organisation.countries) if organisation is not None else []
    return next((COUNTRY_ZONES[c] for c in countries if c in COUNTRY_ZONES), DEFAULT_ZONE)


def to_utc(wall_clock: datetime, zone: str) -> datetime:
    """A time as typed (naive) read in zone, or a time typed with its own offset, as aware UTC."""
    if wall_clock.tzinfo is None:
        wall_clock = wall_clock.replace(tzinfo=ZoneInfo(zone))
    return wall_clock.astimezone(UTC)


def display(captured_at: str, zone: str) -> str:
    """'2026-03-14 18:30 (Europe/Skopje, UTC+01:00)'; a time stored without a zone says so."""
    if not captured_at:
        return ""
    try:
        value = datetime.fromisoformat(captured_at)
    except ValueError:
        return captured_at
    if value.tzinfo is None:
        return f"{value:%Y-%m-%d %H:%M} " + _("(time zone not recorded)")
    try:
        local = value.astimezone(ZoneInfo(zone)) if zone else value
    except (ZoneInfoNotFoundError, ValueError):
        local = value
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    label = f"{zone}, {offset}" if zone else offset
    return f"{local:%Y-%m-%d %H:%M} ({label})"
