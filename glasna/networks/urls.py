from django.urls import path

from glasna.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.space_list, name="spaces"),
    path("spaces/<int:space_id>/", views.space_detail, name="space"),
    path("cases/<int:case_id>/escrow/", views.escrow_entry, name="escrow"),
    path("cases/<int:case_id>/spaces/", views.record_space, name="record_space"),
    path("elsewhere/", views.elsewhere, name="elsewhere"),
]
