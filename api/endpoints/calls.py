"""The published calls, and the admissibility check of a `qvct.dossier/1` document against its call."""

from django.shortcuts import get_object_or_404
from ninja import Body, Router

from calls.models import Call
from eligibility.dossier import DossierFormatError, parse_dossier
from eligibility.engine import check_dossier

from ..errors import ApiError
from ..schemas import CallOut, CallPage, CheckOut, Error

router = Router()


def _call_out(call: Call) -> dict:
    return {
        "code": call.code,
        "title": call.title,
        "short_title": call.short_title,
        "kind": call.kind,
        "year": call.year,
        "region": call.region_id,
        "opens_at": call.opens_at,
        "deadline": call.deadline,
        "status": call.status(),
    }


@router.get("/calls", response={200: CallPage, 401: Error, 429: Error}, summary="Appels publiés")
def call_list(request):
    calls = Call.objects.published().order_by("-year", "code")
    return {"items": [_call_out(call) for call in calls]}


@router.get("/calls/{code}", response={200: CallOut, 401: Error, 404: Error, 429: Error}, summary="Un appel")
def call_detail(request, code: str):
    return _call_out(get_object_or_404(Call.objects.published(), code=code))


@router.post(
    "/check",
    response={200: CheckOut, 401: Error, 404: Error, 422: Error, 429: Error},
    summary="Contrôle de recevabilité d'un dossier qvct.dossier/1 (rien n'est enregistré)",
)
def check(request, document: Body[dict]):
    try:
        data = parse_dossier(document)
    except DossierFormatError as error:
        raise ApiError(
            422, "format_invalide", f"Le document n'est pas un dossier qvct.dossier/1 : {error}."
        ) from None
    call = Call.objects.published().filter(code=data.campaign).first()
    if call is None:
        raise ApiError(404, "appel_inconnu", f"Aucun appel publié ne porte le code « {data.campaign} ».")
    return check_dossier(data, call.spec).as_json()
