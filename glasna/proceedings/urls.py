from django.urls import URLPattern, path

from glasna.proceedings import download_views, views

app_name = "proceedings"
urlpatterns: list[URLPattern] = [
    path("", views.attention, name="attention"),
    path("settings/", views.silence_settings, name="settings"),
    path("report/", download_views.organisation_report, name="org_report"),
    path("cases/<int:case_id>/", views.add, name="add"),
    path("<int:proceeding_id>/", views.page, name="page"),
    path("<int:proceeding_id>/steps/", views.add_step, name="step"),
    path("<int:proceeding_id>/details/", views.update, name="update"),
    path("<int:proceeding_id>/given/", views.give, name="give"),
    path("<int:proceeding_id>/breaches/", views.breach, name="breach"),
    path("<int:proceeding_id>/breaches/decision/", views.breach_decision, name="breach_decision"),
    path("<int:proceeding_id>/letters/<str:kind>.<str:fmt>", download_views.letter, name="letter"),
    path("cases/<int:case_id>/chronology.pdf", download_views.chronology, name="chronology"),
]
