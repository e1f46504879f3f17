"""The conventions of a call, as a list to export (qvct/exports)."""

from accounts.enums import Role
from calls.models import Call
from qvct.exports.lists import Column, ListExport, first, register

from .models import Convention


def _conventions(user, params):
    call = Call.objects.filter(region__agents=user, code=first(params, "appel")).first()
    if call is None:
        return iter(())
    return (
        Convention.objects.filter(dossier__call=call)
        .select_related("dossier__establishment")
        .order_by("dossier__number")
        .iterator(1000)
    )


CONVENTIONS = register(
    ListExport(
        name="conventions",
        title="Conventions",
        roles=frozenset({Role.MANAGER, Role.INSTRUCTOR}),
        rows=_conventions,
        columns=(
            Column("reference", "Dossier", lambda c: c.dossier.reference),
            Column("establishment", "Établissement", lambda c: c.dossier.establishment.display_name),
            Column("siret", "SIRET", lambda c: c.dossier.establishment.siret),
            Column("department", "Département", lambda c: c.dossier.establishment.department_id),
            Column("amount", "Montant (€)", lambda c: c.amount),
            Column("generated_at", "Générée le", lambda c: c.generated_at),
            Column(
                "establishment_signed_on",
                "Signée par l'établissement le",
                lambda c: c.establishment_signed_on,
            ),
            Column("agency_signed_on", "Signée par l'ARS le", lambda c: c.agency_signed_on),
            Column("signed", "Signée par les deux parties", lambda c: c.fully_signed),
        ),
    )
)
