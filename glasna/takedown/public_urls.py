from django.urls import URLPattern, path

from glasna.takedown import public_views

app_name = "campaigns"
urlpatterns: list[URLPattern] = [
    path("<uuid:token>/", public_views.campaign_page, name="page"),
]
