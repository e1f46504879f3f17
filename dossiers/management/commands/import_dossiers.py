"""`qvct import FILE… [--attachments DIR]`: creates or updates dossiers from qvct.dossier/1 files."""

from django.core.management.base import BaseCommand

from dossiers.importer import import_files


class Command(BaseCommand):
    help = "Crée ou met à jour des dossiers (par référence) depuis des fichiers qvct.dossier/1, sans doublon."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="fichiers JSON qvct.dossier/1")
        parser.add_argument(
            "--attachments", help="dossier contenant les pièces et devis nommés dans les fichiers"
        )

    def handle(self, *args, files, attachments=None, **options):
        reports = import_files(files, folder=attachments)
        for report in reports:
            stream = self.stderr if report.outcome == "erreur" else self.stdout
            stream.write(report.line())
            for warning in report.warnings:
                self.stdout.write(f"  avertissement : {warning}")
        failed = sum(report.outcome == "erreur" for report in reports)
        self.stdout.write(
            f"{len(reports) - failed} fichier(s) importé(s) ou inchangé(s), {failed} en erreur."
        )
        if failed:
            raise SystemExit(2)
