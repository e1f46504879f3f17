"""The « échange » spreadsheet: whole `qvct.dossier/1` documents as rows, and back (no database here).

One sheet, one header row of French column names; a row « Dossier » carries the dossier's reference, call,
establishment and project, each of its actions follows on a row « Action » with the same reference. Lists
(partners, trinôme, funders, quotes, indicators, attachments) sit in one cell each, as JSON.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qvct.tables import FORMULA_TRIGGERS

FORMAT = "qvct.dossier/1"
KIND = "Ligne"
DOSSIER, ACTION = "Dossier", "Action"


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]  # where the value sits in the document (in the action, for an action's field)
    label: str  # the column's header
    kind: str  # text, opt (empty is None), int, num, bool, date, stamp, json, or a vocabulary's name
    action: bool = False


def _d(path: str, label: str, kind: str = "text") -> Field:
    return Field(tuple(path.split(".")), label, kind)


def _a(path: str, label: str, kind: str = "text") -> Field:
    return Field((path,), label, kind, action=True)


FIELDS = (
    _d("reference", "Dossier"),
    _d("campaign", "Appel"),
    _d("status", "État", "status"),
    _d("submitted_at", "Déposé le", "stamp"),
    _d("establishment.name", "Établissement"),
    _d("establishment.finess", "FINESS"),
    _d("establishment.finess_ej", "FINESS juridique"),
    _d("establishment.siret", "SIRET", "opt"),
    _d("establishment.department", "Département", "opt"),
    _d("establishment.ght", "GHT", "opt"),
    _d("establishment.sector", "Secteur", "sector"),
    _d("establishment.legal_status", "Statut juridique", "legal_status"),
    _d("establishment.category", "Catégorie FINESS", "opt"),
    _d("establishment.address", "Adresse"),
    _d("establishment.postal_code", "Code postal"),
    _d("establishment.city", "Commune"),
    _d("establishment.contact_name", "Contact"),
    _d("establishment.email", "Courriel", "opt"),
    _d("establishment.phone", "Téléphone"),
    _d("establishment.headcount", "Effectif", "int"),
    _d("establishment.fte_medical", "ETP médicaux", "num"),
    _d("establishment.fte_non_medical", "ETP non médicaux", "num"),
    _d("establishment.beds_and_places", "Lits et places", "int"),
    _d("establishment.absenteeism_rate", "Taux d'absentéisme", "num"),
    _d("establishment.turnover_rate", "Taux de rotation", "num"),
    _d("partners", "Partenaires", "json"),
    _d("trinome", "Trinôme", "json"),
    _d("project.scope", "Périmètre"),
    _d("project.diagnostic", "Diagnostic"),
    _d("project.objectives", "Objectifs"),
    _d("project.schedule", "Calendrier"),
    _d("project.follow_up", "Suivi"),
    _d("project.motivation", "Motivations", "json"),
    _d("attachments", "Pièces jointes", "json"),
    _a("priority", "Action n°", "int"),
    _a("title", "Intitulé"),
    _a("axis", "Axe", "opt"),
    _a("theme", "Thématique", "opt"),
    _a("catalog_item", "Action du catalogue", "opt"),
    _a("description", "Description"),
    _a("motivation", "Motivation de l'action"),
    _a("start", "Début", "date"),
    _a("end", "Fin", "date"),
    _a("agents_concerned", "Agents concernés", "int"),
    _a("mutualized", "Action mutualisée", "bool"),
    _a("expense_nature", "Nature de la dépense", "expense_nature"),
    _a("cost", "Coût total (€)", "num"),
    _a("requested", "Demande ARS (€)", "num"),
    _a("own_funding", "Autofinancement (€)", "num"),
    _a("other_funding", "Autres financements", "json"),
    _a("quotes", "Devis", "json"),
    _a("indicators", "Indicateurs", "json"),
    _a("funded_elsewhere", "Financée par ailleurs", "bool"),
    _a("reimbursable_elsewhere", "Remboursable par ailleurs", "bool"),
    _a("training_plan", "Plan de formation", "bool"),
    _a("renews_action", "Renouvelle l'action", "opt"),
)
HEADERS = (KIND, *(field.label for field in FIELDS))


class SheetError(Exception):
    """A bad cell or row, in French, with its row and column."""


def _get(data: dict, path: Sequence[str]):
    for key in path:
        data = (data or {}).get(key)
    return data


def _out(field: Field, value, vocabularies: dict):
    if value is None:
        return None
    if field.kind == "json":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if field.kind in vocabularies:
        return vocabularies[field.kind].get(value, value)
    if field.kind == "date":
        return dt.date.fromisoformat(value)
    return value


def rows_of(data: dict, vocabularies: dict[str, dict[str, str]]) -> Iterable[list]:
    """The rows of one document: its « Dossier » row then one « Action » row per action.

    `vocabularies`: the French label of each code, by field kind (status, sector, legal_status, expense_nature).
    """
    yield [DOSSIER] + [None if f.action else _out(f, _get(data, f.path), vocabularies) for f in FIELDS]
    for action in data.get("actions") or []:
        yield [ACTION] + [
            _out(f, _get(action, f.path), vocabularies)
            if f.action
            else (data["reference"] if f.path == ("reference",) else None)
            for f in FIELDS
        ]


def _plain(value):
    """A cell as written, the export's formula neutralisation undone; blank text is empty."""
    if isinstance(value, str):
        if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
            value = value[1:]
        return value if value.strip() else None
    return value


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _number(value) -> float:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", "."))


