from django.urls import URLPattern, path

from glasna.takedown import views

app_name = "takedown"
urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/notices/", views.build, name="build"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice"),
    path("notices/due/", views.due, name="due"),
    path("platforms/", views.platforms, name="platforms"),
    path("platforms/<slug:key>/", views.platform_edit, name="platform_edit"),
    path("platform-figures/", views.figures, name="figures"),
    path("campaigns/", views.campaign_list, name="campaigns"),
]
