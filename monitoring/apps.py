"""Follow-up of funded actions after the convention: reports, spending statements, closing and recovery."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Suivi des actions financées"

    def ready(self) -> None:
        from agreements.signals import convention_signed  # apps are loaded only now

        from .services import follow_up_on_signature

        convention_signed.connect(follow_up_on_signature, dispatch_uid="monitoring.follow_up_open")
