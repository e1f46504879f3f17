"""`qvct allocate FILE [--method rank|optimal] [--time-limit S]`: the allocation engine on a problem file.

Prints the result JSON on standard output (with `"optimal": false`, the best bound and the gap when the solver was
stopped by the time limit). Exit 2 with one line on standard error for a file that cannot be read or a malformed
problem; exit 3 when the department floors cannot all be met within the envelope; exit 4 when the solver was
stopped before finding any grant to offer.
"""

import argparse
import json
import sys
from pathlib import Path

from qvct.jsonfile import JsonFileError, read_json_file

from .allocation import DEFAULT_TIME_LIMIT, AllocationInfeasible, AllocationUnsolved, allocate
from .allocation_input import METHODS, AllocationFormatError, parse_problem


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = 0.0
    if not 0 < value <= 86_400:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre de secondes entre 0 et 86 400 est attendu")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qvct allocate",
        description="Répartit l'enveloppe d'un problème qvct.allocation/1 et affiche le résultat JSON.",
    )
    parser.add_argument("file", metavar="FICHIER", help="problème au format qvct.allocation/1")
    parser.add_argument("--method", choices=METHODS, help="méthode (l'emporte sur celle du fichier)")
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDES",
        help=f"durée maximale du calcul optimal (défaut : {DEFAULT_TIME_LIMIT:g} s) ; au-delà, la meilleure "
        'répartition trouvée est donnée avec "optimal": false, la borne prouvée et l\'écart',
    )
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
        result = allocate(parse_problem(data), args.method, time_limit=args.time_limit)
    except AllocationFormatError as error:
        print(f"{path} : {error}", file=sys.stderr)
        return 2
    except AllocationInfeasible as error:
        print(f"{path} : problème infaisable — {error}", file=sys.stderr)
        return 3
    except AllocationUnsolved as error:
        print(f"{path} : {error}, essayez un --time-limit plus long.", file=sys.stderr)
        return 4
    json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0
