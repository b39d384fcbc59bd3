from django.urls import path

from glasna.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report"),
    path("reports/<uuid:report_id>/files/<uuid:attachment_id>/", views.attachment, name="attachment"),
]
