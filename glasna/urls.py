from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from glasna.core import views as core_views
from glasna.evidence import views as evidence_views
from glasna.matching.api import api as matching_api
from glasna.networks import peer_views
from glasna.networks.api import api as networks_api
from glasna.observatory.api import api as observatory_api

handler500 = "glasna.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("exit/", core_views.quick_exit, name="quick_exit"),
    path("healthz", core_views.healthz, name="healthz"),
    path("health/live", core_views.health_live, name="health_live"),
    path("health/ready", core_views.health_ready, name="health_ready"),
    path("evidence/keys.json", evidence_views.log_keys_json, name="evidence_log_keys_json"),
    path("evidence/tree-heads.json", evidence_views.tree_heads_json, name="evidence_tree_heads_json"),
    path("evidence/cosignatures.json", evidence_views.cosignatures_json, name="evidence_cosignatures_json"),
    path("api/observatory/v1/", observatory_api.urls),
    path("api/matching/", matching_api.urls),
    path("api/networks/v1/", networks_api.urls),
    path("networks/peers/feed.json", peer_views.feed_json, name="networks_peer_feed"),
]
urlpatterns += i18n_patterns(
    path("staff/", include("glasna.accounts.urls")),
    path("staff/", include("glasna.cases.urls")),
    path("staff/takedown/", include("glasna.takedown.urls")),
    path("staff/networks/", include("glasna.networks.urls")),
    path("staff/proceedings/", include("glasna.proceedings.urls")),
    path("staff/triage/", include("glasna.triage.urls")),
    path("campaigns/", include("glasna.takedown.public_urls")),
    path("staff/observatory/", include("glasna.observatory.staff_urls")),
    path("observatory/", include("glasna.observatory.urls")),
    path("", include("glasna.law.urls")),
    path("", include("glasna.evidence.urls")),
    path("", include("glasna.matching.urls")),
    path("", include("glasna.networks.portal_urls")),
    path("", include("glasna.intake.urls")),
    prefix_default_language=True,
)
