from django.urls import URLPattern, path

from glasna.triage import settings_views, views

app_name = "triage"
urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/cues/", views.decide, name="decide"),
    path("cases/<int:case_id>/images/<uuid:attachment_id>/preview/", views.preview, name="preview"),
    path("cases/<int:case_id>/images/<uuid:attachment_id>/reveal/", views.reveal, name="reveal"),
    path("notices/<int:notice_id>/redaction/", views.notice_redaction, name="notice_redaction"),
    path("languages/", settings_views.my_languages, name="my_languages"),
    path("languages/<int:member_id>/", settings_views.member_languages, name="member_languages"),
]
