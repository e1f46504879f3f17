"""`qvct backup FICHIER`: saves the database and the uploaded files in one archive with a SHA-256 manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qvct import formats
from qvct.backup import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers déposés dans une archive (.tar.gz) avec l'empreinte "
        "SHA-256 de chaque fichier ; les secrets et réglages n'y sont pas."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="chemin de l'archive à écrire, par exemple sauvegarde.tar.gz")

    def handle(self, *args, fichier: str, **options):
        destination = Path(fichier)
        if destination.is_dir():
            raise CommandError(f"« {fichier} » est un dossier : indiquez le nom de l'archive à écrire.")
        try:
            records, files = backup(destination)
        except OSError as error:
            raise CommandError(
                f"La sauvegarde n'a pas pu être écrite ({error.strerror}) : aucune archive créée."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans « {destination} » : {formats.number(records)} enregistrements, "
                f"{formats.number(files)} fichiers."
            )
        )
