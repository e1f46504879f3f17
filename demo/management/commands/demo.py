"""`qvct demo`: loads the demo data set and prints the demo accounts."""

from django.core.management.base import BaseCommand

from demo.accounts import demo_accounts_text, demo_load


class Command(BaseCommand):
    help = "Charge les données de démonstration (appels, établissements d'exemple, comptes) et liste les comptes."

    def handle(self, *args, **options):
        demo_load()
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(demo_accounts_text())
