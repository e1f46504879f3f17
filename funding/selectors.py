"""Who may read a dossier's decision documents (notification letter, convention): one rule for both."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from dossiers.models import Dossier
from dossiers.selectors import dossier_for_user
from review.models import ConflictOfInterest
from review.selectors import instruction_scope

# The agents of the dossier's region who instruct or manage its call.
AGENT_READERS = frozenset({Role.INSTRUCTOR, Role.MANAGER})


def decided_dossier_for(user, reference: str) -> Dossier:
    """The dossier whose letter or convention `user` may read: the establishment's users, and the region's
    instructors and managers; 403 for the other roles, 404 outside their reach or after a declared link."""
    if user.role == Role.ESTABLISHMENT:
        dossier = dossier_for_user(user, reference)
    elif user.role in AGENT_READERS:
        dossier = get_object_or_404(instruction_scope(user), reference=reference)
    else:
        raise PermissionDenied(
            "Les lettres de notification et les conventions sont réservées aux porteurs du dossier, "
            "aux instructeurs et aux gestionnaires de campagne de sa région."
        )
    # A link declared with the establishment hides everything of its dossiers, whatever the role.
    if ConflictOfInterest.objects.filter(member=user, establishment=dossier.establishment_id).exists():
        raise Http404("Vous avez déclaré un lien avec cet établissement.")
    return dossier
