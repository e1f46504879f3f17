"""`qvct allocate FILE [--method rank|optimal]`: the allocation engine on a `qvct.allocation/1` problem.

Prints the result JSON on standard output. Exit 2 with one line on standard error for a file that cannot be read
or a malformed problem; exit 3 when the department floors cannot all be met within the envelope.
"""

import argparse
import json
import sys
from pathlib import Path

from qvct.jsonfile import JsonFileError, read_json_file

from .allocation import METHODS, AllocationFormatError, AllocationInfeasible, allocate, parse_problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qvct allocate",
        description="Répartit l'enveloppe d'un problème qvct.allocation/1 et affiche le résultat JSON.",
    )
    parser.add_argument("file", metavar="FICHIER", help="problème au format qvct.allocation/1")
    parser.add_argument("--method", choices=METHODS, help="méthode (l'emporte sur celle du fichier)")
    parser.add_argument("--pretty", action="store_true", help="JSON indenté")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    path = Path(args.file)
    try:
        data, _ = read_json_file(path)
    except JsonFileError as error:
        print(f"{path} : {error}.", file=sys.stderr)
        return 2
    try:
        result = allocate(parse_problem(data), args.method)
    except AllocationFormatError as error:
        print(f"{path} : {error}", file=sys.stderr)
        return 2
    except AllocationInfeasible as error:
        print(f"{path} : problème infaisable — {error}", file=sys.stderr)
        return 3
    json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0
