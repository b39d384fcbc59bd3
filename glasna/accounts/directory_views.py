"""The organisation directory page: any signed-in staff member (it holds no case data)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from glasna.accounts import directory
from glasna.accounts.access import staff_required
from glasna.accounts.forms import DirectoryFilterForm
from glasna.accounts.models import COUNTRIES, Organisation
from glasna.intake.taxonomy import HELP


def _row(organisation: Organisation) -> dict[str, Any]:
    countries, services, languages = dict(COUNTRIES), dict(HELP), dict(settings.LANGUAGES)
    return {
        "organisation": organisation,
        "countries": [str(countries.get(code, code)) for code in organisation.countries],
        "services": [str(services.get(code, code)) for code in organisation.services],
        "languages": [str(languages.get(code, code)) for code in organisation.languages],
    }


@require_GET
@staff_required
def directory_view(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    valid = form.is_valid()
    organisations = directory.search(**form.filters()) if valid else Organisation.objects.none()
    return render(
        request,
        "accounts/directory.html",
        {"form": form, "rows": [_row(organisation) for organisation in organisations]},
        status=200 if valid else 400,
    )
