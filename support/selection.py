"""The selection of a support programme's candidacies: retained, waiting list or not retained, after the interview."""

from dataclasses import dataclass

from django.db import transaction

from calls.enums import CallKind
from calls.models import Call
from dossiers.enums import DossierStatus
from dossiers.errors import text_checked
from dossiers.models import Dossier
from dossiers.services import DossierError, transition_apply
from qvct.limits import REASON_TEXT
from review.committee import RankingRow, ranking
from review.models import Interview

from .enums import OUTCOME_TRANSITION, SelectionOutcome
from .models import Selection

# The candidacies the manager may still decide on (a waiting list may be retained or declined later).
DECIDABLE = (DossierStatus.ADMISSIBLE, DossierStatus.WAITLISTED)


def selection_decide(*, dossier: Dossier, user, outcome: str, reason: str = "") -> Selection:
    """Records the decision and moves the dossier through the transition table; a candidacy is retained only
    after its preliminary interview with the ARACT (« Entretien préalable avec l'Aract avant validation »)."""
    if dossier.call.kind != CallKind.SUPPORT_PROGRAM:
        raise DossierError("Cette décision ne vaut que pour un appel à accompagnement.")
    try:
        outcome = SelectionOutcome(outcome)
    except ValueError:
        raise DossierError("Choisissez la décision : retenu, liste d'attente ou non retenu.") from None
    reason = text_checked(reason.strip(), limit=REASON_TEXT, label="Motif")
    interview = Interview.objects.filter(dossier=dossier).first()
    if outcome == SelectionOutcome.RETAINED and (interview is None or not interview.opinion):
        raise DossierError(
            f"{dossier.establishment.display_name} ne peut être retenu qu'après l'entretien préalable avec "
            "l'ARACT, avis compris : demandez-le à la chargée de mission."
        )
    with transaction.atomic():
        transition_apply(
            dossier,
            user,
            OUTCOME_TRANSITION[outcome],
            f"Décision de sélection : {outcome.label.lower()}",
            reason=reason,
        )
        selection, _ = Selection.objects.update_or_create(
            dossier=dossier, defaults={"outcome": outcome, "reason": reason, "decided_by": user}
        )
    return selection


@dataclass
class SelectionRow:
    ranking: RankingRow
    selection: Selection | None

    @property
    def dossier(self) -> Dossier:
        return self.ranking.dossier

    @property
    def decidable(self) -> bool:
        return self.dossier.status in DECIDABLE


def selection_board(call: Call) -> list[SelectionRow]:
    """The committee's ranking of the call's candidacies with the interview and each decision taken."""
    rows = ranking(call)
    selections = {s.dossier_id: s for s in Selection.objects.filter(dossier__call=call)}
    return [SelectionRow(row, selections.get(row.dossier.pk)) for row in rows]
