"""Reading a JSON file given on the command line: every way it can fail becomes one French line, never a traceback.

Pure (no Django), shared by `qvct check`, `qvct import` and `qvct allocate`.
"""

import json
from pathlib import Path
from typing import Any

# Deeper nesting than any dossier or allocation problem needs; Python's own parser would recurse until it
# crashes on a hostile file, so the depth is checked before parsing.
MAX_DEPTH = 64


class JsonFileError(ValueError):
    """Why a file could not be read as JSON, in one French line (without the file name)."""


def _depth_exceeded(text: str, limit: int) -> bool:
    depth, in_string, escaped = 0, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
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
