"""Funding: the envelope's allocation (pure engine), decisions and notifications."""

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Financement"

    def ready(self) -> None:
        # Its lists register with the exporter (qvct/exports), which the background worker reads too.
        from . import exports  # noqa: F401
