"""Queues the antivirus analysis of every file still pending (after clamd was unreachable); run it at will."""

from django.core.management.base import BaseCommand, CommandError

from dossiers.scanning import pending_scans_enqueue
from dossiers.uploads import antivirus_configured


class Command(BaseCommand):
    help = "Relance l'analyse antivirus des pièces restées « analyse en attente »."

    def handle(self, *args, **options):
        if not antivirus_configured():
            raise CommandError("Aucun antivirus n'est configuré (CLAMAV_SOCKET ou CLAMAV_HOST).")
        count = pending_scans_enqueue()
        self.stdout.write(f"{count} pièce(s) à analyser confiée(s) au travailleur de fond.")
