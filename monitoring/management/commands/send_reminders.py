"""`qvct remind`: the daily reminders — complements due in two days (review) and follow-up reports due (monitoring);
run it once a day (cron, systemd timer). It lives in the follow-up, the upper of the two apps it calls."""

from django.core.management.base import BaseCommand

from monitoring.reminders import reminders_send as reports_reminders_send
from review.services import reminders_send


class Command(BaseCommand):
    help = (
        "Relance par courriel les porteurs dont les compléments ou les comptes rendus de suivi sont attendus."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{reminders_send()} relance(s) envoyée(s).")
        self.stdout.write(f"{reports_reminders_send()} relance(s) de compte rendu envoyée(s).")
