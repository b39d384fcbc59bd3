from django.urls import path

from glasna.accounts import audit_views, directory_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.totp_view, name="totp"),
    path("login/set-up/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("directory/", directory_views.directory_view, name="directory"),
    path("audit/", audit_views.audit_view, name="audit"),
]
