from django.urls import URLPattern, path

from glasna.cases import referral_views

urlpatterns: list[URLPattern] = [
    path("cases/<int:case_id>/referrals/", referral_views.create, name="refer"),
    path("referrals/", referral_views.inbox, name="referrals"),
    path("referrals/<int:referral_id>/", referral_views.detail, name="referral"),
    path("referrals/<int:referral_id>/files/<int:file_id>/", referral_views.download, name="referral_file"),
]
