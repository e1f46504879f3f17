"""A coherent past for the demo dossiers: each one is written by a person of its establishment, before its filing."""

import datetime as dt

from accounts.enums import Role, TrinomeRole
from accounts.models import EstablishmentMembership, User
from dossiers.enums import EventKind
from dossiers.models import Document, Dossier, DossierEvent
from referential.models import Establishment

# Names of the directors who filed the other establishments' demo dossiers (they cannot log in).
DIRECTORS = [
    ("Hélène", "Girard"),
    ("Julien", "Roux"),
    ("Nathalie", "Fontaine"),
    ("Olivier", "Chevalier"),
    ("Sandrine", "Lambert"),
    ("Thierry", "Faure"),
    ("Valérie", "Mercier"),
    ("Yves", "Blanc"),
]
# The porteur's work before filing, spread over the hours that precede it.
STEP = dt.timedelta(minutes=7)


def establishment_author(establishment: Establishment, index: int) -> User:
    """The director of the establishment, a member of it, without a password: only the demo writes as them."""
    first_name, last_name = DIRECTORS[index % len(DIRECTORS)]
    user, created = User.objects.get_or_create(
        email=f"direction.{establishment.finess}@example.org",
        defaults={"role": Role.ESTABLISHMENT, "first_name": first_name, "last_name": last_name},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EstablishmentMembership.objects.get_or_create(
        user=user, establishment=establishment, defaults={"trinome_role": TrinomeRole.DIRECTION}
    )
    return user


def history_backdate(dossier: Dossier, *, before: dt.datetime) -> None:
    """Dates the dossier's creation, entries and uploads just before `before`, in the order they were made.

    The demo writes through the services, which date everything now; its filings are in the past. Queryset
    updates are used because the history refuses any change made through the model, as it should.
    """
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("pk").values_list("pk", "kind"))
    start = before - STEP * (len(events) + 1)
    upload_times = []
    for position, (pk, kind) in enumerate(events):
        at = start + STEP * position
        DossierEvent.objects.filter(pk=pk).update(at=at)
        if kind == EventKind.DOCUMENT_ADDED:
            upload_times.append(at)
    Dossier.objects.filter(pk=dossier.pk).update(created_at=start, updated_at=before - STEP)
    documents = Document.objects.filter(dossier=dossier).order_by("pk").values_list("pk", flat=True)
    for pk, at in zip(documents, upload_times, strict=False):
        Document.objects.filter(pk=pk).update(uploaded_at=at)
