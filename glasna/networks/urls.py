from django.urls import path

from glasna.networks import (
    dossier_check_views,
    dossier_views,
    escrow_proposal_views,
    joint_complaint_views,
    joint_views,
    peer_views,
    views,
)

app_name = "networks"
urlpatterns = [
    path("", views.space_list, name="spaces"),
    path("spaces/<int:space_id>/", views.space_detail, name="space"),
    path("cases/<int:case_id>/escrow/", views.escrow_entry, name="escrow"),
    path(
        "cases/<int:case_id>/escrow/proposals/<int:proposal_id>/",
        escrow_proposal_views.act,
        name="escrow_proposal",
    ),
    path("spaces/<int:space_id>/dossier/", dossier_views.space_dossier, name="space_dossier"),
    path("matches/<int:match_id>/dossier/", dossier_views.match_dossier, name="match_dossier"),
    path("spaces/<int:space_id>/dossier/check/", dossier_check_views.space_check, name="space_dossier_check"),
    path("matches/<int:match_id>/dossier/check/", dossier_check_views.match_check, name="match_dossier_check"),
    path("cases/<int:case_id>/coordination-consent/", dossier_views.coordination_consent, name="consent"),
    path("cases/<int:case_id>/spaces/", views.record_space, name="record_space"),
    path("elsewhere/", views.elsewhere, name="elsewhere"),
    path("spaces/<int:space_id>/joint/", joint_views.propose, name="joint_propose"),
    path("joint/<int:joint_id>/", joint_views.detail, name="joint"),
    path("complaints/<int:member_id>/", joint_complaint_views.detail, name="complaint"),
    path("complaints/<int:member_id>/pack/", joint_complaint_views.complaint_pack, name="complaint_pack"),
    path("peers/", peer_views.peers_view, name="peers"),
    path("peers/<int:peer_id>/sync/", peer_views.peer_sync_view, name="peer_sync"),
    path("peers/<int:peer_id>/remove/", peer_views.peer_remove_view, name="peer_remove"),
    path("feed/", peer_views.feed_choice_view, name="feed_choice"),
]
