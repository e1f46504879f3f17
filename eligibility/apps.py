"""Admissibility: the pure rule engine over `qvct.dossier/1` data, and the `qvct check` command."""

from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "eligibility"
    verbose_name = "Recevabilité"
