from django.urls import path

from glasna.law import views

app_name = "law"
urlpatterns = [
    path("rights/", views.rights, name="rights"),
    path("rights/coverage/", views.matrix, name="matrix"),
    path("rights/coverage.csv", views.matrix_csv, name="matrix_csv"),
    path("staff/law/reports/<uuid:report_id>/", views.case_guidance, name="case"),
    path(
        "staff/law/reports/<uuid:report_id>/drafts/<str:jurisdiction>/<str:kind>.<str:fmt>",
        views.draft,
        name="draft",
    ),
]
