"""`qvct load-calls [FILES]`: validates call definitions and loads them, all or nothing."""

from django.core.management.base import BaseCommand

from calls.services import CallsLoadError, calls_load


class Command(BaseCommand):
    help = "Valide puis charge les définitions d'appels (par défaut, celles livrées dans calls/definitions)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="fichiers YAML de définition")

    def handle(self, *args, files, **options):
        try:
            report = calls_load(paths=files or None)
        except CallsLoadError as error:
            for line in str(error).splitlines():
                self.stderr.write(line)
            self.stderr.write("Aucun appel n'a été chargé.")
            raise SystemExit(2) from None
        for code in report.created:
            self.stdout.write(f"{code} : créé")
        for code in report.updated:
            kept = report.kept_overrides.get(code)
            suffix = f" (valeurs du gestionnaire conservées : {', '.join(kept)})" if kept else ""
            self.stdout.write(f"{code} : mis à jour{suffix}")
        for code in report.unchanged:
            self.stdout.write(f"{code} : inchangé")
