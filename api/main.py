"""The API of Guichet QVCT (django-ninja): personal tokens, French JSON errors, per-token rate limit.

Its OpenAPI 3 document is served at /api/v1/openapi.json. No interactive page is served: it would load its
scripts from a CDN.
"""

import json
import logging

from django.conf import settings
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, SimpleRateThrottle

from dossiers.errors import DossierError, SubmissionRefused
from dossiers.uploads import UploadRefused
from dossiers.workflow import TransitionError
from qvct.nulchars import keys_holding_nul
from qvct.storage import StorageFull

from .errors import ApiError
from .services import token_authenticate

logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return token_authenticate(token)


class TokenRateThrottle(SimpleRateThrottle):
    """Counts the requests of each user (all their tokens together) in the cache."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request):
        # Read at each request, so that a change of the setting applies without rebuilding the API.
        self.rate = settings.API_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        user = getattr(request, "auth", None)
        return None if user is None else self.cache_format % {"scope": self.scope, "ident": user.pk}


NUL_REFUSED = "caractère nul (0x00) refusé"


def _nul_places(value, place: tuple = ()) -> list[tuple]:
    """The places of the strings (keys included) holding a NUL character in parsed JSON."""
    if isinstance(value, str):
        return [place] if "\x00" in value else []
    if isinstance(value, dict):
        places = []
        for key, item in value.items():
            places += [(*place, key)] if "\x00" in key else _nul_places(item, (*place, key))
        return places
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in _nul_places(item, (*place, index))]
    return []


def _refuse_nul(source: str, places: list[tuple]) -> None:
    if places:
        raise ValidationError([{"loc": (source, *place), "msg": NUL_REFUSED} for place in places])


class NulRefusingParser(Parser):
    """Reads query strings, JSON bodies and form fields as ninja does, refusing any NUL character (0x00): PostgreSQL
    refuses it in text with a server error (Django's forms refuse it too). The one place for the whole API."""

    def parse_body(self, request):
        data = json.loads(request.body)
        _refuse_nul("body", _nul_places(data))
        return data

    def parse_querydict(self, data, list_fields, request):
        if data is not request.FILES:  # an uploaded file's name never keeps a NUL (Django's parser drops it)
            source = "query" if data is request.GET else "form"
            _refuse_nul(source, [(key,) for key in keys_holding_nul(data)])
        return super().parse_querydict(data, list_fields, request)


api = NinjaAPI(
    title="Guichet QVCT",
    version="1",
    description="Appels à candidatures QVCT : appels, dossiers au format qvct.dossier/1, contrôle de "
    "recevabilité, décisions, statistiques. Authentification par jeton personnel (en-tête "
    "`Authorization: Bearer <jeton>`), créé sur la page « Jetons d'accès à l'API » du compte.",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[TokenRateThrottle(), AnonRateThrottle(settings.API_ANONYMOUS_RATE_LIMIT)],
    docs_url=None,
    openapi_url="/openapi.json",
    parser=NulRefusingParser(),
)


def _json(request, status: int, code: str, message: str, details=None):
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request, error: ApiError):
    return api.create_response(request, error.body(), status=error.http_status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    return _json(
        request,
        401,
        "jeton_absent",
        "Authentifiez-vous : en-tête « Authorization: Bearer » suivi de votre jeton.",
    )


@api.exception_handler(Throttled)
def _throttled(request, error):
    return _json(
        request, 429, "trop_de_requetes", "Trop de requêtes : attendez un instant avant de réessayer."
    )


@api.exception_handler(ValidationError)
def _invalid(request, error: ValidationError):
    details = [
        {"champ": ".".join(str(part) for part in item.get("loc", ())), "erreur": item.get("msg", "")}
        for item in error.errors
    ]
    return _json(request, 422, "donnees_invalides", "Les données envoyées ne sont pas valides.", details)


@api.exception_handler(SubmissionRefused)
def _submission_refused(request, error: SubmissionRefused):
    details = [finding.as_json() for finding in error.findings]
    return _json(request, 409, "depot_refuse", str(error), details)


@api.exception_handler(TransitionError)
def _transition(request, error):
    return _json(request, 409, "etat_incompatible", str(error))


@api.exception_handler(DossierError)
def _refused(request, error):
    return _json(request, 422, "refuse", str(error))


@api.exception_handler(UploadRefused)
def _upload_refused(request, error):
    return _json(request, 422, "fichier_refuse", str(error))


@api.exception_handler(StorageFull)
def _storage_full(request, error):
    return _json(request, 503, "stockage_plein", str(error))


@api.exception_handler(Http404)
def _not_found(request, error):
    return _json(request, 404, "introuvable", "Cet objet n'existe pas ou vous n'y avez pas accès.")


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    if isinstance(error.__cause__, ValidationError):  # ninja wraps what the body's parser raises
        return _invalid(request, error.__cause__)
    return _json(request, error.status_code, "requete_invalide", "La requête n'a pas pu être traitée.")


@api.exception_handler(Exception)
def _server_error(request, error):
    if settings.DEBUG:
        raise error
    logger.exception("Erreur de l'API sur %s", request.path)
    return _json(
        request, 500, "erreur_serveur", "Une erreur inattendue s'est produite ; l'équipe est prévenue."
    )


from .endpoints import calls, dossiers, statistics  # noqa: E402  (routers need the api's handlers above)

api.add_router("", calls.router, tags=["Appels et contrôle"])
api.add_router("/dossiers", dossiers.router, tags=["Dossiers"])
api.add_router("/statistics", statistics.router, tags=["Statistiques"])
