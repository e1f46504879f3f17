"""Reads of dossiers: everything a page needs in a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.models import User

from .models import Action, Document, Dossier, DossierEvent


def dossier_row_queryset() -> QuerySet[Dossier]:
    """The dossier with its call and establishment, without its related rows: enough for a write that redirects
    (an autosave, an upload, a filing), which reads the rest only if it needs it."""
    return Dossier.objects.select_related("call__region", "establishment__department", "created_by")


def dossier_queryset() -> QuerySet[Dossier]:
    return dossier_row_queryset().prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.prefetch_related("other_funding", "indicators", "quotes").order_by(
                "position"
            ),
        ),
        Prefetch("documents", queryset=Document.objects.select_related("uploaded_by")),
        "partners__establishment",
        "trinome",
        "editors",
        Prefetch("events", queryset=DossierEvent.objects.select_related("actor")),
    )


def dossier_for_user(user, reference: str, *, related: bool = True) -> Dossier:
    """The dossier if this porteur may see it; 404 otherwise (whether it exists or not). Without `related`, its
    actions, documents, events… are not prefetched (see `dossier_row_queryset`)."""

    queryset = dossier_queryset() if related else dossier_row_queryset()
    return get_object_or_404(
        queryset.filter(pk__in=Dossier.objects.editable_by(user).values("pk")), reference=reference
    )


def dossiers_of_user(user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(pk__in=Dossier.objects.editable_by(user).values("pk"))
        .select_related("call", "establishment")
        .order_by("-created_at")
    )


def invitations_of(dossier: Dossier) -> list:
    """Every invitation of the dossier, newest first, each with who sent it (one query)."""
    return list(dossier.invitations.select_related("invited_by"))


def colleagues_to_invite(dossier: Dossier, user) -> QuerySet:
    """The establishment's own porteur accounts that cannot open the dossier yet.

    Own means attached to one of the inviter's establishments or to an establishment of the same legal entity
    (FINESS EJ) as the dossier's; members of the dossier's establishment already have access.
    """
    own = Q(establishments__in=user.establishments.all())
    if dossier.establishment.finess_ej:
        own |= Q(establishments__finess_ej=dossier.establishment.finess_ej)
    return (
        User.objects.filter(own, role=Role.ESTABLISHMENT, is_active=True)
        .exclude(pk__in=dossier.establishment.members.values("pk"))
        .exclude(pk__in=dossier.editors.values("pk"))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
