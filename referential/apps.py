"""Reference data: regions, departments, legal statuses and establishments (FINESS)."""

from django.apps import AppConfig


class ReferentialConfig(AppConfig):
    name = "referential"
    verbose_name = "Référentiel"
