"""The demo's Normandie 2024 wave: seven candidacies decided, five pilots in a cohort with its session plan."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from calls.models import Call
from dossiers import services
from dossiers.models import Dossier
from funding.models import NotificationBatch
from referential.models import Establishment
from review import committee
from review import services as review
from review.models import CommitteeAssignment, Interview
from support import journal, letters
from support.attendance import attendance_record, expected_people
from support.models import Meeting, Session
from support.selection import selection_decide
from support.services import cohort_build
from support.sessions import plan_generate

from .history import establishment_author, history_backdate

PARIS = ZoneInfo("Europe/Paris")
# (department, sector, decision, committee scores) of the other candidacies; the Tilleuls EHPAD is retained too.
CANDIDATES = (
    ("14", "sanitaire", "retained", (4, 4, 5, 4)),
    ("50", "medico_social", "retained", (4, 3, 4, 5)),
    ("50", "sanitaire", "retained", (3, 4, 4, 4)),
    ("61", "medico_social", "retained", (4, 4, 3, 4)),
    ("61", "sanitaire", "waitlisted", (3, 3, 3, 3)),
    ("14", "medico_social", "declined", (2, 1, 2, 2)),
)
MOTIVATION = {
    "difficulties": "Des postes vacants depuis plusieurs mois et un absentéisme en hausse dans les services de nuit.",
    "collaboration": "Nous échangeons déjà avec les établissements voisins sur les remplacements.",
    "attractiveness": "L'accueil des nouveaux professionnels et le management de proximité sont nos priorités.",
    "commitment": "La direction et le CSE s'engagent à participer à tous les temps collectifs.",
}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%demo\n%%EOF\n", content_type="application/pdf")


def _candidacy(call: Call, establishment: Establishment, index: int, filed_on: dt.datetime) -> Dossier:
    author = establishment_author(establishment, index + 20)
    dossier, _ = services.dossier_start(call=call, establishment=establishment, user=author)
    services.dossier_update(
        dossier=dossier,
        user=author,
        section="Identification",
        values={
            "contact_name": author.get_full_name(),
            "contact_email": author.email,
            "headcount": 120 + index,
        },
    )
    services.trinome_update(
        dossier=dossier,
        user=author,
        members={
            "direction": (f"{author.get_full_name()}, direction", author.email),
            "staff_representative": ("Élu·e du CSE", ""),
            "employee": ("Agent du service de soins", ""),
        },
    )
    services.dossier_update(
        dossier=dossier, user=author, section="Motivation", values={"motivation": MOTIVATION}
    )
    for attachment in call.spec.attachments:
        services.document_add(
            dossier=dossier,
            user=author,
            kind=attachment.kind,
            upload=_pdf(f"{slugify(attachment.label)[:60]}.pdf"),
        )
    history_backdate(dossier, before=filed_on)
    return services.dossier_submit(dossier=dossier, user=author, now=filed_on)[0]


def demo_support_load(users: dict) -> None:
    """Runs after the other demo dossiers (the Tilleuls candidacy is admissible and interviewed)."""
    call = Call.objects.get(code="aac-normandie-2024")
    manager, aract, member = (
        users["gestionnaire@example.org"],
        users["aract@example.org"],
        users["comite@example.org"],
    )
    tilleuls = Dossier.objects.get(
        call=call,
        establishment__finess__in=users["porteur-normandie@example.org"].establishments.values("finess"),
    )
    used = {tilleuls.establishment_id}
    decided = [(tilleuls, "retained", (5, 4, 4, 5))]
    for index, (department, sector, outcome, scores) in enumerate(CANDIDATES):
        establishment = (
            Establishment.objects.filter(department_id=department, sector=sector)
            .exclude(pk__in=used)
            .order_by("finess")
            .first()
        )
        if establishment is None:
            continue
        used.add(establishment.pk)
        filed_on = dt.datetime(2023, 11, 21 + index, 10, 0, tzinfo=PARIS)
        dossier = _candidacy(call, establishment, index, filed_on)
        review.dossier_decide(dossier=dossier, user=manager, admissible=True, reason="")
        Interview.objects.create(
            dossier=dossier,
            scheduled_on=dt.date(2023, 12, 6 + index),
            mode=Interview.Mode.ON_SITE if index % 2 else Interview.Mode.VISIO,
            notes="Trinôme constitué ; enjeux partagés par la direction et le CSE.",
            opinion=Interview.Opinion.RESERVED if outcome == "declined" else Interview.Opinion.FAVOURABLE,
            by=aract,
        )
        decided.append((Dossier.objects.get(pk=dossier.pk), outcome, scores))
    for dossier, outcome, scores in decided:
        dossier = Dossier.objects.get(pk=dossier.pk)
        committee.committee_assign(dossiers=[dossier], members=[member, aract], user=manager)
        for assignment in CommitteeAssignment.objects.filter(dossier=dossier):
            for criterion, value in zip(call.spec.criteria, scores, strict=False):
                committee.score_save(assignment=assignment, criterion=criterion.code, score=value, comment="")
            committee.scores_submit(assignment=assignment)
        reason = (
            "Projet encore peu articulé avec le plan d'actions de l'établissement."
            if outcome == "declined"
            else ""
        )
        selection_decide(dossier=dossier, user=manager, outcome=outcome, reason=reason)
    batch = NotificationBatch.objects.create(
        call=call,
        launched_by=manager,
        total=Dossier.objects.filter(call=call, status__in=letters.DECIDED).count(),
    )
    letters.selection_letters_run.call(batch.pk)
    cohort = cohort_build(call=call, user=manager)
    plan_generate(cohort=cohort, user=aract)
    _mid_year(cohort, aract)


def _mid_year(cohort, aract) -> None:
    """The wave in mid-2024: three collective sessions held with their attendance, intersession work logged."""
    held = list(cohort.sessions.filter(kind=Session.Kind.COLLECTIVE).order_by("starts_at")[:3])
    for number, session in enumerate(held):
        people = expected_people(session)
        # Everyone came to the first session; one member missed each of the next two.
        present = {p.pk for index, p in enumerate(people) if number == 0 or index != number}
        attendance_record(session=session, present_ids=present, user=aract)
    for index, member in enumerate(cohort.members.select_related("dossier__created_by").order_by("pk")):
        porteur = member.dossier.created_by
        journal.meeting_add(
            member=member,
            user=porteur,
            kind=Meeting.Kind.COPIL,
            held_on=dt.date(2024, 2, 20),
            team="Copil : direction, élue CSE, cadre de santé",
            themes="Lancement de la démarche, choix du périmètre",
            outcomes="Périmètre retenu : les unités de soins de jour",
        )
        journal.meeting_add(
            member=member,
            user=porteur,
            kind=Meeting.Kind.EDT,
            held_on=dt.date(2024, 3, 14),
            team="Équipe soignante de jour",
            themes="Les transmissions entre équipes ; les interruptions de tâches",
            outcomes="Proposition : un temps de transmission protégé de 15 minutes",
        )
        experiment = journal.experiment_add(
            member=member,
            user=porteur,
            title="Temps de transmission protégé de 15 minutes",
            description="Testé dans une unité pilote avant extension.",
            starts_on=dt.date(2024, 4, 1),
            ends_on=dt.date(2024, 9, 30),
            indicators="Taux d'absentéisme (%)\nInterruptions de tâches par poste (nombre)",
        )
        for indicator, (before, after) in zip(
            experiment.indicators.order_by("pk"), ((11.5 - index, 9.8 - index), (14, 9)), strict=True
        ):
            journal.measurement_add(
                indicator=indicator, user=porteur, measured_on=dt.date(2024, 4, 1), value=Decimal(str(before))
            )
            journal.measurement_add(
                indicator=indicator, user=porteur, measured_on=dt.date(2024, 6, 28), value=Decimal(str(after))
            )
        journal.note_add(member=member, user=aract, text="Copil installé ; le trinôme porte la démarche.")
        if index == 0:
            _first_member_extras(member, porteur)


def _first_member_extras(member, porteur) -> None:
    """One establishment marks a second action transversal and fills in its own evaluation."""
    experiment = journal.experiment_add(
        member=member,
        user=porteur,
        title="Charte du droit à la déconnexion",
        description="Rédigée avec les équipes de jour et de nuit, soignantes comme administratives.",
        starts_on=dt.date(2024, 5, 1),
        ends_on=dt.date(2024, 10, 31),
        indicators="Messages envoyés hors horaires (nombre)",
        transversal=True,
    )
    journal.measurement_add(
        indicator=experiment.indicators.get(),
        user=porteur,
        measured_on=dt.date(2024, 5, 2),
        value=Decimal(42),
    )
    journal.evaluation_save(
        member=member,
        user=porteur,
        agents_involved=38,
        actions_done=2,
        actions_continued=1,
        appreciation=4,
        changes="Les équipes de jour se transmettent les informations sans être interrompues ; "
        "les cadres constatent moins de rappels sur les repos.",
        difficulties="Dégager du temps de remplacement pour les espaces de discussion.",
        next_steps="Étendre le temps de transmission protégé aux unités de nuit en 2025.",
    )
