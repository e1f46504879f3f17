"""Health (the process answers) and readiness (the database answers, every migration is applied) for probes."""

from functools import cache

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@cache
def migrations_on_disk() -> frozenset[tuple[str, str]]:
    """The code's migrations, read from disk once per process (loading the graph costs seconds under load)."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def migrations_pending() -> int:
    """How many of the code's migrations the database has not applied, read from its migration table."""
    applied = MigrationRecorder(connection).applied_migrations()
    return len(migrations_on_disk() - set(applied))


@never_cache
@login_not_required
def health(request):
    """Liveness: no database access, so that a database outage never gets the app servers restarted."""
    return JsonResponse({"etat": "ok"})


@never_cache
@login_not_required
def readiness(request):
    """Readiness: 503 with the French reason while the database is unreachable or behind the code."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = migrations_pending()
    except DatabaseError:
        return JsonResponse({"etat": "indisponible", "raison": "base de données injoignable"}, status=503)
    if pending:
        return JsonResponse(
            {"etat": "indisponible", "raison": f"{pending} migration(s) à appliquer (qvct migrate)"},
            status=503,
        )
    return JsonResponse({"etat": "ok"})
