from django.urls import include, path

from glasna.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("reports/<uuid:report_id>/", views.report_detail, name="report"),
    path("reports/<uuid:report_id>/files/<uuid:attachment_id>/", views.attachment, name="attachment"),
    path("", include("glasna.cases.plan_urls")),
    path("", include("glasna.cases.referral_urls")),
]
