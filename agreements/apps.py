"""Agreements: the convention (or CPOM amendment) of each funded dossier, and its signatures."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Conventions"

    def ready(self) -> None:
        # Its lists register with the exporter (qvct/exports), which the background worker reads too.
        from . import exports  # noqa: F401
