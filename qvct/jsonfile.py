"""Reading a JSON file given on the command line: every way it can fail becomes one French line, never a traceback.

Pure (no Django), shared by `qvct check`, `qvct import` and `qvct allocate`.
"""

import json
import re
from pathlib import Path
from typing import Any

# Deeper nesting than any dossier or allocation problem needs; Python's own parser would recurse until it
# crashes on a hostile file, so the depth is checked before parsing.
MAX_DEPTH = 64


class JsonFileError(ValueError):
    """Why a file could not be read as JSON, in one French line (without the file name)."""


# A JSON string (its escapes skipped, or running to the end of an unfinished text), or a bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)|[\[\]{}]', re.DOTALL)


def _depth_exceeded(text: str, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than `limit`; malformed text is left to the parser.

    A document with no more opening brackets than the limit cannot exceed it (the usual case, counted in C);
    otherwise only the strings and brackets are visited, never each character in Python (1 ms a dossier).
    """
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for token in _STRING_OR_BRACKET.findall(text):
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def parse_json_text(text: str) -> Any:
    """Parses JSON text; raises JsonFileError."""
    if _depth_exceeded(text, MAX_DEPTH):
        raise JsonFileError(f"le JSON est imbriqué sur plus de {MAX_DEPTH} niveaux")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonFileError(
            f"ce n'est pas du JSON valide (ligne {error.lineno}, colonne {error.colno} : {error.msg})"
        ) from None
    except RecursionError:
        raise JsonFileError(f"le JSON est imbriqué sur plus de {MAX_DEPTH} niveaux") from None
    except ValueError:
        # An integer of thousands of digits: Python refuses to convert it.
        raise JsonFileError("le JSON contient un nombre beaucoup trop long") from None


def read_json_file(path: Path | str) -> tuple[Any, bytes]:
    """The parsed document and its raw bytes; raises JsonFileError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise JsonFileError("fichier introuvable") from None
    except IsADirectoryError:
        raise JsonFileError("c'est un dossier du système de fichiers, pas un fichier") from None
    except OSError as error:
        raise JsonFileError(f"lecture impossible ({error.strerror or error})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonFileError("le fichier doit être encodé en UTF-8") from None
    return parse_json_text(text), raw
