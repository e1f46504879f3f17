"""A DS dossier (as the GraphQL API answers it) converted to a `qvct.dossier/1` document, by the call's mapping.

Pure: no ORM, no network. A champ that cannot be read (a number that is not one, a date that is not one) is left
out with a warning in French; it never stops the dossier. Files are listed, not fetched: the sync downloads
those DS declares `safe` and marks the others.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from calls.definition_ds import DemarchesSimplifiees

INTEGERS = frozenset({"headcount", "beds_and_places", "agents_concerned"})
DECIMALS = frozenset(
    {
        "fte_medical",
        "fte_non_medical",
        "absenteeism_rate",
        "turnover_rate",
        "cost",
        "requested",
        "own_funding",
    }
)
DATES = frozenset({"start", "end"})
SAFE = "safe"
# DS's virus-scan results, as a campaign manager reads them in the sync report.
SCAN_LABELS = {"infected": "infectée", "pending": "analyse en cours", "error": "analyse en erreur"}


@dataclass(frozen=True)
class DsFile:
    kind: str
    action: int | None  # 1-based position of the action, for a quote
    filename: str
    url: str
    checksum: str
    virus_scan: str


@dataclass
class Converted:
    document: dict
    files: list[DsFile] = field(default_factory=list)
    kept_out: list[DsFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _index(champs: list[dict]) -> dict[str, dict]:
    """Champs by label and by champ descriptor id (the mapping may name either)."""
    found: dict[str, dict] = {}
    for champ in champs or []:
        found.setdefault(champ.get("label") or "", champ)
        found.setdefault(champ.get("champDescriptorId") or "", champ)
    return found


def _number(text: str, integer: bool):
    cleaned = re.sub(r"[\s\u00a0\u202f€%]", "", text).replace(",", ".")
    value = Decimal(cleaned)
    if integer:
        if value != value.to_integral_value():
            raise InvalidOperation
        return int(value)
    return float(value)


def _value(name: str, champ: dict):
    """The champ's value typed for the qvct field `name`; raises ValueError when it is not of that type."""
    text = (champ.get("stringValue") or "").strip()
    if name in DATES:
        date = champ.get("date") or text
        return dt.date.fromisoformat(date).isoformat() if date else None
    if name in INTEGERS or name in DECIMALS:
        if not text:
            return None
        try:
            return _number(text, integer=name in INTEGERS)
        except InvalidOperation:
            raise ValueError(text) from None
    return text


def _read(name: str, ref: str, champs: dict[str, dict], warnings: list[str], where: str):
    champ = champs.get(ref)
    if champ is None:
        return None
    try:
        return _value(name, champ)
    except ValueError:
        warnings.append(
            f"{where}champ « {champ.get('label') or ref} » illisible ({champ.get('stringValue')!r}) : ignoré"
        )
        return None


def _files(champ: dict | None, kind: str, action: int | None, result: Converted) -> list[str]:
    names = []
    for item in (champ or {}).get("files") or []:
        ref = DsFile(
            kind,
            action,
            item["filename"],
            item["url"],
            item.get("checksum", ""),
            item.get("virusScanResult", ""),
        )
        if ref.virus_scan == SAFE:
            result.files.append(ref)
            names.append(ref.filename)
        else:
            result.kept_out.append(ref)
            result.warnings.append(
                f"pièce « {ref.filename} » non reprise : l'analyse antivirus de Démarches Simplifiées "
                f"n'est pas saine ({SCAN_LABELS.get(ref.virus_scan, 'résultat inconnu')})"
            )
    return names


def ds_to_dossier(
    node: dict, mapping: DemarchesSimplifiees, *, campaign: str, establishment: dict
) -> Converted:
    """`establishment` gives at least `name` and `finess` (found by the sync from the demandeur's SIRET)."""
    result = Converted(document={})
    champs = _index(node.get("champs") or [])
    identity = {"name": establishment["name"], "finess": establishment["finess"]}
    project: dict = {}
    for path, ref in mapping.fields.items():
        part, name = path.split(".", 1)
        value = _read(name, ref, champs, result.warnings, "")
        if value is None:
            continue
        (identity if part == "establishment" else project)[name] = value
    actions = []
    if mapping.actions is not None:
        block = champs.get(mapping.actions.block) or {}
        for position, row in enumerate(block.get("rows") or [], start=1):
            cells = _index(row.get("champs") or [])
            action: dict = {"priority": position}
            for name, ref in mapping.actions.fields.items():
                value = _read(name, ref, cells, result.warnings, f"action {position} : ")
                if value is not None:
                    action[name] = value
            if mapping.actions.quote:
                action["quotes"] = [
                    {"file": name}
                    for name in _files(cells.get(mapping.actions.quote), "quote", position, result)
                ]
            actions.append(action)
    attachments = [
        {"kind": kind, "file": name}
        for kind, ref in mapping.attachments.items()
        for name in _files(champs.get(ref), kind, None, result)
    ]
    result.document = {
        "format": "qvct.dossier/1",
        "campaign": campaign,
        "reference": establishment.get("reference"),
        "submitted_at": node.get("dateDepot"),
        "establishment": identity,
        "project": project,
        "actions": actions,
        "attachments": attachments,
    }
    return result
