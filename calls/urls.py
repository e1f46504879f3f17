"""Public URLs of the calls catalog."""

from django.urls import path

from .views import catalog

app_name = "calls"

urlpatterns = [
    path("", catalog.call_list, name="list"),
    path("<slug:code>/", catalog.call_detail, name="detail"),
]
