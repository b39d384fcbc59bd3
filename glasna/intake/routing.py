"""Which organisation receives a report: by country, age and the help asked for."""

from glasna.accounts.models import Organisation
from glasna.intake.taxonomy import CHILD


class NoOrganisation(Exception):
    """No organisation accepts reports at all: a deployment error, not a survivor's."""


def choose_organisation(country: str, age_band: str, help_wanted: list[str]) -> Organisation:
    open_orgs = list(Organisation.objects.filter(accepts_reports=True).order_by("pk"))
    in_country = [org for org in open_orgs if country in org.countries]
    if age_band == CHILD:
        children = [org for org in in_country if org.serves_children] or [
            org for org in open_orgs if org.serves_children and org.is_regional_default
        ]
        if children:
            return children[0]
    for need in help_wanted:
        for org in in_country:
            if need in org.services:
                return org
    if in_country:
        return in_country[0]
    fallback = [org for org in open_orgs if org.is_regional_default] or open_orgs
    if not fallback:
        raise NoOrganisation
    return fallback[0]
