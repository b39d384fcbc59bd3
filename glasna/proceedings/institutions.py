"""The kinds of institution a proceeding goes to, and which directory entries can stand for each.

A small data list: the silence thresholds (models.SilenceSettings) are set per type."""

from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import OrganisationType

TYPES = {
    "police": _("Police"),
    "prosecutor": _("Basic public prosecutor's office"),
    "court": _("Court"),
    "ombudsperson": _("Ombudsperson"),
    "data_protection": _("Data-protection authority"),
}
# The referral directory lists some institutions; these organisation types can be linked.
DIRECTORY_TYPES = (OrganisationType.POLICE, OrganisationType.PROSECUTOR, OrganisationType.OMBUDSPERSON)


def choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in TYPES.items()]
