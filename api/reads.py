"""What the API adds to a dossier beyond its `qvct.dossier/1` document: the ARS's own reads and the decisions."""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist

from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from review.models import Annotation, CriterionScore

DECIDED = {DossierStatus.ADMISSIBLE: "admissible", DossierStatus.INADMISSIBLE: "inadmissible"}
# Past admissibility, every later state was admissible first.
AFTER_ADMISSIBLE = frozenset(
    {
        DossierStatus.SELECTED,
        DossierStatus.NOT_SELECTED,
        DossierStatus.NOTIFIED,
        DossierStatus.CONVENTION_SIGNED,
    }
)


def instruction_of(dossier: Dossier) -> dict:
    """Assignment, private annotations and committee scores: for ARS agents only, never for a porteur."""
    annotations = Annotation.objects.filter(dossier=dossier).select_related("author")
    scores = CriterionScore.objects.filter(assignment__dossier=dossier).select_related("assignment__member")
    return {
        "assigned_to": dossier.assigned_to.get_full_name() if dossier.assigned_to_id else None,
        "annotations": [
            {"author": a.author.get_full_name() or a.author.email, "text": a.text, "created_at": a.at}
            for a in annotations
        ],
        "committee_scores": [
            {
                "member": s.assignment.member.get_full_name() or s.assignment.member.email,
                "criterion": s.criterion,
                "score": s.score,
            }
            for s in scores
        ],
    }


def _letter(dossier: Dossier):
    try:
        return dossier.letter
    except ObjectDoesNotExist:
        return None


def decision_of(dossier: Dossier, *, porteur: bool) -> dict:
    """The admissibility decision and, once known to the reader, the funding decision per action.

    A porteur learns the funding decision from the notification letter, never before (as on the site).
    """
    status = DossierStatus(dossier.status)
    admissibility = DECIDED.get(status) or ("admissible" if status in AFTER_ADMISSIBLE else None)
    letter = _letter(dossier)
    shown = letter is not None or not porteur
    decisions = list(dossier.decisions.select_related("action").order_by("action__position")) if shown else []
    return {
        "admissibility": admissibility,
        "decided_at": dossier.decided_at,
        "reason": dossier.decision_reason if admissibility else "",
        "funding_notified": letter is not None,
        "granted_total": letter.granted
        if letter
        else (sum((d.granted for d in decisions), Decimal(0)) if decisions else None),
        "actions": [{"title": d.action.title, "granted": d.granted, "reason": d.reason} for d in decisions],
    }