def _cell(field: Field, value, vocabularies: dict):
    value = _plain(value)
    if field.kind == "json":
        default = {} if field.path == ("project", "motivation") else []
        if value is None:
            return default
        try:
            parsed = json.loads(str(value))
        except ValueError:
            raise SheetError("liste illisible (le texte doit rester tel que l'export l'a écrit)") from None
        if type(parsed) is not type(default):
            raise SheetError("liste illisible (le texte doit rester tel que l'export l'a écrit)")
        return parsed
    if field.kind == "bool":
        if isinstance(value, bool):
            return value
        answer = str(value or "non").strip().lower()
        if answer not in ("oui", "non"):
            raise SheetError(f"« oui » ou « non » attendu, pas « {value} »")
        return answer == "oui"
    if value is None:
        return "" if field.kind == "text" else None
    if field.kind in vocabularies:
        labels = vocabularies[field.kind]
        found = {label.lower(): code for code, label in labels.items()} | {code: code for code in labels}
        code = found.get(str(value).strip().lower())
        if code is None:
            raise SheetError(f"« {value} » inconnu (attendu : {', '.join(labels.values())})")
        return code
    if field.kind in ("text", "opt"):
        return _text(value)
    if field.kind == "int":
        try:
            number = _number(value)
        except ValueError:
            number = 0.5
        if not number.is_integer():
            raise SheetError(f"nombre entier attendu, pas « {value} »")
        return int(number)
    if field.kind == "num":
        try:
            return _number(value)
        except ValueError:
            raise SheetError(f"nombre attendu, pas « {value} »") from None
    if field.kind == "date":
        if isinstance(value, dt.date):
            return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(str(value).strip(), pattern).date().isoformat()
            except ValueError:
                pass
        raise SheetError(f"date attendue au format jj/mm/aaaa, pas « {value} »")
    if field.kind == "stamp":
        try:
            stamp = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise SheetError(
                f"date et heure attendues telles que l'export les écrit, pas « {value} »"
            ) from None
        return stamp.isoformat()
    raise AssertionError(field.kind)


def _put(data: dict, path: Sequence[str], value) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


MAX_ERRORS = 20


def documents_of(rows: Sequence[Sequence], sheet: str, vocabularies: dict) -> list[dict]:
    """The `qvct.dossier/1` documents of a sheet's rows (headers first); SheetError lists every bad cell."""
    if not rows:
        raise SheetError(f"Feuille « {sheet} » : vide.")
    headers = [str(_plain(value) or "").strip() for value in rows[0]]
    missing = [label for label in HEADERS if label not in headers]
    if missing:
        raise SheetError(
            f"Feuille « {sheet} », ligne 1 : colonne(s) absente(s) : {', '.join(missing)}. "
            "Exportez la liste au format « échange » avec toutes ses colonnes."
        )
    where = {label: headers.index(label) for label in HEADERS}
    documents: dict[str, dict] = {}
    errors: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if all(_plain(value) is None for value in cells):
            continue
        kind = str(_plain(cells[where[KIND]]) or "").strip().capitalize()
        reference = str(_plain(cells[where["Dossier"]]) or "").strip()
        place = f"Feuille « {sheet} », ligne {number}"
        if kind not in (DOSSIER, ACTION):
            errors.append(f"{place}, colonne « {KIND} » : « Dossier » ou « Action » attendu.")
            continue
        if not reference:
            errors.append(f"{place}, colonne « Dossier » : la référence du dossier manque.")
            continue
        if kind == DOSSIER and reference in documents:
            errors.append(f"{place}, colonne « Dossier » : le dossier {reference} figure deux fois.")
            continue
        if kind == ACTION and reference not in documents:
            errors.append(
                f"{place}, colonne « Dossier » : action d'un dossier {reference} absent des lignes au-dessus."
            )
            continue
        target: dict = {"format": FORMAT, "actions": []} if kind == DOSSIER else {}
        for field in FIELDS:
            if field.action != (kind == ACTION):
                continue
            try:
                _put(target, field.path, _cell(field, cells[where[field.label]], vocabularies))
            except SheetError as error:
                errors.append(f"{place}, colonne « {field.label} » : {error}")
        if kind == DOSSIER:
            documents[reference] = target
        else:
            documents[reference]["actions"].append(target)
    if errors:
        more = f"\n… et {len(errors) - MAX_ERRORS} autre(s) erreur(s)." if len(errors) > MAX_ERRORS else ""
        raise SheetError("\n".join(errors[:MAX_ERRORS]) + more)
    return list(documents.values())
