"""Calls for applications: their versioned definitions, loaded from files, and the public catalog pages."""

from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = "Appels à candidatures"
