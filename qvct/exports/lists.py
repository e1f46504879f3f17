"""What each exportable list declares: its columns (the user picks among them), its rows and who may export it.

Domain apps register their lists when they load (`register` in their AppConfig.ready); the pages, the background
worker and the tests find them here by name, so this module imports no domain app.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ListExport:
    name: str  # in the URL and the file's name
    title: str  # the sheet's name and the page's words: « Dossiers », « Actions »
    columns: tuple[Column, ...]
    # The objects of the list for a user and the list's query parameters ({"appel": ["3"], "ids": ["1", "2"]}).
    rows: Callable[[Any, dict[str, list[str]]], Iterable]
    roles: frozenset = field(default_factory=frozenset)
    default: tuple[str, ...] = ()  # the columns ticked at first; all when empty
    ids_param: str = "ids"  # the name of the list's row checkboxes, when its rows can be checked
    fixed_columns: bool = False  # every column, always: a file meant to be read back (no column chooser)

    def chosen(self, keys: Sequence[str] | None) -> list[Column]:
        """The columns asked for, in the list's order; unknown keys are ignored, none asked means the default."""
        wanted = set() if self.fixed_columns else set(keys or ()) & {column.key for column in self.columns}
        if not wanted:
            wanted = set(self.default) or {column.key for column in self.columns}
        return [column for column in self.columns if column.key in wanted]

    def table(self, user, params: dict[str, list[str]], keys) -> tuple[list[str], Iterator[list]]:
        columns = self.chosen(keys)
        headers = [column.label for column in columns]
        return headers, ([column.value(row) for column in columns] for row in self.rows(user, params))

    def allows(self, user) -> bool:
        return user.is_authenticated and user.role in self.roles


REGISTRY: dict[str, ListExport] = {}


def register(export: ListExport) -> ListExport:
    REGISTRY[export.name] = export
    return export


def params_of(query) -> dict[str, list[str]]:
    """A QueryDict as a plain dict of lists (what a background job stores), the form's CSRF token left out."""
    return {
        key: [value[:2000] for value in values][:5000]
        for key, values in query.lists()
        if key != "csrfmiddlewaretoken"
    }


def first(params: dict[str, list[str]], key: str, default: str = "") -> str:
    values = params.get(key) or [default]
    return values[0]
