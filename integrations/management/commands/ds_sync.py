"""`qvct ds-sync --call SLUG`: takes a call's dossiers in from Démarches Simplifiées and prints the report."""

from django.core.management.base import BaseCommand, CommandError

from calls.models import Call
from integrations.ds_client import DsError
from integrations.sync import ds_sync


class Command(BaseCommand):
    help = "Reprend les dossiers d'un appel depuis Démarches Simplifiées (dossiers nouveaux, modifiés, supprimés)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--call", required=True, help="code de l'appel (sa définition déclare sa démarche)"
        )

    def handle(self, *args, **options):
        call = Call.objects.filter(code=options["call"]).first()
        if call is None:
            raise CommandError(f"Appel « {options['call']} » inconnu (qvct load-calls).")
        try:
            state = ds_sync(call=call)
        except DsError as error:
            raise CommandError(str(error)) from None
        for line in state.report:
            self.stdout.write(line)
        self.stdout.write(f"{state.done} dossier(s) lu(s) sur Démarches Simplifiées.")
