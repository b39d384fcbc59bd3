"""The survivor's pages of the networks room, under her portal (her receipt's visit)."""

from django.urls import URLPattern, path

from glasna.networks import portal_views

app_name = "networks_portal"
urlpatterns: list[URLPattern] = [
    path("my-report/escrow/", portal_views.propose, name="propose"),
    path("my-report/escrow/<int:proposal_id>/withdraw/", portal_views.withdraw, name="withdraw"),
]
