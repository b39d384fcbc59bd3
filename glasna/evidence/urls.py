from django.urls import URLPattern, path

from glasna.evidence import views

app_name = "evidence"
urlpatterns: list[URLPattern] = [
    path("staff/evidence/cases/<int:case_id>/", views.case_evidence, name="case"),
    path("staff/evidence/cases/<int:case_id>/export/", views.export, name="export"),
    path(
        "staff/evidence/cases/<int:case_id>/import/<uuid:attachment_id>/",
        views.import_attachment,
        name="import_attachment",
    ),
    path("staff/evidence/items/<uuid:item_id>/", views.item_detail, name="item"),
    path("staff/evidence/log/", views.log_state, name="log_state"),
    path("staff/evidence/items/<uuid:item_id>/original/", views.item_original, name="original"),
    path("evidence/guidance/", views.guidance, name="guidance"),
    path("evidence/keys/", views.log_keys, name="keys"),
    path("my-report/evidence/add/", views.portal_add, name="portal_add"),
]
