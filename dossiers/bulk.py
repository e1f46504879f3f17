"""Many dossiers of one call checked at once (the scenario run): documents read from plain rows, one query per
relation for the whole batch, and the rule engine run on each.

`interchange.dossier_to_data` builds a dossier's `qvct.dossier/1` document from a model instance loaded with its
prefetches. At 13,000 dossiers the model instances, their JSON columns and Django's per-object prefetch querysets
cost about 3 ms per dossier, most of a scenario run. `documents_of` builds the same document, key for key and in
the same order (tests/dossiers/test_bulk_checks.py), from `values_list` rows: eight queries per batch whatever
its size. The engine, its validation of the document (pydantic-core: about 0.15 ms a dossier, faster than
building the models unvalidated in Python, which was tried) and its rules are the same as for one dossier.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from calls.models import Call
from eligibility.dossier import parse_dossier
from eligibility.engine import CheckResult, History, OtherSubmission, check_dossier

from .earlier import earlier_funding
from .interchange import _amount, _number
from .models import Action, Document, Dossier, Indicator, OtherFunding, Partner, TrinomeMember

DOSSIER_COLUMNS = (
    "pk",
    "reference",
    "status",
    "submitted_at",
    "establishment_id",
    "establishment__name",
    "establishment__long_name",
    "establishment__finess",
    "establishment__finess_ej",
    "establishment__siret",
    "establishment__department_id",
    "ght",
    "establishment__ght",
    "establishment__sector",
    "establishment__legal_group",
    "establishment__category_code",
    "establishment__address",
    "establishment__postal_code",
    "establishment__city",
    "contact_name",
    "contact_email",
    "contact_phone",
    "headcount",
    "fte_medical",
    "fte_non_medical",
    "beds_and_places",
    "absenteeism_rate",
    "turnover_rate",
    "scope",
    "diagnostic",
    "objectives",
    "schedule",
    "follow_up",
    "motivation",
)
ACTION_COLUMNS = (
    "pk",
    "dossier_id",
    "title",
    "axis",
    "theme",
    "catalog_item",
    "description",
    "motivation",
    "position",
    "start",
    "end",
    "agents_concerned",
    "mutualized",
    "expense_nature",
    "cost",
    "requested",
    "own_funding",
    "funded_elsewhere",
    "reimbursable_elsewhere",
    "training_plan",
    "renews_action",
)


@dataclass(frozen=True)
class Checked:
    """One dossier of the batch: its document (as `dossier_to_data` writes it) and the engine's result."""

    pk: int
    data: dict
    result: CheckResult


