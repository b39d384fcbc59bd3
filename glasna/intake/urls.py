from django.urls import path

from glasna.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    path("report/", views.report, name="report"),
    path("return/", views.return_visit, name="return"),
    path("my-report/", views.my_report, name="my_report"),
    path("my-report/leave/", views.leave, name="leave"),
    path("my-report/consent/<int:referral_id>/", views.consent, name="consent"),
    path("my-report/withdraw/", views.withdraw, name="withdraw"),
    path("safety/", views.safety, name="safety"),
]
