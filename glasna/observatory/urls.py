from django.urls import path

from glasna.observatory import views
from glasna.proceedings import figures_views

app_name = "observatory"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # Institutional accountability, computed by the proceedings room (issue 19).
    path("institutions/", figures_views.page, name="institutions"),
]
