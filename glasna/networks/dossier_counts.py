"""Cross-organisation counts inside a dossier: "named in N cases across M organisations, in
countries X and Y, since <month>", from the cross-organisation linkage (federation.py) and under
the observatory's disclosure control (observatory/disclosure.py), because a dossier leaves Glasna.

- The exporting organisation's own cases are its own: counted exactly.
- The other organisations' cases are one cover table by country (a case counts in every country
  of its organisation): the table is withheld when it holds fewer than the threshold, and a
  country is named only when its cell is publishable. So neither N nor a country is ever a small
  number of someone else's cases, and N minus the exporter's own count is never small either.
- Organisations are counted, never named, unless one chose to show its name in a joint campaign
  on the space (joint.py: `share_name`). Installations that sent records add to the count of
  organisations and to the month; their cases are not known here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from glasna.networks import federation
from glasna.networks.models import Appearance, JointMember, JointState, Space, SpaceLink
from glasna.observatory import codebook, disclosure


def for_spaces(organisation_id: int, spaces: list[Space]) -> dict[str, Any]:
    """The counts for a dossier about these spaces (a lineage) of the organisation."""
    t = disclosure.threshold()
    own_keys = set()
    for space in spaces:
        appearance = federation.record(space)
        if appearance is not None:
            own_keys.add((appearance.platform, appearance.pseudonym))
    rows = [
        row
        for row in Appearance.objects.filter(pseudonym__in={p for _platform, p in own_keys})
        if (row.platform, row.pseudonym) in own_keys
        and not (row.installation == "" and row.organisation_id == organisation_id)
    ]
    countries_of = {row.organisation_id: frozenset(row.countries) for row in rows if row.space_id is not None}
    case_orgs = set(
        SpaceLink.objects.filter(space_id__in=[row.space_id for row in rows if row.space_id is not None])
        .values_list("case_id", "organisation_id")
        .distinct()
    )
    table = disclosure.protect_cover_counts(
        "country",
        Counter(countries_of.get(org, frozenset()) for _case, org in case_orgs),
        list(codebook.load().codes("country")),
        t,
    )
    own = SpaceLink.objects.filter(space__in=spaces, organisation_id=organisation_id).values("case_id").distinct()
    own_cases = own.count()
    since = min((row.first_seen for row in rows), default=None)
    return {
        "threshold": t,
        "own_cases": own_cases,
        "other_organisations": len({(row.installation, row.reporter) for row in rows}),
        # None: fewer than the threshold (or none) at other organisations, so not given.
        "other_cases": table.total,
        "total_cases": own_cases + table.total if table.total is not None else None,
        "countries": [cell.code for cell in table.cells if cell.code != disclosure.OTHER],
        "since": since.strftime("%Y-%m") if since is not None else "",
        "named_organisations": _named(organisation_id, own_keys),
    }


def _named(organisation_id: int, keys: set[tuple[str, str]]) -> list[str]:
    """Other organisations that chose, in a joint campaign on the space, to be named."""
    members = JointMember.objects.filter(
        joint__pseudonym__in={p for _platform, p in keys}, state=JointState.JOINED, share_name=True
    ).exclude(organisation_id=organisation_id)
    return sorted(
        {
            m.organisation.name
            for m in members.select_related("organisation", "joint")
            if (m.joint.platform, m.joint.pseudonym) in keys
        }
    )


def pdf_context(data: dict[str, Any]) -> dict[str, Any]:
    """The PDF's labels for the counts, in the reader's language (dossier_pdf.py)."""
    found = data.get("elsewhere") or {}
    return {"elsewhere_countries": [codebook.label("country", code) for code in found.get("countries", [])]}
