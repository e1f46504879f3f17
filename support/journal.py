"""The intersession log of an establishment: meetings and EDT, experiments with indicators, facilitator notes."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dossiers.errors import text_checked
from dossiers.services import DossierError
from qvct.limits import EVALUATION_TEXT, REASON_TEXT

from .models import CohortMember, Experiment, FacilitatorNote, Indicator, Measurement, Meeting, SelfEvaluation


def _text(value: str, label: str) -> str:
    return text_checked((value or "").strip(), limit=REASON_TEXT, label=label)


def meeting_add(
    *, member: CohortMember, user, kind: str, held_on: dt.date, team: str, themes: str, outcomes: str
):
    if kind not in Meeting.Kind.values:
        raise DossierError("Choisissez le type de réunion.")
    if not themes.strip():
        raise DossierError("Indiquez les thèmes abordés.")
    return Meeting.objects.create(
        member=member,
        kind=kind,
        held_on=held_on,
        team=team.strip()[:200],
        themes=_text(themes, "Thèmes abordés"),
        outcomes=_text(outcomes, "Propositions ou décisions produites"),
        author=user,
    )


def indicator_lines(text: str) -> list[tuple[str, str]]:
    """« Taux d'absentéisme (%) » → (« Taux d'absentéisme », « % »), one indicator per line."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, unit = line, ""
        if line.endswith(")") and "(" in line:
            name, unit = line[:-1].rsplit("(", 1)
        found.append((name.strip()[:200], unit.strip()[:40]))
    return found


def experiment_add(
    *,
    member: CohortMember,
    user,
    title: str,
    description: str,
    starts_on: dt.date,
    ends_on: dt.date,
    indicators: str,
    transversal: bool = False,
) -> Experiment:
    if ends_on < starts_on:
        raise DossierError("La fin de l'expérimentation doit suivre son début.")
    lines = indicator_lines(indicators)
    if not lines:
        raise DossierError("Indiquez au moins un indicateur de suivi, un par ligne.")
    with transaction.atomic():
        experiment = Experiment.objects.create(
            member=member,
            title=title.strip()[:200],
            description=_text(description, "Description"),
            starts_on=starts_on,
            ends_on=ends_on,
            transversal=bool(transversal),
            author=user,
        )
        Indicator.objects.bulk_create(Indicator(experiment=experiment, name=n, unit=u) for n, u in lines)
    return experiment


def experiment_adjust(
    *, experiment: Experiment, user, adjustments: str, transversal: bool | None = None
) -> None:
    changes = {"adjustments": _text(adjustments, "Ajustements")}
    if transversal is not None:
        changes["transversal"] = bool(transversal)
    Experiment.objects.filter(pk=experiment.pk).update(**changes)


def measurement_add(*, indicator: Indicator, user, measured_on: dt.date, value: Decimal) -> Measurement:
    return Measurement.objects.create(indicator=indicator, measured_on=measured_on, value=value, author=user)


def note_add(*, member: CohortMember, user, text: str) -> FacilitatorNote:
    text = _text(text, "Note")
    if not text:
        raise DossierError("La note est vide.")
    return FacilitatorNote.objects.create(member=member, text=text, author=user)


def evaluation_save(
    *,
    member: CohortMember,
    user,
    agents_involved: int,
    actions_done: int,
    actions_continued: int,
    appreciation: int,
    changes: str,
    difficulties: str,
    next_steps: str,
) -> SelfEvaluation:
    """The establishment's own evaluation of its approach: one per establishment, filled in again at will."""
    if min(agents_involved, actions_done, actions_continued) < 0:
        raise DossierError("Les nombres de l'évaluation ne peuvent pas être négatifs.")
    if actions_continued > actions_done:
        raise DossierError("Les actions poursuivies ne peuvent pas dépasser les actions menées.")
    if int(appreciation) not in SelfEvaluation.Appreciation.values:
        raise DossierError("Choisissez une appréciation d'ensemble entre 1 et 5.")
    changes = text_checked(
        (changes or "").strip(), limit=EVALUATION_TEXT, label="Ce qui a changé pour les équipes"
    )
    if not changes:
        raise DossierError("Indiquez ce qui a changé pour les équipes.")
    evaluation, _ = SelfEvaluation.objects.update_or_create(
        member=member,
        defaults={
            "agents_involved": agents_involved,
            "actions_done": actions_done,
            "actions_continued": actions_continued,
            "appreciation": int(appreciation),
            "changes": changes,
            "difficulties": text_checked(
                (difficulties or "").strip(), limit=EVALUATION_TEXT, label="Difficultés rencontrées"
            ),
            "next_steps": text_checked((next_steps or "").strip(), limit=EVALUATION_TEXT, label="Et après"),
            "author": user,
            "updated_at": timezone.now(),
        },
    )
    return evaluation
