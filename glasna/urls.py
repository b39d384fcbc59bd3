from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from glasna.core import views as core_views
from glasna.matching.api import api as matching_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("healthz", core_views.healthz, name="healthz"),
    path("api/matching/", matching_api.urls),
]
urlpatterns += i18n_patterns(
    path("staff/", include("glasna.accounts.urls")),
    path("staff/", include("glasna.cases.urls")),
    path("", include("glasna.matching.urls")),
    path("", include("glasna.intake.urls")),
    prefix_default_language=True,
)
