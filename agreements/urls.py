"""URLs of conventions, under /conventions/."""

from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("appel/<slug:code>/", views.call_conventions, name="call"),
    path("<str:reference>/convention.pdf", views.convention_file, name="file"),
    path("<str:reference>/signature/", views.convention_sign, name="sign"),
]
