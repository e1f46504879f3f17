"""`manage.py check_dossiers FILE…` (`qvct check FILE…`): the admissibility check of qvct.dossier/1 files.

Named apart from Django's own `check`, which `manage.py check --deploy` must keep running.
"""

import sys

from django.core.management.base import BaseCommand

from eligibility.cli import main


class Command(BaseCommand):
    help = "Vérifie la recevabilité de dossiers qvct.dossier/1 (un résultat JSON par dossier, sans base)."

    def run_from_argv(self, argv: list[str]) -> None:
        # The dossier checker has its own options (--calls, --history, --pretty): hand it the arguments as typed.
        sys.exit(main(argv[2:]))
