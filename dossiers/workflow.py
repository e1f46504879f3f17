"""The one transition table of the dossier workflow; every transition writes an append-only event."""

from dataclasses import dataclass

from .enums import DossierStatus as S
from .enums import EventKind


@dataclass(frozen=True)
class Transition:
    name: str
    source: frozenset[S]
    target: S
    label: str
    needs_reason: bool = False
    # Internal steps the establishment learns of only through their outcome (the funding decision is
    # told by the notification letter, never before the call's notification date).
    internal: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, "Déposer le dossier"),
        Transition("start_review", frozenset({S.SUBMITTED}), S.IN_REVIEW, "Commencer l'instruction"),
        Transition(
            "request_complements",
            frozenset({S.SUBMITTED, S.IN_REVIEW}),
            S.COMPLEMENTS_REQUESTED,
            "Demander des compléments",
            needs_reason=True,
        ),
        Transition(
            "resubmit", frozenset({S.COMPLEMENTS_REQUESTED}), S.IN_REVIEW, "Renvoyer le dossier complété"
        ),
        Transition(
            "declare_admissible", frozenset({S.SUBMITTED, S.IN_REVIEW}), S.ADMISSIBLE, "Déclarer recevable"
        ),
        Transition(
            "declare_inadmissible",
            # Also when the complements never came: the instructor closes the dossier with the reason.
            frozenset({S.SUBMITTED, S.IN_REVIEW, S.COMPLEMENTS_REQUESTED}),
            S.INADMISSIBLE,
            "Déclarer irrecevable",
            needs_reason=True,
        ),
        Transition(
            "select",
            frozenset({S.ADMISSIBLE}),
            S.SELECTED,
            "Retenir (décision de financement)",
            internal=True,
        ),
        Transition(
            "reject_selection",
            frozenset({S.ADMISSIBLE}),
            S.NOT_SELECTED,
            "Ne pas retenir (décision de financement)",
            needs_reason=True,
            internal=True,
        ),
        # The selection of a support programme (no funding): retained into a cohort, waiting list, or not.
        # The ARACT's preliminary interview must precede it (support.selection.selection_decide checks).
        Transition(
            "retain_candidacy",
            frozenset({S.ADMISSIBLE, S.WAITLISTED}),
            S.SELECTED,
            "Retenir la candidature",
            internal=True,
        ),
        Transition(
            "waitlist_candidacy",
            frozenset({S.ADMISSIBLE}),
            S.WAITLISTED,
            "Inscrire la candidature sur liste d'attente",
            internal=True,
        ),
        Transition(
            "decline_candidacy",
            frozenset({S.ADMISSIBLE, S.WAITLISTED}),
            S.NOT_SELECTED,
            "Ne pas retenir la candidature",
            needs_reason=True,
            internal=True,
        ),
        Transition(
            "notify",
            frozenset({S.SELECTED, S.NOT_SELECTED, S.WAITLISTED}),
            S.NOTIFIED,
            "Notifier la décision",
        ),
        Transition(
            "sign_convention",
            frozenset({S.NOTIFIED}),
            S.CONVENTION_SIGNED,
            "Enregistrer la convention signée",
        ),
        Transition(
            "withdraw",
            frozenset({S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.COMPLEMENTS_REQUESTED}),
            S.WITHDRAWN,
            "Se désister",
            needs_reason=True,
        ),
    )
}


class TransitionError(Exception):
    """A transition refused, with the French reason shown to the user."""


def transition_for(name: str, current: S) -> Transition:
    transition = TRANSITIONS[name]
    if current not in transition.source:
        raise TransitionError(
            f"« {transition.label} » n'est pas possible pour un dossier à l'état « {S(current).label} »."
        )
    return transition


# What the establishment sees of its dossier's state: an internal step shows as the state before it (a state
# that is not itself internal, so a waiting list retained later still shows « recevable »).
_INTERNAL_TARGETS = frozenset(t.target for t in TRANSITIONS.values() if t.internal)
PUBLIC_STATUS = {
    t.target: min(s for s in t.source if s not in _INTERNAL_TARGETS)
    for t in TRANSITIONS.values()
    if t.internal
}
# History events that stay with the ARS (who instructs, which finding was lifted, how a grant was adjusted).
INTERNAL_EVENTS = frozenset({EventKind.ASSIGNED, EventKind.FINDING_OVERRIDDEN, EventKind.DECISION})


def public_status(status: S) -> S:
    return PUBLIC_STATUS.get(S(status), S(status))


def visible_to_establishment(event) -> bool:
    """Whether a history event belongs to the establishment's view of its dossier."""
    if event.kind in INTERNAL_EVENTS:
        return False
    transition = TRANSITIONS.get(event.transition)
    return not (transition and transition.internal)
