"""Role checks for views: a refusal says why, and anonymous users are sent to the login page."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied

from .enums import Role


def role_required(*roles: Role) -> Callable:
    """Lets through the users whose role is among `roles`; others get a 403 page that names the roles."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_authenticated and user.role in allowed):
                labels = ", ".join(sorted(Role(role).label for role in allowed))
                raise PermissionDenied(f"Cette page est réservée aux rôles suivants : {labels}.")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator
