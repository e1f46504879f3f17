"""Support programmes (ARACT accompaniment): selection of the candidacies, cohorts and their host sites."""

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Accompagnement collectif"
