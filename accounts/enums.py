"""The roles of Guichet QVCT (see PRODUCT.md) and the workspace each one lands on after login."""

from django.db import models

from calls.enums import TrinomeRoleChoice


class Role(models.TextChoices):
    ESTABLISHMENT = "establishment", "Porteur (établissement)"
    INSTRUCTOR = "instructor", "Instructeur ARS"
    MANAGER = "manager", "Gestionnaire de campagne ARS"
    COMMITTEE = "committee", "Membre de comité"
    ARACT = "aract", "Chargé·e de mission ARACT"
    VIEWER = "viewer", "Lecteur (statistiques)"
    ADMIN = "admin", "Administrateur"


AGENT_ROLES = frozenset({Role.INSTRUCTOR, Role.MANAGER, Role.COMMITTEE, Role.ARACT, Role.VIEWER, Role.ADMIN})

# Roles that work in the Django back office (calls are edited there for now).
BACK_OFFICE_ROLES = frozenset({Role.MANAGER, Role.ADMIN})


# The trinôme roles are the call format's (one source: calls.vocabulary).
TrinomeRole = TrinomeRoleChoice
