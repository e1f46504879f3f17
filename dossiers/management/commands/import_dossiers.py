"""`qvct import FILE… [--attachments DIR]`: creates or updates dossiers from qvct.dossier/1 files."""

from pathlib import Path

from django.core.management.base import BaseCommand

from dossiers.importer import import_files
from dossiers.sheet_import import import_sheet, is_sheet


class Command(BaseCommand):
    help = (
        "Crée ou met à jour des dossiers (par référence) depuis des fichiers qvct.dossier/1 (JSON) "
        "ou des exports « échange » (.xlsx, .ods, .csv), sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", help="fichiers JSON qvct.dossier/1, ou exports « échange » .xlsx, .ods, .csv"
        )
        parser.add_argument(
            "--attachments", help="dossier contenant les pièces et devis nommés dans les fichiers"
        )

    def handle(self, *args, files, attachments=None, **options):
        sheets = [path for path in files if is_sheet(path)]
        reports = import_files([path for path in files if not is_sheet(path)], folder=attachments)
        for path in sheets:
            reports += import_sheet(Path(path), folder=Path(attachments) if attachments else None)
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
