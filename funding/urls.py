"""URLs of funding, under /financement/."""

from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    path("<slug:code>/", views.simulation, name="simulation"),
    path("<slug:code>/scenarios/<int:pk>/retenir/", views.choose, name="choose"),
]
