"""Dossiers through the API: list, read, drafts written and filed through the dossier services, decisions."""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from ninja import Field as NinjaField
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from accounts.enums import Role
from calls.models import Call
from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.interchange import dossier_to_data
from dossiers.models import Dossier
from dossiers.plan import ActionValues, action_add, action_funding_set
from dossiers.sections import without_lifted
from dossiers.selectors import dossier_queryset
from dossiers.workflow import public_status
from referential.identifiers import normalize_identifier
from referential.models import Establishment
from review.services import dossier_decide

from .. import pagination
from ..errors import ApiError, forbidden_role, not_found
from ..reads import decision_of, instruction_of
from ..schemas import (
    ActionIn,
    CheckOut,
    DecisionIn,
    DecisionOut,
    DocumentOut,
    DossierCreate,
    DossierOut,
    DossierPage,
    DossierUpdate,
    Error,
)
from ..scopes import DECIDING_ROLES, dossiers_scope, is_porteur

router = Router()
ERRORS = {401: Error, 403: Error, 404: Error, 429: Error}
WRITE_ERRORS = {**ERRORS, 409: Error, 422: Error, 503: Error}  # 503: the storage is full


class DossierFilters(Schema):
    call: str | None = NinjaField(None, description="Code de l'appel")
    status: DossierStatus | None = None
    finess: str | None = NinjaField(None, description="FINESS de l'établissement porteur")
    updated_since: dt.datetime | None = NinjaField(None, description="Modifiés depuis cette date (incluse)")
    cursor: str | None = None
    limit: int = NinjaField(pagination.DEFAULT_LIMIT, ge=1, le=pagination.MAX_LIMIT)

    @field_validator("updated_since")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Any offset the format allows (up to ±23:59), given to the database in UTC: PostgreSQL refuses an offset
        past ±15:59 with a server error. A date without offset is Paris time, as on the site."""
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise PydanticCustomError("date_hors_limites", "date hors des limites acceptées") from None


def _status_for(user, dossier: Dossier) -> str:
    """A porteur sees its dossier's state as the site shows it: internal steps hidden until notified."""
    return public_status(dossier.status) if is_porteur(user) else dossier.status


def _one(user, reference: str) -> Dossier:
    dossier = dossier_queryset().filter(pk__in=dossiers_scope(user).values("pk"), reference=reference).first()
    if dossier is None:
        raise not_found()
    return dossier


def _own(user, reference: str) -> Dossier:
    """A dossier the user writes as its porteur; agents write decisions only."""
    if not is_porteur(user):
        raise forbidden_role()
    return _one(user, reference)


def _out(user, dossier: Dossier) -> dict:
    data = dossier_to_data(dossier)
    status = _status_for(user, dossier)
    data["status"] = status
    return {
        "reference": dossier.reference,
        "status": status,
        "status_label": DossierStatus(status).label,
        "dossier": data,
        "instruction": None if is_porteur(user) else instruction_of(dossier),
    }


LIST_FIELDS = (
    "reference",
    "status",
    "submitted_at",
    "updated_at",
    "call__code",
    "establishment__name",
    "establishment__long_name",
    "establishment__finess",
)


@router.get("", response={200: DossierPage, **ERRORS}, summary="Dossiers visibles, les plus récents d'abord")
def dossier_list(request, filters: Query[DossierFilters]):
    user = request.auth
    # Only what an item shows: the scope is sorted before it is cut, and wide rows (the dossier's texts, the
    # call's definition of tens of kilobytes) made that sort, not the page, the cost of the list.
    rows = dossiers_scope(user).select_related("call", "establishment").only(*LIST_FIELDS)
    if filters.call:
        rows = rows.filter(call__code=filters.call)
    if filters.status:
        if is_porteur(user):
            rows = rows.filter(status__in=[s for s in DossierStatus if public_status(s) == filters.status])
        else:
            rows = rows.filter(status=filters.status)
    if filters.finess:
        rows = rows.filter(establishment__finess=normalize_identifier(filters.finess))
    if filters.updated_since:
        rows = rows.filter(updated_at__gte=filters.updated_since)
    dossiers, next_cursor = pagination.page(rows, filters.cursor, filters.limit)
    items = []
    for dossier in dossiers:
        status = _status_for(user, dossier)
        items.append(
            {
                "reference": dossier.reference,
                "call": dossier.call.code,
                "establishment": dossier.establishment.display_name,
                "finess": dossier.establishment.finess,
                "status": status,
                "status_label": DossierStatus(status).label,
                "submitted_at": dossier.submitted_at,
                "updated_at": dossier.updated_at,
            }
        )
    return {"items": items, "next_cursor": next_cursor}


@router.post("", response={201: DossierOut, 200: DossierOut, **WRITE_ERRORS}, summary="Ouvrir un brouillon")
def dossier_create(request, body: DossierCreate):
    user = request.auth
    if user.role != Role.ESTABLISHMENT:
        raise forbidden_role()
    call = Call.objects.published().filter(code=body.call).first()
    establishment = Establishment.objects.filter(
        members=user, finess=normalize_identifier(body.finess)
    ).first()
    if call is None or establishment is None:
        raise not_found()
    if establishment.department_id not in call.definition["departments"]:
        raise ApiError(
            422,
            "hors_territoire",
            f"{establishment.display_name} n'est pas dans un département éligible à cet appel.",
        )
    exists = call.dossiers.filter(establishment=establishment).exists()
    if not exists and call.status() == "closed":
        raise ApiError(
            409,
            "appel_clos",
            "Les dépôts de cet appel sont clos : un nouveau dossier ne peut plus être ouvert.",
        )
    dossier, created = services.dossier_start(call=call, establishment=establishment, user=user)
    return Status(201 if created else 200, _out(user, _one(user, dossier.reference)))


