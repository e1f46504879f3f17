"""Funding: the envelope's allocation (pure engine), decisions and notifications."""

from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Financement"
