"""The funding decisions and notification letters of a call, as lists to export (qvct/exports)."""

from accounts.enums import Role
from calls.models import Call
from qvct.exports.lists import Column, ListExport, first, register

from .models import Decision, Letter

CHUNK = 1000


def _call(user, params) -> Call | None:
    return Call.objects.filter(region__agents=user, code=first(params, "appel")).first()


def _decisions(user, params):
    call = _call(user, params)
    if call is None:
        return iter(())
    return (
        Decision.objects.filter(scenario__call=call, scenario__chosen_at__isnull=False)
        .select_related("dossier__establishment", "action", "scenario")
        .order_by("dossier__number", "action__position")
        .iterator(CHUNK)
    )


def _letters(user, params):
    call = _call(user, params)
    if call is None:
        return iter(())
    return (
        Letter.objects.filter(dossier__call=call)
        .select_related("dossier__establishment")
        .order_by("dossier__number")
        .iterator(CHUNK)
    )


DECISIONS = register(
    ListExport(
        name="decisions",
        title="Décisions de financement",
        roles=frozenset({Role.MANAGER}),
        rows=_decisions,
        columns=(
            Column("reference", "Dossier", lambda d: d.dossier.reference),
            Column("establishment", "Établissement", lambda d: d.dossier.establishment.display_name),
            Column("department", "Département", lambda d: d.dossier.establishment.department_id),
            Column("position", "Action n°", lambda d: d.action.position),
            Column("title", "Action", lambda d: d.action.title),
            Column("requested", "Demande ARS (€)", lambda d: d.action.requested),
            Column("fundable", "Finançable (€)", lambda d: d.fundable),
            Column("proposed", "Proposé par le scénario (€)", lambda d: d.proposed),
            Column("granted", "Accordé (€)", lambda d: d.granted),
            Column("validated", "Décisions validées", lambda d: d.scenario.validated_at is not None),
            Column("reason", "Motif du refus ou de la réduction", lambda d: d.reason),
        ),
    )
)

LETTERS = register(
    ListExport(
        name="lettres",
        title="Lettres de notification",
        roles=frozenset({Role.MANAGER}),
        rows=_letters,
        columns=(
            Column("reference", "Dossier", lambda x: x.dossier.reference),
            Column("establishment", "Établissement", lambda x: x.dossier.establishment.display_name),
            Column("department", "Département", lambda x: x.dossier.establishment.department_id),
            Column("granted", "Montant notifié (€)", lambda x: x.granted),
            Column("outcome", "Décision", lambda x: "financé" if x.granted else "non retenu"),
            Column("sent_at", "Envoyée le", lambda x: x.sent_at),
        ),
    )
)
