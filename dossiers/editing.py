"""Whether the porteur may still change a part of the dossier, decided again on the locked row inside each write."""

from django.db import transaction

from qvct.formats import date as french_date

from .enums import DossierStatus
from .errors import DossierError
from .models import Dossier

# What decides editability; re-read under the lock, since the request's copy may predate a filing.
EDITABILITY_COLUMNS = ("status", "complements_due", "complements_parts")


def ensure_editable(dossier: Dossier, part: str) -> None:
    """Refuses a change of `part` (section key, "action:<id>", "piece:<kind>") the porteur may not make."""
    if dossier.can_edit(part):
        return
    if dossier.in_complements:
        raise DossierError(
            "Seuls les éléments demandés par l'ARS peuvent être modifiés pendant la demande de compléments."
        )
    if dossier.status == DossierStatus.COMPLEMENTS_REQUESTED:
        raise DossierError(
            f"Le délai des compléments a expiré le {french_date(dossier.complements_due)} : "
            "le dossier ne peut plus être modifié. Écrivez à l'ARS depuis la messagerie du dossier."
        )
    raise DossierError(
        f"Le dossier est à l'état « {dossier.get_status_display()} » : il ne peut plus être modifié."
    )


def lock_for_edit(dossier: Dossier, part: str, refresh: tuple[str, ...] = ()) -> Dossier:
    """Locks the dossier's row until the end of the transaction, then refuses unless `part` is still editable.

    Every write of the porteur calls it first inside its transaction. The copy the request loaded may be stale:
    a filing, a complements' answer or a decision may have committed since. The row is read again under
    `select_for_update` (on PostgreSQL a FOR NO KEY UPDATE row lock, which the filing's and the decisions'
    conditional updates wait for, while rows that merely reference the dossier — events, messages — are not held
    back; SQLite runs IMMEDIATE transactions, which take the write lock at their start), so a filing either comes
    after the write or the write sees it and is refused. The fresh
    state is copied onto `dossier`, whose refusal message then tells the state that holds now; so are the
    `refresh` columns, for a write that compares its values with what is stored.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit must run inside the write's transaction.")
    columns = (*EDITABILITY_COLUMNS, *refresh)
    fresh = Dossier.objects.select_for_update(no_key=True).only(*columns).get(pk=dossier.pk)
    for name in columns:
        setattr(dossier, name, getattr(fresh, name))
    ensure_editable(dossier, part)
    return dossier
