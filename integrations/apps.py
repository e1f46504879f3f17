from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = "Démarches Simplifiées"

    def ready(self):
        from django.db.models.signals import post_save

        from dossiers.models import DossierEvent

        from .writeback import writebacks_for_event

        def queued(sender, instance, created, **kwargs):
            # The decisions of dossiers taken in from DS go back to DS: queued with the transition itself.
            # Not for a row put back by `loaddata` (`qvct restore`): its decision was already sent.
            if created and instance.transition and not kwargs.get("raw"):
                writebacks_for_event(instance)

        post_save.connect(queued, sender=DossierEvent, dispatch_uid="integrations_writeback", weak=False)
