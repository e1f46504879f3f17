"""`qvct check FILE…`: checks `qvct.dossier/1` files against the shipped call definitions, with no database.

One JSON result per dossier on standard output, in the order of the files. Exit status 0 when every file was
read, whatever the verdicts; 2 with one clear line per unreadable file on standard error.
"""

import argparse
import json
import sys
from pathlib import Path

from calls.definition import CallDefinition
from calls.definition_files import DefinitionFileError, load_definition_file, load_shipped_definitions
from qvct.jsonfile import JsonFileError, read_json_file

from .dossier import DossierFormatError, parse_dossier
from .engine import check_dossier
from .history import HistoryFormatError, load_history


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qvct check",
        description="Vérifie la recevabilité de dossiers qvct.dossier/1 (un résultat JSON par dossier).",
    )
    parser.add_argument("files", nargs="+", metavar="FICHIER", help="dossier(s) au format qvct.dossier/1")
    parser.add_argument(
        "--calls",
        nargs="*",
        default=[],
        metavar="DEFINITION",
        help="définitions d'appels supplémentaires (YAML), en plus de celles livrées",
    )
    parser.add_argument(
        "--history",
        metavar="FICHIER",
        help="historique JSON (autres dépôts, actions financées antérieurement) pour les règles qui en ont besoin",
    )
    parser.add_argument("--pretty", action="store_true", help="JSON indenté plutôt qu'une ligne par dossier")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        calls: dict[str, CallDefinition] = load_shipped_definitions()
        for path in args.calls:
            definition = load_definition_file(path)
            calls[definition.code] = definition
        history = load_history(Path(args.history)) if args.history else None
    except DefinitionFileError as error:
        print("\n".join(error.lines()), file=sys.stderr)
        return 2
    except HistoryFormatError as error:
        print(f"{args.history} : {error}", file=sys.stderr)
        return 2

    status = 0
    for name in args.files:
        problem = None
        try:
            data, _ = read_json_file(name)
            dossier = parse_dossier(data)
            call = calls.get(dossier.campaign)
            if call is None:
                problem = f"appel « {dossier.campaign} » inconnu (appels connus : {', '.join(sorted(calls))})"
        except (JsonFileError, DossierFormatError) as error:
            problem = str(error)
        if problem:
            print(f"{name} : {problem}", file=sys.stderr)
            status = 2
            continue
        result = check_dossier(dossier, call, history)
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2 if args.pretty else None))
    return status


if __name__ == "__main__":
    sys.exit(main())