def _grouped(rows: Iterable[tuple], key: int = 0) -> dict[int, list[tuple]]:
    groups: dict[int, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


def documents_of(call: Call, ids: list[int]) -> dict[int, dict]:
    """The `qvct.dossier/1` document of each dossier of `ids` (all of `call`), in eight queries."""
    return _read(call, ids)[0]


def _read(call: Call, ids: list[int]) -> tuple[dict[int, dict], dict[int, int]]:
    """The documents, and the establishment of each dossier (for its history)."""
    dossiers = list(Dossier.objects.filter(pk__in=ids).order_by().values_list(*DOSSIER_COLUMNS))
    actions = _grouped(
        Action.objects.filter(dossier_id__in=ids)
        .order_by("dossier_id", "position", "pk")
        .values_list(*ACTION_COLUMNS),
        key=1,
    )
    in_batch = {"action__dossier_id__in": ids}
    funding = _grouped(
        OtherFunding.objects.filter(**in_batch).order_by("pk").values_list("action_id", "funder", "amount")
    )
    indicators = _grouped(
        Indicator.objects.filter(**in_batch)
        .order_by("pk")
        .values_list("action_id", "name", "unit", "baseline", "target")
    )
    # The documents' model ordering (upload time, then id), as `dossier.documents` and `action.quotes` read them.
    pieces = list(
        Document.objects.filter(dossier_id__in=ids)
        .order_by("uploaded_at", "pk")
        .values_list(
            "dossier_id", "action_id", "kind", "original_name", "sha256", "size", "supplier", "amount"
        )
    )
    attachments = _grouped(piece for piece in pieces if piece[1] is None)
    quotes = _grouped((piece for piece in pieces if piece[1] is not None), key=1)
    partners = _grouped(
        Partner.objects.filter(dossier_id__in=ids)
        .order_by("pk")
        .values_list("dossier_id", "establishment__name", "establishment__long_name", "establishment__finess")
    )
    trinome = _grouped(
        TrinomeMember.objects.filter(dossier_id__in=ids)
        .order_by("pk")
        .values_list("dossier_id", "role", "name", "email")
    )
    documents, establishments = {}, {}
    for row in dossiers:
        d = dict(zip(DOSSIER_COLUMNS, row, strict=True))
        pk = d["pk"]
        establishments[pk] = d["establishment_id"]
        documents[pk] = {
            "format": "qvct.dossier/1",
            "campaign": call.code,
            "reference": d["reference"],
            "status": d["status"],
            "submitted_at": d["submitted_at"].isoformat() if d["submitted_at"] else None,
            "establishment": {
                "name": d["establishment__long_name"] or d["establishment__name"],
                "finess": d["establishment__finess"],
                "finess_ej": d["establishment__finess_ej"],
                "siret": d["establishment__siret"] or None,
                "department": d["establishment__department_id"],
                "ght": d["ght"] or d["establishment__ght"] or None,
                "sector": d["establishment__sector"] or None,
                "legal_status": d["establishment__legal_group"] or None,
                "category": d["establishment__category_code"] or None,
                "address": d["establishment__address"],
                "postal_code": d["establishment__postal_code"],
                "city": d["establishment__city"],
                "contact_name": d["contact_name"],
                "email": d["contact_email"] or None,
                "phone": d["contact_phone"],
                "headcount": d["headcount"],
                "fte_medical": _number(d["fte_medical"]),
                "fte_non_medical": _number(d["fte_non_medical"]),
                "beds_and_places": d["beds_and_places"],
                "absenteeism_rate": _number(d["absenteeism_rate"]),
                "turnover_rate": _number(d["turnover_rate"]),
            },
            "partners": [
                {"name": long_name or name, "finess": finess}
                for _, name, long_name, finess in partners.get(pk, [])
            ],
            "trinome": [
                {"role": role, "name": name, "email": email} for _, role, name, email in trinome.get(pk, [])
            ],
            "project": {
                "scope": d["scope"],
                "diagnostic": d["diagnostic"],
                "objectives": d["objectives"],
                "schedule": d["schedule"],
                "follow_up": d["follow_up"],
                "motivation": dict(d["motivation"]),
            },
            "actions": [_action(row, funding, quotes, indicators) for row in actions.get(pk, [])],
            "attachments": [
                {"kind": kind, "file": name, "sha256": sha256, "size": size}
                for _, _, kind, name, sha256, size, _, _ in attachments.get(pk, [])
            ],
        }
    return documents, establishments


def _action(row: tuple, funding: dict, quotes: dict, indicators: dict) -> dict:
    a = dict(zip(ACTION_COLUMNS, row, strict=True))
    pk = a["pk"]
    return {
        "title": a["title"],
        "axis": a["axis"] or None,
        "theme": a["theme"] or None,
        "catalog_item": a["catalog_item"] or None,
        "description": a["description"],
        "motivation": a["motivation"],
        "priority": a["position"],
        "start": a["start"].isoformat() if a["start"] else None,
        "end": a["end"].isoformat() if a["end"] else None,
        "agents_concerned": a["agents_concerned"],
        "mutualized": a["mutualized"],
        "expense_nature": a["expense_nature"] or None,
        "cost": _amount(a["cost"]),
        "requested": _amount(a["requested"]),
        "own_funding": _amount(a["own_funding"]),
        "other_funding": [
            {"funder": funder, "amount": _amount(amount)} for _, funder, amount in funding.get(pk, [])
        ],
        "quotes": [
            {"file": name, "supplier": supplier, "amount": _amount(amount), "sha256": sha256}
            for _, _, _, name, sha256, _, supplier, amount in quotes.get(pk, [])
        ],
        "indicators": [
            {"name": name, "unit": unit, "baseline": baseline, "target": target}
            for _, name, unit, baseline, target in indicators.get(pk, [])
        ],
        "funded_elsewhere": a["funded_elsewhere"],
        "reimbursable_elsewhere": a["reimbursable_elsewhere"],
        "training_plan": a["training_plan"],
        "renews_action": a["renews_action"] or None,
    }


def histories_of(call: Call, dossiers: list[tuple[int, int, str]]) -> dict[int, History]:
    """`services.history_for` of many dossiers of `call`, given as (pk, establishment id, FINESS), in two queries."""
    if not dossiers:
        return {}
    establishments = {establishment for _, establishment, _ in dossiers}
    others = _grouped(
        # The model's ordering, as `history_for` reads them: the duplicate rule names the first one it meets.
        Dossier.objects.filter(call=call, establishment_id__in=establishments)
        .order_by("-created_at")
        .values_list("establishment_id", "pk", "reference", "submitted_at")
    )
    prior = earlier_funding().prior_actions_of_many(establishments, call.pk)
    return {
        pk: History(
            submissions=tuple(
                OtherSubmission(reference, finess, call.code, submitted_at)
                for _, other, reference, submitted_at in others.get(establishment, [])
                if other != pk
            ),
            prior_actions=prior[establishment],
        )
        for pk, establishment, finess in dossiers
    }


def dossiers_checked(call: Call, ids: list[int]) -> list[Checked]:
    """`services.dossier_check` of each filed dossier of `ids` (all of `call`), judged at its filing date, in the
    order of `ids`; a fixed number of queries whatever their number (keep batches to a few hundred)."""
    documents, establishment_of = _read(call, ids)
    histories = histories_of(
        call, [(pk, establishment_of[pk], documents[pk]["establishment"]["finess"]) for pk in documents]
    )
    spec = call.spec
    checked = []
    for pk in ids:
        data = documents[pk]
        submitted = parse_dossier(data)
        checked.append(
            Checked(pk, data, check_dossier(submitted, spec, histories[pk], now=submitted.submitted_at))
        )
    return checked
