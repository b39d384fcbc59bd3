"""What matching adds to shared pages and listens for (called from MatchingConfig.ready)."""

from typing import Any

from django.db.models.signals import pre_delete
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from glasna.core import extensions


def _portal(request: HttpRequest, access: Any, view: dict[str, Any]) -> dict[str, Any]:
    from glasna.matching import banks

    entries = banks.report_entries(access.report_id)
    media = {(e.media_type, e.media_index) for e in entries}
    return {
        "photos": sum(1 for kind, _i in media if kind == "image"),
        "videos": sum(1 for kind, _i in media if kind == "video"),
    }


def _case_panel(request: HttpRequest, staff: Any, keys: Any, case: Any) -> dict[str, Any]:
    from glasna.matching import sightings
    from glasna.matching.models import HashEntry

    found = list(sightings.for_case(case.pk)[:50])
    unseen = [s.pk for s in found if not s.seen_by_staff]
    if unseen:
        sightings.Sighting.objects.filter(pk__in=unseen).update(seen_by_staff=True)
    return {
        "sightings": found,
        "new": len(unseen),
        "hashes": HashEntry.objects.filter(case_id=case.pk, withdrawn_at__isnull=True).count(),
    }


def _report_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A withdrawn report takes its hashes with it: platforms are told to delete them."""
    from glasna.matching import banks

    banks.withdraw_for_report(instance.pk, instance.organisation_id)


def register() -> None:
    extensions.register_portal_section(
        extensions.PortalSection(key="matching", template="matching/_portal_section.html", context=_portal, order=50)
    )
    extensions.register_case_panel(
        extensions.CasePanel(key="matching", template="matching/_case_panel.html", context=_case_panel, order=50)
    )
    extensions.register_nav_link(
        extensions.NavLink(key="matching", url_name="matching:sightings", label=_("Sightings"), order=60)
    )
    pre_delete.connect(_report_deleted, sender="intake.Report", dispatch_uid="matching-report-deleted")
