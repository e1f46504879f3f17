"""URLs of funding, under /financement/."""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("lettres/<str:reference>/", views.letter_download, name="letter"),
    path("<slug:code>/", views.simulation, name="simulation"),
    path("<slug:code>/scenarios/<int:pk>/retenir/", views.choose, name="choose"),
    path("<slug:code>/decisions/", views.decisions, name="decisions"),
    path("<slug:code>/decisions/operation/", views.decisions_action, name="decisions_action"),
    path("<slug:code>/decisions/<int:pk>/", views.decision_adjust, name="decision_adjust"),
    path("<slug:code>/notifications/", views.notifications, name="notifications"),
    path(
        "<slug:code>/notifications/<int:pk>/relancer/",
        views.notifications_resume,
        name="notifications_resume",
    ),
]
