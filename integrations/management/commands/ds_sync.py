"""`qvct ds-sync --call SLUG`: takes a call's dossiers in from Démarches Simplifiées and prints the report."""

from django.core.management.base import BaseCommand, CommandError

from calls.models import Call
from integrations.ds_client import DsError
from integrations.sync import ds_sync
from integrations.writeback import writebacks_send_due


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
        # The decisions still waiting for DS go first: a sync never waits for them, nor they for it.
        sent = writebacks_send_due()
        if sent:
            self.stdout.write(f"{sent} décision(s) transmise(s) à Démarches Simplifiées.")
        try:
            state = ds_sync(call=call)
        except DsError as error:
            raise CommandError(str(error)) from None
        for line in state.report:
            self.stdout.write(line)
        self.stdout.write(f"{state.done} dossier(s) lu(s) sur Démarches Simplifiées.")
