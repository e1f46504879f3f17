"""`qvct restore FICHIER [--force]`: puts back a backup after checking every SHA-256 of its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qvct import formats
from qvct.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de `qvct backup` (base de données et fichiers déposés), après avoir vérifié "
        "l'empreinte de chaque fichier ; refuse une base qui contient déjà des données, sauf avec --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="archive écrite par qvct backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="efface les données de la base avant de restaurer (elles sont remplacées par la sauvegarde)",
        )

    def handle(self, *args, fichier: str, force: bool, **options):
        try:
            restored = restore(Path(fichier), force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {restored.taken_at} restaurée : {formats.number(restored.records)} "
                f"enregistrements, {formats.number(restored.files)} fichiers."
            )
        )
