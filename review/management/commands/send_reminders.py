"""Sends the reminders of complements due in two days, and of follow-up reports (monitoring); run it once a day
(cron, systemd timer)."""

from django.core.management.base import BaseCommand

from review.services import reminders_send


class Command(BaseCommand):
    help = "Relance par courriel les porteurs dont les compléments sont attendus dans deux jours."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"{sent} relance(s) envoyée(s).")
        # The follow-up sits above review: a known upward read (READS_UP in tests/qvct/test_layering.py).
        from monitoring.reminders import reminders_send as reports_reminders_send

        self.stdout.write(f"{reports_reminders_send()} relance(s) de compte rendu envoyée(s).")
