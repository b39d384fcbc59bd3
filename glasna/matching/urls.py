from django.urls import path

from glasna.matching import views

app_name = "matching"
urlpatterns = [
    path("my-report/fingerprints/", views.hashes, name="hashes"),
    path("my-report/fingerprints/withdraw/", views.withdraw, name="withdraw"),
    path("staff/sightings/", views.sightings, name="sightings"),
]
