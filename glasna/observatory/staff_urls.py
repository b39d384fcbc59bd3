from django.urls import path

from glasna.observatory import staff_views

app_name = "observatory_staff"
urlpatterns = [
    path("cases/<int:case_id>/statistics/", staff_views.code_case, name="code_case"),
    path("foi/", staff_views.foi_list, name="foi_list"),
    path("foi/<int:request_id>/", staff_views.foi_detail, name="foi"),
    path("foi/<int:request_id>/<str:step>/", staff_views.foi_step, name="foi_step"),
]
