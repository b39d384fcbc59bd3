"""How a piece of evidence was captured: the structured details a prosecutor asks for."""

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from glasna.core import platforms

# From the one platform list (glasna/core/data/platforms.yaml), shared with takedown's directory.
PLATFORMS = platforms.choices("evidence")
PLATFORM_KEYS = {key for key, _label in PLATFORMS}

METHODS = [
    ("screenshot", _("Screenshot")),
    ("screen_recording", _("Screen recording")),
    ("photo_of_screen", _("Photo of a screen")),
    ("export", _("Export from the app (chat export, download)")),
    ("copied_text", _("Text copied by hand")),
    ("saved_page", _("Saved web page or PDF")),
    ("other", _("Other")),
]


@dataclass(frozen=True)
class Capture:
    """All optional: survivors often know only some of this, and "unknown" is an honest answer."""

    url: str = ""
    platform: str = ""
    account: str = ""  # account, profile, group or channel name as shown
    visible_date: str = ""  # the date shown on the captured page, as written there
    captured_by: str = ""  # "survivor", or the person's name or role
    captured_at: str = ""  # ISO date-time of the capture: UTC (from the form), or as given (older records)
    captured_tz: str = ""  # the IANA zone the time was entered in (capture_time.py); "" if not recorded
    method: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Capture":
        return cls(**{name: str(data.get(name, "") or "") for name in cls.__dataclass_fields__})


def platform_label(key: str) -> str:
    return str(dict(PLATFORMS).get(key, key))


def method_label(key: str) -> str:
    return str(dict(METHODS).get(key, key))
