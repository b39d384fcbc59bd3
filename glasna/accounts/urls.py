from django.urls import path

from glasna.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.totp_view, name="totp"),
    path("login/set-up/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
]
