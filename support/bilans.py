"""The bilans of an accompaniment, generated from its data: the interim one of a wave and the final deliverable,
as PDF and as an editable ODT. Both read the same facts (`bilan_facts`)."""

import io
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from calls.enums import CallKind
from calls.models import Call
from qvct.formats import date as date_fr
from qvct.formats import number, percent
from qvct.pdf import render_pdf
from referential.enums import Sector

from .attendance import attendance_rates
from .models import CohortMember, Experiment, Indicator, SelfEvaluation

SECTOR_TITLES = {
    Sector.SANITAIRE: "Établissements sanitaires",
    Sector.MEDICO_SOCIAL: "Établissements médico-sociaux",
}


@dataclass
class IndicatorFacts:
    name: str
    unit: str
    before: str
    after: str


@dataclass
class ExperimentFacts:
    title: str
    period: str
    indicators: list[IndicatorFacts]
    adjustments: str


@dataclass
class EvaluationFacts:
    """The establishment's own evaluation, as lines ready to print."""

    figures: list[str]
    texts: list[tuple[str, str]]


@dataclass
class TransversalFacts:
    """An action shared by establishments of both types, or marked transversal by its establishment."""

    title: str
    establishments: str
    reason: str


@dataclass
class EstablishmentFacts:
    name: str
    department: str
    cohort: str
    host: bool
    attendance: str
    meetings: list[str]
    experiments: list[ExperimentFacts]
    notes: list[str]
    evaluation: EvaluationFacts | None = None


@dataclass
class BilanFacts:
    title: str
    call: Call
    deliverable: object
    mention: str
    final: bool
    groups: list[tuple[str, list[EstablishmentFacts]]] = field(default_factory=list)
    experiment_count: int = 0
    transversal: list[TransversalFacts] = field(default_factory=list)


def _measure(measurement, unit: str) -> str:
    if measurement is None:
        return "—"
    return f"{number(measurement.value)}{' ' + unit if unit else ''} ({date_fr(measurement.measured_on)})"


def _evaluation(member: CohortMember) -> EvaluationFacts | None:
    try:
        evaluation = member.evaluation
    except SelfEvaluation.DoesNotExist:
        return None
    return EvaluationFacts(
        [
            f"Agents impliqués dans la démarche : {number(evaluation.agents_involved)}",
            f"Actions menées : {number(evaluation.actions_done)}, dont {number(evaluation.actions_continued)} "
            "poursuivie(s) après l'expérimentation",
            f"Appréciation d'ensemble : {evaluation.get_appreciation_display()}",
        ],
        [
            (label, text)
            for label, text in (
                ("Ce qui a changé pour les équipes", evaluation.changes),
                ("Difficultés rencontrées", evaluation.difficulties),
                ("Et après", evaluation.next_steps),
            )
            if text
        ],
    )


def transversal_actions(members: list[CohortMember]) -> list[TransversalFacts]:
    """Actions tested by establishments of both types (same title), or marked transversal, once each."""
    by_title: dict[str, list[tuple[Experiment, CohortMember]]] = {}
    for member in members:
        for experiment in member.experiments.all():
            by_title.setdefault(" ".join(experiment.title.casefold().split()), []).append(
                (experiment, member)
            )
    found = []
    for items in by_title.values():
        sectors = {m.dossier.establishment.sector for _, m in items}
        shared = {Sector.SANITAIRE, Sector.MEDICO_SOCIAL} <= sectors
        if not shared and not any(e.transversal for e, _ in items):
            continue
        names = sorted({m.dossier.establishment.display_name for _, m in items})
        found.append(
            TransversalFacts(
                items[0][0].title,
                ", ".join(names),
                "menée par des établissements sanitaires et médico-sociaux"
                if shared
                else "signalée comme transversale par l'établissement",
            )
        )
    return sorted(found, key=lambda item: item.title.casefold())


def bilan_calls(call: Call, final: bool) -> list[Call]:
    """The interim bilan covers its wave; the final one every wave of the region's support programmes up to it."""
    if not final:
        return [call]
    return list(
        Call.objects.filter(
            region=call.region_id, kind=CallKind.SUPPORT_PROGRAM, year__lte=call.year
        ).order_by("year")
    )


