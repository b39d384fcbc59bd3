"""Form error messages in Glasna's own words, translated in every locale (Django has no
Montenegrin catalogue, and its wording is not written for a frightened reader)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

COMMON: dict[str, Any] = {
    "required": _("Please fill this in."),
    "invalid_choice": _("Please choose one of the answers shown."),
    "invalid_list": _("Please choose one of the answers shown."),
    "max_length": _("This is too long: please keep it under %(limit_value)d characters."),
    "invalid": _("No file was received. Please choose the file again."),
    "missing": _("No file was received. Please choose the file again."),
    "empty": _("This file is empty."),
}
