"""Follow-up of funded actions after the convention: reports, spending statements, closing and recovery."""

from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = "Suivi des actions financées"

    def ready(self) -> None:
        # Models can be imported only once the apps are loaded, hence here.
        from agreements.signals import convention_signed
        from dossiers.earlier import earlier_funding_provide
        from dossiers.scanning import pending_scans_register
        from funding.recoveries import recoveries_provide

        from . import deductions, history, scanning
        from .services import follow_up_on_signature

        convention_signed.connect(follow_up_on_signature, dispatch_uid="monitoring.follow_up_open")
        # The apps below read what the follow-up knows through the ports they declare (no upward import).
        earlier_funding_provide(history)
        recoveries_provide(deductions)
        pending_scans_register(scanning.pending_invoices_enqueue)
