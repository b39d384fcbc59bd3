"""The organisation directory: who helps where, in which languages, and who takes referrals.

The directory is small (tens of organisations, not thousands), so list-membership filters
(countries, services, languages, municipalities) run in Python: `__contains` on a JSON list
means different things on SQLite and PostgreSQL, and case-insensitive matching of Cyrillic or
Albanian text is not portable in SQL either."""

from django.conf import settings
from django.db.models import QuerySet

from glasna.accounts.models import Organisation, Role

# The locale codes an organisation can list as spoken with survivors.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
_LIST_FIELDS = ("countries", "services", "languages", "municipalities")


def _matches_text(organisation: Organisation, needle: str) -> bool:
    haystack = [organisation.name, organisation.description, organisation.address, *organisation.municipalities]
    return any(needle in str(value).casefold() for value in haystack)


def search(
    country: str | None = None,
    org_type: str | None = None,
    service: str | None = None,
    language: str | None = None,
    accepts_referrals: bool | None = None,
    text: str | None = None,
) -> QuerySet[Organisation]:
    """Organisations matching every filter given (None or empty: no filter), by name."""
    # The installation operator's own organisation (decisions/0006) helps nobody: not listed.
    candidates = Organisation.objects.exclude(staff__role=Role.PLATFORM_ADMIN)
    if org_type:
        candidates = candidates.filter(org_type=org_type)
    if accepts_referrals is not None:
        candidates = candidates.filter(accepts_referrals=accepts_referrals)
    needle = (text or "").strip().casefold()
    chosen = [
        organisation.pk
        for organisation in candidates.only("pk", "name", "description", "address", *_LIST_FIELDS)
        if (not country or country in organisation.countries)
        and (not service or service in organisation.services)
        and (not language or language in organisation.languages)
        and (not needle or _matches_text(organisation, needle))
    ]
    return Organisation.objects.filter(pk__in=chosen).order_by("name", "pk")


def referral_targets(for_org: Organisation) -> QuerySet[Organisation]:
    """Where `for_org` can refer a case: every other organisation that accepts referrals."""
    return Organisation.objects.filter(accepts_referrals=True).exclude(pk=for_org.pk).order_by("name", "pk")
