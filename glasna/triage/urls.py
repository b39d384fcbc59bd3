from django.urls import URLPattern, path

from glasna.triage import views

app_name = "triage"
urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/cues/", views.decide, name="decide"),
]
