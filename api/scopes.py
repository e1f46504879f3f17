"""What each role reaches through the API: the same perimeters as the site's pages, never wider.

A porteur reaches its establishments' dossiers and those it co-edits (`Dossier.objects.editable_by`); an
instructor or a campaign manager the filed dossiers of its regions (`review.selectors.instruction_scope`). The
other roles read no dossier (on the site the administrator has no instruction page either); statistics readers
count their regions' filed dossiers, the administrator every filed dossier.
"""

from django.db.models import QuerySet

from accounts.enums import Role
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from review.selectors import instruction_scope

from .errors import forbidden_role

AGENCY_ROLES = frozenset({Role.INSTRUCTOR, Role.MANAGER})
DECIDING_ROLES = frozenset({Role.INSTRUCTOR, Role.MANAGER})


def is_porteur(user) -> bool:
    return user.role == Role.ESTABLISHMENT


def dossiers_scope(user) -> QuerySet[Dossier]:
    """The dossiers the user may read one by one; 403 for the roles that read none through the API."""
    if user.role == Role.ESTABLISHMENT:
        return Dossier.objects.filter(pk__in=Dossier.objects.editable_by(user).values("pk"))
    if user.role in AGENCY_ROLES:
        return instruction_scope(user)
    raise forbidden_role()


def statistics_scope(user) -> QuerySet[Dossier]:
    """The dossiers counted in the user's statistics: those it reads, or its regions' for a reader."""
    if user.role == Role.VIEWER:
        return Dossier.objects.filter(call__region__agents=user).exclude(status=DossierStatus.DRAFT)
    if user.role == Role.ADMIN:
        return Dossier.objects.exclude(status=DossierStatus.DRAFT)
    return dossiers_scope(user)
