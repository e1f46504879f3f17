"""`qvct bench-data --dossiers N --seed S`: adds a national-scale data set for the benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from demo.national import CALL_SHARES, PASSWORD, bench_data_load


class Command(BaseCommand):
    help = (
        "Ajoute un jeu de données à l'échelle nationale (établissements, dossiers dans tous les états, comité, "
        "décisions, conventions) pour les mesures de performance ; même graine, mêmes données."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1000, help="nombre de dossiers à ajouter")
        parser.add_argument("--seed", type=int, default=2026, help="graine du tirage")
        parser.add_argument(
            "--appel",
            default=None,
            help="code d'un appel : tous les dossiers y sont ajoutés (un grand comité)",
        )

    def handle(self, *args, dossiers: int, seed: int, appel: str | None = None, **options):
        if dossiers < 1 or dossiers > 1_000_000:
            raise CommandError("Indiquez un nombre de dossiers entre 1 et 1 000 000.")
        if appel is not None and appel not in CALL_SHARES:
            raise CommandError(f"Appel inconnu du jeu de mesure : choisissez parmi {', '.join(CALL_SHARES)}.")
        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"{done} / {total} dossiers ({time.perf_counter() - start:.0f} s)")

        # Millions of inserts: the development settings' query log (DEBUG) would hold them all in memory.
        with override_settings(DEBUG=False):
            report = bench_data_load(dossiers=dossiers, seed=seed, on_progress=progress, only_call=appel)
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.dossiers} dossiers ajoutés en {time.perf_counter() - start:.0f} s "
                f"({report.establishments} établissements en base)."
            )
        )
        for name, count in sorted(report.rows.items()):
            self.stdout.write(f"  {name} : {count}")
        self.stdout.write(f"Comptes : porteur-<FINESS>@bench.qvct.invalid, mot de passe « {PASSWORD} ».")
