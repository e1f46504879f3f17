"""Workspaces: the page of each role, a web layer that reads every domain app; no domain app imports it."""

from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "workspaces"
    verbose_name = "Espaces par rôle"
