"""Follow-up of funded actions after the convention: reports, spending statements, closing and recovery."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Suivi des actions financées"
