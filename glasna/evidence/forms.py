"""Forms for adding evidence: the same fields for caseworkers and survivors, every one optional but
the thing itself (a file, a URL or an excerpt), since "not known" is an honest answer."""

from datetime import UTC, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from glasna.core.form_errors import COMMON
from glasna.evidence import capture_time
from glasna.evidence.capture import METHODS, PLATFORMS, Capture
from glasna.intake.forms import FreeTextField

KINDS = [
    ("file", _("A file (screenshot, photo, video, PDF, chat export)")),
    ("url", _("A web address (URL)")),
    ("text", _("A text excerpt (messages copied as text)")),
]


class WallClockField(forms.DateTimeField):
    """A date and time as typed: naive (the form's time-zone field says which zone), never read in the
    server's zone; a time typed with its own UTC offset keeps it."""

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str):
            try:
                typed = parse_datetime(value.strip())
            except ValueError:
                typed = None
            if typed is not None and typed.tzinfo is not None:
                return typed
        with timezone.override(UTC):  # UTC has no gaps or folds: the wall clock comes back unchanged
            result = super().to_python(value)
        return result.replace(tzinfo=None) if result is not None else None


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(
        choices=KINDS, widget=forms.RadioSelect, label=_("What are you adding?"), error_messages=COMMON
    )
    file = forms.FileField(required=False, label=_("File"), error_messages=COMMON)
    url = forms.URLField(
        required=False, max_length=2000, assume_scheme="https", label=_("Web address (URL)"),
        error_messages={**COMMON, "invalid": _("Please enter a full web address, such as https://t.me/…")},
    )  # fmt: skip
    excerpt = FreeTextField(
        required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 5}), label=_("Text excerpt")
    )
    title = FreeTextField(required=False, max_length=200, label=_("Short description (optional)"))
    platform = forms.ChoiceField(
        choices=[("", _("Not known"))] + PLATFORMS, required=False, label=_("Platform"), error_messages=COMMON
    )
    account = FreeTextField(required=False, max_length=300, label=_("Account, profile, group or channel name as shown"))
    visible_date = FreeTextField(
        required=False, max_length=100, label=_("Date shown on the page or message (as written there)")
    )
    captured_by = FreeTextField(required=False, max_length=200, label=_("Who captured it"))
    captured_at = WallClockField(
        required=False, label=_("When it was captured"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={**COMMON, "invalid": _("Please enter a date and time, such as 2026-03-14 18:30.")},
    )  # fmt: skip
    captured_tz = forms.ChoiceField(
        choices=capture_time.zone_choices, required=False, label=_("Time zone of that time"),
        help_text=_("The time above is read in this zone. Change it if the capture was made elsewhere."),
        error_messages=COMMON,
    )  # fmt: skip
    method = forms.ChoiceField(
        choices=[("", _("Not known"))] + METHODS, required=False, label=_("How it was captured"), error_messages=COMMON
    )

    def __init__(self, *args: Any, default_zone: str = capture_time.DEFAULT_ZONE, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evidence_%s")
        super().__init__(*args, **kwargs)
        self.fields["captured_tz"].initial = default_zone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        when = data.get("captured_at")
        if when is not None and when.tzinfo is None and not data.get("captured_tz"):
            self.add_error("captured_tz", _("Please choose the time zone of this time."))
        kind = data.get("kind")
        if kind == "file" and not data.get("file"):
            self.add_error("file", _("Please choose the file."))
        if kind == "url" and not data.get("url"):
            self.add_error("url", _("Please enter the web address."))
        if kind == "text" and not data.get("excerpt"):
            self.add_error("excerpt", _("Please paste or type the text."))
        upload = data.get("file")
        if upload is not None and upload.size > settings.GLASNA_MAX_EVIDENCE_BYTES:
            from django.template.defaultfilters import filesizeformat

            self.add_error(
                "file",
                _("This file is larger than %(limit)s. Please send a smaller file.")
                % {"limit": filesizeformat(settings.GLASNA_MAX_EVIDENCE_BYTES)},
            )
        return data

    def capture(self, default_captured_by: str = "") -> Capture:
        data = self.cleaned_data
        when, zone = data.get("captured_at"), data.get("captured_tz") or ""
        if when is not None:
            when = capture_time.to_utc(when, zone)
        return Capture(
            url=data.get("url") or "",
            platform=data.get("platform") or "",
            account=data.get("account") or "",
            visible_date=data.get("visible_date") or "",
            captured_by=data.get("captured_by") or default_captured_by,
            captured_at=when.isoformat(timespec="minutes") if when else "",
            captured_tz=zone if when else "",
            method=data.get("method") or "",
        )


class NoteForm(forms.Form):
    note = FreeTextField(
        max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Add a note (staff only, encrypted)")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "evnote_%s")
        super().__init__(*args, **kwargs)


class ExportForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language of the report"), error_messages=COMMON)
    items = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label=_("Items (none chosen: all)"), error_messages=COMMON
    )

    without_time_stamp = forms.BooleanField(
        required=False,
        label=_("Export without a time-stamp (only when the time-stamping authority is down)"),
        help_text=_(
            "The events of this export then have no independent time: the report and verify.py say so. "
            "Export again later to have them stamped."
        ),
    )

    def __init__(self, *args: Any, item_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "export_%s")
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = item_choices or []  # type: ignore[attr-defined]
        if not settings.GLASNA_TSA_URL:  # nothing to wait for
            del self.fields["without_time_stamp"]
