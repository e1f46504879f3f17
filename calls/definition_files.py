"""Reading call-definition files: YAML with no duplicate key, validated into a `CallDefinition`, every problem
located and said in French. Pure Python, like the definition itself."""

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .definition import DEFINITIONS_DIR, CallDefinition, DefinitionErrors
from .validation_messages import french_message, location


class DefinitionFileError(Exception):
    """A definition file that cannot be loaded, with every located problem as `path: message`."""

    def __init__(self, file: str, problems: list[tuple[str, str]]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.file}: {path}: {message}" for path, message in self.problems]


def validate_definition(data: Any, file: str = "<définition>") -> CallDefinition:
    """Validates parsed YAML data; raises DefinitionFileError naming every field at fault."""
    if not isinstance(data, dict):
        raise DefinitionFileError(file, [("(racine)", "la définition doit être un objet YAML")])
    try:
        return CallDefinition.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            cause = item.get("ctx", {}).get("error")
            if isinstance(cause, DefinitionErrors):
                problems.extend(cause.errors)
            else:
                problems.append((location(item["loc"]), french_message(item)))
        raise DefinitionFileError(file, problems) from None


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 6 times faster
    """Refuses a key given twice in one mapping, which YAML would otherwise silently let win."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {key} » en double", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def parse_definition_text(text: str, file: str = "<définition>") -> CallDefinition:
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"ligne {mark.line + 1}" if mark else "(fichier)"
        problem = getattr(error, "problem", None) or str(error)
        raise DefinitionFileError(file, [(where, f"YAML illisible : {problem}")]) from None
    return validate_definition(data, file)


def read_definition_text(path: Path | str) -> str:
    """A definition file's text; DefinitionFileError when it is missing or not UTF-8."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DefinitionFileError(str(path), [("(fichier)", "fichier introuvable")]) from None
    except UnicodeDecodeError:
        raise DefinitionFileError(
            str(path), [("(fichier)", "le fichier doit être encodé en UTF-8")]
        ) from None


def load_definition_file(path: Path | str) -> CallDefinition:
    return parse_definition_text(read_definition_text(path), str(path))


def shipped_definition_files() -> list[Path]:
    return sorted(DEFINITIONS_DIR.glob("*.yaml"))


def load_shipped_definitions() -> dict[str, CallDefinition]:
    """The calls shipped with the code, by code: what `qvct check` uses when there is no database."""
    definitions = {}
    for path in shipped_definition_files():
        definition = load_definition_file(path)
        definitions[definition.code] = definition
    return definitions
