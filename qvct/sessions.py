"""Django's session middleware, except that a session the database could not save answers 503, not 400."""

from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import InterfaceError, OperationalError

from .views import service_unavailable


def _database_unreachable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


class SessionMiddleware(DjangoSessionMiddleware):
    """While the database is unreachable (restart, failover), a session that could not be saved at the end of a
    request gives the 503 page « Service momentanément indisponible », to try again. Django answers 400 « the
    session was deleted », which a person, or the rush's simulated user, takes for a refusal (CI, PostgreSQL
    restarted under load)."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionInterrupted as error:
            if _database_unreachable(error):
                return service_unavailable()
            raise
