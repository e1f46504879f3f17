"""Health (the process answers) and readiness (the database answers, every migration is applied) for probes."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


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
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"etat": "indisponible", "raison": "base de données injoignable"}, status=503)
    if pending:
        return JsonResponse(
            {"etat": "indisponible", "raison": f"{len(pending)} migration(s) à appliquer (qvct migrate)"},
            status=503,
        )
    return JsonResponse({"etat": "ok"})
