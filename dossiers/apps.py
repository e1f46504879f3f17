"""Dossiers: an establishment's application to a call, from first draft to dated receipt."""

from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Dossiers"
