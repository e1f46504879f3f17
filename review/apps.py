"""Review: the ARS's instruction of filed dossiers (list, findings, complements, admissibility)."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Instruction"

    def ready(self) -> None:
        # The instruction list's exports register with the exporter (qvct/exports), read by the worker too.
        from . import exports, exports_exchange  # noqa: F401