def bilan_facts(call: Call, index: int) -> BilanFacts:
    program = call.spec.program
    deliverable = program.deliverables[index]
    # The last deliverable of a wave is the final one (« Un bilan final à la fin de l'année 2025 »).
    final = index == len(program.deliverables) - 1
    members = list(
        CohortMember.objects.filter(cohort__call__in=bilan_calls(call, final))
        .select_related("cohort", "dossier__establishment__department", "evaluation")
        .prefetch_related(
            "meetings",
            "notes",
            Prefetch(
                "experiments",
                queryset=Experiment.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.prefetch_related("measurements"))
                ),
            ),
        )
        .order_by("cohort__call__year", "dossier__establishment__name")
    )
    rates = attendance_rates(members)
    facts = BilanFacts(deliverable.label, call, deliverable, program.communication_mention, final)
    by_sector: dict[str, list[EstablishmentFacts]] = {}
    for member in members:
        establishment = member.dossier.establishment
        experiments = []
        for experiment in member.experiments.all():
            indicators = []
            for indicator in experiment.indicators.all():
                measures = list(indicator.measurements.all())
                indicators.append(
                    IndicatorFacts(
                        indicator.name,
                        indicator.unit,
                        _measure(measures[0] if measures else None, indicator.unit),
                        _measure(measures[-1] if len(measures) > 1 else None, indicator.unit),
                    )
                )
            experiments.append(
                ExperimentFacts(
                    experiment.title,
                    f"du {date_fr(experiment.starts_on)} au {date_fr(experiment.ends_on)}",
                    indicators,
                    experiment.adjustments,
                )
            )
        rate = rates[member.pk]
        by_sector.setdefault(establishment.sector, []).append(
            EstablishmentFacts(
                establishment.display_name,
                f"{establishment.department.name} ({establishment.department_id})",
                member.cohort.name,
                member.host,
                f"{percent(round(rate.percent, 1))} des présences attendues ({rate.present} sur {rate.recorded})"
                if rate.recorded
                else "aucune présence enregistrée",
                [
                    f"{m.get_kind_display()} du {date_fr(m.held_on)} ({m.team}) : {m.themes}"
                    + (f" — {m.outcomes}" if m.outcomes else "")
                    for m in member.meetings.all()
                ],
                experiments,
                [f"{date_fr(n.written_on)} : {n.text}" for n in member.notes.all()],
                _evaluation(member),
            )
        )
        facts.experiment_count += len(experiments)
    facts.transversal = transversal_actions(members)
    facts.groups = [
        (SECTOR_TITLES.get(sector, "Autres établissements"), items)
        for sector, items in sorted(by_sector.items())
    ]
    return facts


def bilan_pdf(facts: BilanFacts) -> bytes:
    return render_pdf(
        render_to_string("support/pdf/bilan.html", {"facts": facts, "generated_at": timezone.localtime()})
    )


def bilan_odt(facts: BilanFacts) -> bytes:
    # Not a cycle: odfpy is loaded by the ODT export only, like the ODS tables.
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, P

    document = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)

    def heading(level: int, text: str) -> None:
        document.text.addElement(H(outlinelevel=level, text=text))

    def paragraph(text: str) -> None:
        document.text.addElement(P(text=text))

    heading(1, f"{facts.title} — {facts.call.spec.program.kind_label}")
    paragraph(f"{', '.join(facts.call.spec.organisers)}. {facts.deliverable.note}")
    paragraph(f"{facts.experiment_count} expérimentation(s) suivie(s).")
    for title, items in facts.groups:
        heading(2, title)
        for item in items:
            heading(3, item.name)
            paragraph(f"{item.department} — {item.cohort}{' — site d’accueil' if item.host else ''}")
            paragraph(f"Assiduité : {item.attendance}")
            for meeting in item.meetings:
                paragraph(f"• {meeting}")
            for experiment in item.experiments:
                paragraph(f"Expérimentation : {experiment.title}, {experiment.period}")
                for indicator in experiment.indicators:
                    paragraph(f"  {indicator.name} : avant {indicator.before} ; après {indicator.after}")
                if experiment.adjustments:
                    paragraph(f"  Ajustements : {experiment.adjustments}")
            for note in item.notes:
                paragraph(f"Note de l'intervenante, {note}")
            if item.evaluation:
                paragraph("Évaluation de l'établissement :")
                for line in item.evaluation.figures:
                    paragraph(f"  {line}")
                for label, text in item.evaluation.texts:
                    paragraph(f"  {label} : {text}")
    if facts.transversal:
        heading(2, "Actions transversales")
        for action in facts.transversal:
            paragraph(f"• {action.title} — {action.establishments} ({action.reason})")
    if facts.mention:
        paragraph(facts.mention[:1].upper() + facts.mention[1:] + ".")
    stream = io.BytesIO()
    document.write(stream)
    return stream.getvalue()
