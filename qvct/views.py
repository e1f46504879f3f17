"""Public pages that belong to no domain app: home, accessibility statement, legal notice; the error page."""

import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

from api.errors import not_found
from calls.selectors import calls_for_home


@login_not_required
def home(request):
    return render(request, "qvct/home.html", {"calls": calls_for_home()})


@login_not_required
def accessibility(request):
    return render(request, "qvct/accessibility.html")


@login_not_required
def legal(request):
    return render(request, "qvct/legal.html")


# Seconds a person (or a load balancer) is asked to wait before trying again while the database is unreachable.
RETRY_AFTER = 10


def service_unavailable() -> HttpResponse:
    """503 « Service momentanément indisponible » with `Retry-After`; its template needs no context nor database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@requires_csrf_token
def page_not_found(request, exception):
    """The 404 page; under /api/ the API's own French JSON answer, for an address it does not know too."""
    if request.path.startswith("/api/"):
        return JsonResponse(not_found().body(), status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)


@requires_csrf_token
def server_error(request):
    """The 500 page; while the database is unreachable (restart, failover), the 503 page. Neither touches the
    database: both templates need no context."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return service_unavailable()
    return HttpResponseServerError(loader.get_template("500.html").render())
