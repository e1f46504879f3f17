"""Figures of the calls for the ARS: dashboards per call and across years, and the open data of the grants."""

from django.apps import AppConfig


class StatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stats"
    verbose_name = "Statistiques"
