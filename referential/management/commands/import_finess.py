"""`qvct import-finess FILE`: imports the establishments of a public FINESS extract."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referential.services import finess_import


class Progress:
    """A progress bar on standard error, redrawn in place on a terminal and every 10 % elsewhere."""

    def __init__(self, total: int, stream=None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.shown = -1

    def __call__(self, size: int) -> None:
        self.done += size
        percent = min(100, self.done * 100 // self.total)
        step = percent if self.tty else percent - percent % 10
        if step == self.shown:
            return
        self.shown = step
        bar = "█" * (percent // 5) + "·" * (20 - percent // 5)
        end = "\r" if self.tty and percent < 100 else "\n"
        self.stream.write(f"  [{bar}] {percent:3d} %{end}")
        self.stream.flush()


class Command(BaseCommand):
    help = "Importe (ou met à jour) les établissements d'un extrait FINESS public etalab cs1100507."

    def add_arguments(self, parser):
        parser.add_argument("file", help="chemin de l'extrait FINESS (CSV ;)")
        parser.add_argument("--quiet", action="store_true", help="sans barre de progression")

    def handle(self, *args, file, quiet=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} : fichier introuvable.")
        progress = None if quiet else Progress(path.stat().st_size, self.stderr._out)
        with path.open("rb") as stream:
            report = finess_import(stream=stream, on_bytes=progress)
        for warning in report.header.warnings:
            self.stderr.write(f"{file} : {warning}")
        for rejected in report.rejected:
            self.stderr.write(f"{file}:{rejected.line} : ligne rejetée — {rejected.reason}")
        for warning in report.warnings:
            self.stderr.write(f"{file}:{warning.line} : avertissement — {warning.reason}")
        self.stdout.write(
            f"{report.created} établissement(s) créé(s), {report.updated} mis à jour, "
            f"{report.unchanged} inchangé(s), {report.located} géolocalisation(s) mise(s) à jour, "
            f"{len(report.rejected)} ligne(s) rejetée(s)."
        )
        if report.read == 0:
            # Nothing usable: the operator's script must not carry on as if the referential were loaded.
            self.stderr.write(
                f"{file} : aucun établissement lu, toutes les lignes ont été rejetées."
                if report.rejected
                else f"{file} : aucune ligne d'établissement trouvée ; est-ce bien un extrait FINESS ?"
            )
            raise SystemExit(2)
