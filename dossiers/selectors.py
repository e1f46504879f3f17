"""Reads of dossiers: everything a page needs in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from .models import Action, Document, Dossier, DossierEvent


def dossier_queryset() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "call__region", "establishment__department", "created_by"
    ).prefetch_related(
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


def dossier_for_user(user, reference: str) -> Dossier:
    """The dossier if this porteur may see it; 404 otherwise (whether it exists or not)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        dossier_queryset().filter(pk__in=Dossier.objects.editable_by(user).values("pk")), reference=reference
    )


def dossiers_of_user(user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(pk__in=Dossier.objects.editable_by(user).values("pk"))
        .select_related("call", "establishment")
        .order_by("-created_at")
    )
