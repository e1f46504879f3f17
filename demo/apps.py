"""Demo: the demo data set (`qvct demo`), above every other app; no domain app imports it."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = "Démonstration"
