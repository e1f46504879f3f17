"""The transition table of a spending line's validation by the ARS; each transition writes a history event."""

from dataclasses import dataclass

from .enums import LineStatus as L


@dataclass(frozen=True)
class Transition:
    name: str
    source: frozenset[L]
    target: L
    label: str
    needs_reason: bool = False
    by_agency: bool = True


LINE_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", frozenset({L.SUBMITTED, L.DOCUMENT_REQUESTED}), L.ACCEPTED, "Accepter"),
        Transition(
            "reject",
            frozenset({L.SUBMITTED, L.DOCUMENT_REQUESTED, L.ACCEPTED}),
            L.REJECTED,
            "Rejeter",
            needs_reason=True,
        ),
        Transition(
            "request_document",
            frozenset({L.SUBMITTED}),
            L.DOCUMENT_REQUESTED,
            "Demander une pièce",
            needs_reason=True,
        ),
        # The establishment answers a request with another invoice file.
        Transition(
            "resubmit",
            frozenset({L.DOCUMENT_REQUESTED}),
            L.SUBMITTED,
            "Déposer la pièce demandée",
            by_agency=False,
        ),
    )
}

AGENCY_DECISIONS = {name: t for name, t in LINE_TRANSITIONS.items() if t.by_agency}


class LineTransitionError(Exception):
    """A transition refused, with the French reason shown to the user."""


def line_transition_for(name: str, current: L) -> Transition:
    transition = LINE_TRANSITIONS.get(name)
    if transition is None:
        raise LineTransitionError("Décision inconnue.")
    if current not in transition.source:
        raise LineTransitionError(
            f"« {transition.label} » n'est pas possible pour une dépense à l'état « {L(current).label} »."
        )
    return transition
