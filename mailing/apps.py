"""Mailing: every e-mail of the site goes through a transactional outbox, sent by the worker with retries."""

from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "mailing"
    verbose_name = "Courriels"
