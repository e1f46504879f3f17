"""The instruction list's « échange » export: whole dossiers (qvct.dossier/1) that `qvct import` reads back.

Its layout lives in dossiers/sheet.py; this module only feeds it the listed dossiers, loaded for the export.
"""

from dossiers.interchange import dossier_to_data
from dossiers.selectors import dossier_queryset
from dossiers.sheet import FIELDS, KIND, rows_of
from dossiers.sheet_import import vocabularies
from qvct.exports.lists import Column, ListExport, first, register

from .exports import CHUNK, _filtered, _ids
from .selectors import instruction_scope
from .views.common import AGENTS


def _rows(user, params):
    """A « Dossier » row then its « Action » rows, for each dossier of the list or each checked one."""
    if first(params, "portee") == "cochees":
        listed = instruction_scope(user).filter(pk__in=_ids(params))
    else:
        listed = _filtered(user, params).order_by().values("pk")
    dossiers = dossier_queryset().filter(pk__in=listed).order_by("call_id", "number")
    labels = vocabularies()
    for dossier in dossiers.iterator(CHUNK):
        yield from rows_of(dossier_to_data(dossier), labels)


EXCHANGE = register(
    ListExport(
        name="echange",
        title="Échange",
        roles=frozenset(AGENTS),
        rows=_rows,
        ids_param="dossiers",
        fixed_columns=True,
        columns=tuple(
            Column(f"c{index}", label, lambda row, index=index: row[index])
            for index, label in enumerate((KIND, *(field.label for field in FIELDS)))
        ),
    )
)
