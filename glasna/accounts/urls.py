from django.urls import path

from glasna.accounts import (
    audit_views,
    console_views,
    directory_views,
    operator_views,
    own_account_views,
    recovery_views,
    rotation_views,
    settings_views,
    views,
)

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.totp_view, name="totp"),
    path("login/set-up/", views.enrol_view, name="enrol"),
    path("login/set-up/codes/", views.enrol_codes_view, name="enrol_codes"),
    path("logout/", views.logout_view, name="logout"),
    path("confirm/", views.step_up_view, name="step_up"),
    path("account/", own_account_views.own_account_view, name="own_account"),
    path("account/sessions/end/", own_account_views.end_other_sessions_view, name="end_other_sessions"),
    path("account/authenticator/", own_account_views.new_authenticator_view, name="new_authenticator"),
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
    # Recovery, organisation settings and the operator console (issue 15).
    path("console/members/<int:member_id>/recovery/", recovery_views.member_recovery_view, name="member_recovery"),
    path("reset/<str:token>/", recovery_views.reset_view, name="reset"),
    path("recovery-code/", recovery_views.recovery_code_view, name="recovery_code"),
    path("settings/", settings_views.settings_view, name="settings"),
    path("settings/tokens/", settings_views.token_create_view, name="token_create"),
    path("settings/tokens/<int:token_id>/revoke/", settings_views.token_revoke_view, name="token_revoke"),
    path("settings/<slug:section>/", settings_views.section_view, name="settings_section"),
    path("operator/", operator_views.operator_view, name="operator"),
    path("operator/sessions/end/", operator_views.end_all_sessions_view, name="operator_end_sessions"),
    path("one-time-codes/", recovery_views.codes_view, name="codes"),
    path("one-time-codes/new/", recovery_views.codes_issue_view, name="codes_issue"),
]
