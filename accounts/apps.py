"""Accounts: e-mail login, roles and the memberships that scope what each user sees."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Comptes"