@router.get(
    "/{reference}", response={200: DossierOut, **ERRORS}, summary="Un dossier au format qvct.dossier/1"
)
def dossier_detail(request, reference: str):
    return _out(request.auth, _one(request.auth, reference))


@router.patch("/{reference}", response={200: DossierOut, **WRITE_ERRORS}, summary="Modifier un brouillon")
def dossier_patch(request, reference: str, body: DossierUpdate):
    user = request.auth
    dossier = _own(user, reference)
    values = body.dict(exclude_unset=True)
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except DjangoValidationError:
            raise ApiError(
                422, "donnees_invalides", "L'adresse du contact n'est pas une adresse électronique valide."
            ) from None
    values = {
        name: ("" if value is None and name not in NULLABLE else value) for name, value in values.items()
    }
    groups = {
        "Motivation": {k: v for k, v in values.items() if k == "motivation"},
        "Projet": {k: v for k, v in values.items() if k in PROJECT_FIELDS},
        "Identification": {k: v for k, v in values.items() if k not in PROJECT_FIELDS and k != "motivation"},
    }
    for section, group in groups.items():
        if group:
            services.dossier_update(dossier=dossier, user=user, section=section, values=group)
    return _out(user, _one(user, reference))


NULLABLE = frozenset(
    {"headcount", "fte_medical", "fte_non_medical", "beds_and_places", "absenteeism_rate", "turnover_rate"}
)
PROJECT_FIELDS = frozenset({"scope", "diagnostic", "objectives", "schedule", "follow_up"})


@router.post(
    "/{reference}/actions",
    response={201: DossierOut, **WRITE_ERRORS},
    summary="Ajouter une action au brouillon",
)
def dossier_action_add(request, reference: str, body: ActionIn):
    user = request.auth
    dossier = _own(user, reference)
    values = body.dict()
    other_funding, indicators = values.pop("other_funding"), values.pop("indicators")
    with transaction.atomic():
        action = action_add(dossier=dossier, user=user, values=ActionValues(**values))
        if other_funding or indicators:
            action_funding_set(
                action=action,
                user=user,
                other_funding=[(row["funder"], row["amount"]) for row in other_funding],
                indicators=[(row["name"], row["unit"], row["baseline"], row["target"]) for row in indicators],
            )
    return Status(201, _out(user, _one(user, reference)))


@router.post(
    "/{reference}/documents",
    response={201: DocumentOut, **WRITE_ERRORS},
    summary="Joindre une pièce, ou le devis d'une action (rang de l'action dans `action`)",
)
def dossier_document_add(
    request, reference: str, kind: Form[str], file: File[UploadedFile], action: Form[int | None] = None
):
    user = request.auth
    dossier = _own(user, reference)
    target = None
    if action is not None:
        target = dossier.actions.filter(position=action).first()
        if target is None:
            raise ApiError(422, "action_inconnue", f"Le dossier n'a pas d'action de rang {action}.")
        kind = "quote"
    elif kind not in {a.kind for a in dossier.call.spec.attachments if a.kind != "quote"} | {"other"}:
        raise ApiError(422, "piece_inconnue", "Cette nature de pièce n'est pas demandée par l'appel.")
    document = services.document_add(dossier=dossier, user=user, kind=kind, upload=file, action=target)
    return Status(
        201,
        {
            "kind": document.kind,
            "file": document.original_name,
            "size": document.size,
            "sha256": document.sha256,
            "action": action,
        },
    )


@router.post("/{reference}/submit", response={200: DossierOut, **WRITE_ERRORS}, summary="Déposer le dossier")
def dossier_submit(request, reference: str):
    user = request.auth
    dossier = _own(user, reference)
    services.dossier_submit(dossier=dossier, user=user)
    return _out(user, _one(user, reference))


@router.get(
    "/{reference}/check", response={200: CheckOut, **ERRORS}, summary="Contrôle de recevabilité actuel"
)
def dossier_check(request, reference: str):
    dossier = _one(request.auth, reference)
    result = services.dossier_check(dossier)
    # A porteur sees the findings that still hold, as on its dossier's page.
    return (without_lifted(dossier, result) if is_porteur(request.auth) else result).as_json()


@router.get("/{reference}/decision", response={200: DecisionOut, **ERRORS}, summary="Décisions du dossier")
def decision_detail(request, reference: str):
    user = request.auth
    return decision_of(_one(user, reference), porteur=is_porteur(user))


@router.post(
    "/{reference}/decision",
    response={200: DecisionOut, **WRITE_ERRORS},
    summary="Décision de recevabilité (instructeur, gestionnaire)",
)
def decision_take(request, reference: str, body: DecisionIn):
    user = request.auth
    if user.role not in DECIDING_ROLES:
        raise forbidden_role()
    dossier = _one(user, reference)
    dossier_decide(dossier=dossier, user=user, admissible=body.admissible, reason=body.reason)
    return decision_of(_one(user, reference), porteur=False)
