"""Agreements: the convention (or CPOM amendment) of each funded dossier, and its signatures."""

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Conventions"
