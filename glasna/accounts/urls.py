from django.urls import path

from glasna.accounts import audit_views, console_views, directory_views, rotation_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.totp_view, name="totp"),
    path("login/set-up/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("confirm/", views.step_up_view, name="step_up"),
    path("directory/", directory_views.directory_view, name="directory"),
    path("audit/", audit_views.audit_view, name="audit"),
    path("console/", console_views.console_view, name="console"),
    path("console/invite/", console_views.invite_view, name="invite"),
    path("console/members/<int:member_id>/", console_views.member_view, name="member"),
    path("console/invitations/<int:invitation_id>/revoke/", console_views.revoke_view, name="revoke"),
    path("console/rotation/", rotation_views.rotation_view, name="rotation"),
    path("console/rotation/<int:job_id>/progress/", rotation_views.rotation_progress_view, name="rotation_progress"),
    path("console/rotation/<int:job_id>/resume/", rotation_views.rotation_resume_view, name="rotation_resume"),
    path("console/members/<int:member_id>/role/", rotation_views.role_view, name="role"),
    path("join/<str:token>/", console_views.join_view, name="join"),
]
