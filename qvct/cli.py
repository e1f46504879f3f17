"""The `qvct` console command: the operator commands of Guichet QVCT, and manage.py for everything else."""

import os
import sys

from qvct import argfrench

# Operator commands and the management command that implements each one.
OPERATOR_COMMANDS = {
    "check": "check_dossiers",
    "import": "import_dossiers",
    "load-calls": "load_calls",
    "import-finess": "import_finess",
    "demo": "demo",
    "bench-data": "bench_data",
    "remind": "send_reminders",
    "send-mail": "send_pending_mail",
    "rescan": "scan_pending",
    "ds-sync": "ds_sync",
    "backup": "backup",
    "restore": "restore",
}

USAGE = """Usage : qvct COMMANDE [OPTIONS]

Commandes d'exploitation :
  check FICHIER…            vérifie la recevabilité de dossiers qvct.dossier/1 (sans base de données)
  allocate FICHIER [--method rank|optimal]
                            répartit une enveloppe (problème qvct.allocation/1, sans base de données)
  import FICHIER… [--attachments DOSSIER]
                            crée ou met à jour des dossiers depuis des fichiers qvct.dossier/1
  load-calls [FICHIERS…]    valide et charge les définitions d'appels (toutes celles livrées par défaut)
  import-finess FICHIER     importe les établissements d'un extrait FINESS public (etalab cs1100507)
  demo                      prépare la base de démonstration (appels, établissements, comptes)
  bench-data [--dossiers N] [--seed S]
                            ajoute un jeu de données à l'échelle nationale pour les mesures
  remind                    relance les porteurs dont les compléments sont attendus dans deux jours,
                            et ceux dont un compte rendu de suivi est attendu dans sept jours ou en retard
                            (délais réglables : QVCT_COMPLEMENTS_REMINDER_DAYS, QVCT_REPORT_REMINDER_DAYS ;
                            à lancer chaque jour)
  send-mail                 envoie les courriels restés en attente (panne, serveur de courriel
                            injoignable) ; à lancer toutes les cinq minutes
  ds-sync --call CODE       reprend les dossiers de l'appel depuis Démarches Simplifiées (nouveaux,
                            modifiés, supprimés) ; reprend là où une synchronisation interrompue s'est arrêtée
  rescan                    confie au travailleur de fond l'analyse antivirus des pièces restées
                            « analyse en attente » (quand clamd ne répondait pas)
  backup FICHIER            sauvegarde la base et les fichiers déposés dans une archive .tar.gz,
                            avec l'empreinte SHA-256 de chaque fichier (à lancer chaque nuit)
  restore FICHIER [--force] restaure une sauvegarde après avoir vérifié chaque empreinte ; refuse
                            une base qui contient déjà des données, sauf avec --force

Toute autre commande est transmise à manage.py de Django (migrate, createsuperuser, runserver…) ;
`qvct manage COMMANDE` y force le passage : `qvct manage check --deploy` lance les vérifications de
Django (`manage.py check --deploy` aussi) ; `qvct check` s'appelle `check_dossiers` sous manage.py.
"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qvct.settings.dev")
    argfrench.install()
    args = argv[1:]
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    command, rest = args[0], args[1:]
    if command in {"check", "check_dossiers"}:
        # Pure: works right after `make install`, with no database and no Django set-up; `manage.py
        # check_dossiers` runs the same code, and Django's own `check` stays Django's (`qvct manage check`).
        # Not a cycle: each command imports only what it runs; the solver (numpy, HiGHS) and Django cost
        # `qvct check` a second at every start.
        from eligibility.cli import main as check_main

        return _status(check_main, rest)
    if command == "allocate":
        # Not a cycle: the solver is imported by the one command that uses it (see `check` above).
        from funding.cli import main as allocate_main

        return _status(allocate_main, rest)
    if command == "manage":
        if not rest:
            print(USAGE)
            return 0
        command, rest = rest[0], rest[1:]
    elif command in OPERATOR_COMMANDS:
        command = OPERATOR_COMMANDS[command]

    # Not a cycle: Django is imported only by the commands that run through it (see `check` above).
    from django.core.management import execute_from_command_line

    return _status(lambda args: execute_from_command_line(["qvct", command, *args]), rest)


def _status(run, args: list[str]) -> int:
    """The exit status of a command, whether it returns it or exits (argparse exits 2 on a mistyped command)."""
    try:
        return run(args) or 0
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)


if __name__ == "__main__":
    sys.exit(main())
