"""No NUL character (0x00) reaches the database from a request: PostgreSQL refuses it in text with a server error
(SQLite keeps it), and some views give an address's words or a filter to the database as they come.

One place for the site, after the URL is resolved:
- an address holding one names nothing (404; under /api/, the API's JSON answer);
- a page's query parameter holding one is dropped, as the pages ignore any malformed filter;
- a form holding one is refused (400) before its view runs: nothing is saved. Django's forms would refuse it field
  by field, but some views read a field directly (a committee note, a refusal's reason).
The API refuses one in its parameters and bodies with its own French 422 (api/main.py, `NulRefusingParser`).
"""

from django.core.exceptions import BadRequest
from django.http import Http404, QueryDict

NUL = "\x00"


def keys_holding_nul(data: QueryDict) -> list[str]:
    """The keys of a query string or form whose name or one of whose values holds a NUL character."""
    return [key for key, values in data.lists() if NUL in key or any(NUL in value for value in values)]


class NulCharacterMiddleware:
    """Placed after the CSRF and storage middlewares: a refused form is refused as any other first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if NUL in request.path_info:
            raise Http404("Adresse invalide.")
        if request.path_info.startswith("/api/"):
            return None
        dropped = keys_holding_nul(request.GET)
        if dropped:
            kept = request.GET.copy()
            for key in dropped:
                del kept[key]
            kept._mutable = False
            request.GET = kept
        if request.method == "POST" and keys_holding_nul(request.POST):
            raise BadRequest("Formulaire contenant un caractère nul.")
        return None
