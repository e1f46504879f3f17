"""Sends the e-mails of the outbox that are due: run it every few minutes (cron, systemd timer)."""

from django.core.management.base import BaseCommand

from mailing.services import Outcome, outbox_deliver_due


class Command(BaseCommand):
    help = "Envoie les courriels en attente de la boîte d'envoi (après une panne ou un échec d'envoi)."

    def handle(self, *args, **options):
        counts = outbox_deliver_due()
        self.stdout.write(
            f"{counts[Outcome.SENT]} courriel(s) envoyé(s), {counts[Outcome.RETRY]} à réessayer, "
            f"{counts[Outcome.FAILED]} abandonné(s)."
        )
