"""`qvct check FILE…`: checks `qvct.dossier/1` files against the shipped call definitions, with no database.

One JSON result per dossier on standard output, in the order of the files. Exit status 0 when every file was
read, whatever the verdicts; 2 with one clear line per unreadable file on standard error. Many files are
checked by as many processes as the machine has cores (`--jobs`), the results still written in file order.
"""

import argparse
import json
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
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
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="nombre de processus qui vérifient les fichiers (par défaut : un par cœur)",
    )
    return parser


# Below this many files one process does it all: starting others would cost more than it saves.
PARALLEL_FROM = 200
# What every file is checked against, set before the worker processes are forked (they inherit it).
_context: dict = {}


def _checked(name: str) -> tuple[bool, str]:
    """(True, the JSON result) for a dossier read, (False, the line saying why) for a file that is not one."""
    calls, history, pretty = _context["calls"], _context["history"], _context["pretty"]
    try:
        data, _ = read_json_file(name)
        dossier = parse_dossier(data)
    except (JsonFileError, DossierFormatError) as error:
        return False, f"{name} : {error}"
    call = calls.get(dossier.campaign)
    if call is None:
        return (
            False,
            f"{name} : appel « {dossier.campaign} » inconnu (appels connus : {', '.join(sorted(calls))})",
        )
    result = check_dossier(dossier, call, history)
    return True, json.dumps(result.as_json(), ensure_ascii=False, indent=2 if pretty else None)


def _results(names: list[str], jobs: int) -> Iterator[tuple[bool, str]]:
    """`_checked` of each file, in file order; by `jobs` forked processes when there are many files."""
    if jobs <= 1 or len(names) < PARALLEL_FROM:
        yield from map(_checked, names)
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, len(names))) as pool:
        yield from pool.imap(_checked, names, chunksize=64)


def _write(results: Iterable[tuple[bool, str]]) -> int:
    status = 0
    for read, line in results:
        if read:
            print(line)
        else:
            print(line, file=sys.stderr)
            status = 2
    return status


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

    if args.jobs < 1:
        print("--jobs : indiquez au moins 1 processus.", file=sys.stderr)
        return 2
    _context.update(calls=calls, history=history, pretty=args.pretty)
    return _write(_results(args.files, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
