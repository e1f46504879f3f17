"""Review: the ARS's instruction of filed dossiers (list, findings, complements, admissibility)."""

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Instruction"
