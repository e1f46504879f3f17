"""Demo dossiers: a call open today, filed and draft dossiers for the demo establishments and a few others."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify

from agreements import services as agreements
from agreements.models import Convention
from calls.models import Call
from dossiers import services
from dossiers.models import Dossier
from dossiers.services import ActionValues
from funding import notifications
from funding import services as funding
from funding.allocation_input import Method
from funding.models import NotificationBatch
from mailing.services import outbox_deliver_due
from referential.models import Establishment
from review import committee
from review import services as review
from review.models import CommitteeAssignment, Interview

from .call import DEMO_CALL, demo_call
from .history import establishment_author, history_backdate
from .monitoring import demo_2022_load
from .support import demo_support_load

__all__ = ["DEMO_CALL", "demo_call", "demo_dossiers_load"]

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _attachment(dossier, kind: str) -> SimpleUploadedFile:
    """A file named as a porteur would name it: after the piece the call asks for, not its code."""
    label = next(a.label for a in dossier.call.spec.attachments if a.kind == kind)
    return _pdf(f"{slugify(label)[:60]}.pdf")


def _action(
    dossier,
    user,
    *,
    title,
    theme,
    item,
    cost,
    requested=None,
    nature="equipment",
    motivation="",
    quote=True,
    indicator=True,
    start=dt.date(2024, 11, 1),
    end=dt.date(2025, 6, 30),
    agents=40,
):
    requested = cost / 2 if requested is None else requested
    action = services.action_add(
        dossier=dossier,
        user=user,
        values=ActionValues(
            title=title,
            axis=dossier.call.spec.theme(theme).axis,
            theme=theme,
            catalog_item=item,
            description=f"{title} : achat, installation et formation des équipes.",
            motivation=motivation,
            start=start,
            end=end,
            agents_concerned=agents,
            expense_nature=nature,
            cost=Decimal(cost),
            requested=Decimal(requested),
            own_funding=Decimal(cost) - Decimal(requested),
        ),
    )
    services.action_funding_set(
        action=action,
        user=user,
        other_funding=[],
        indicators=[("Accidents du travail liés à l'action", "AT/an", "12", "6")] if indicator else [],
    )
    if quote:
        services.document_add(
            dossier=dossier,
            user=user,
            kind="quote",
            upload=_pdf(f"devis-{action.position}.pdf"),
            action=action,
        )
    return action


def _fill_clact(dossier, user, actions: list[dict], attachments=None):
    services.dossier_update(
        dossier=dossier,
        user=user,
        section="Identification",
        values={
            "contact_name": user.get_full_name(),
            "contact_email": user.email,
            "headcount": 950,
            "fte_medical": Decimal("62.5"),
            "fte_non_medical": Decimal("801"),
            "beds_and_places": 410,
            "absenteeism_rate": Decimal("9.4"),
            "turnover_rate": Decimal("11.2"),
        },
    )
    services.dossier_update(
        dossier=dossier,
        user=user,
        section="Présentation du projet",
        values={
            "scope": "Pôle gériatrie, SSR et EHPAD rattaché",
            "diagnostic": "DUERP actualisé en janvier 2024 ; 14 accidents de manutention en 2023 ; enquête QVCT auprès de 300 agents.",
            "objectives": "Diviser par deux les accidents de manutention ; réduire l'absentéisme de 1 point.",
            "schedule": "Achats au dernier trimestre 2024, formations au premier semestre 2025.",
            "follow_up": "Comité de suivi trimestriel avec le CSE ; bilan annuel présenté au CSE.",
        },
    )
    for values in actions:
        _action(dossier, user, **values)
    kinds = (
        attachments if attachments is not None else [a.kind for a in dossier.call.spec.required_attachments]
    )
    for kind in kinds:
        services.document_add(dossier=dossier, user=user, kind=kind, upload=_attachment(dossier, kind))


TMS = {
    "title": "Deux lève-personnes motorisés pour le SSR",
    "theme": "tms",
    "item": "leve_personne",
    "cost": 24000,
    "motivation": "80 agents exposés, 14 AT de manutention en 2023.",
}
RPS = {
    "title": "Groupes de parole animés par un psychologue extérieur",
    "theme": "rps",
    "item": "rps_groupes_de_parole",
    "cost": 9000,
    "nature": "service",
}


def demo_dossiers_load(users: dict) -> None:
    """Creates the demo dossiers once; a second run finds them and changes nothing."""
    if Dossier.objects.exists():
        return
    # The demo's filings happen "in 2024": nobody is to receive their receipts today. Their e-mails are sent
    # now, to nowhere, so that the worker `make serve` starts finds none left to print on the console.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _load(users)
        outbox_deliver_due()


def _load(users: dict) -> None:
    porteur, normandie_user = users["porteur@example.org"], users["porteur-normandie@example.org"]
    demo_2022_load(users)  # monitoring (issue 10): the porteur's followed-up CLACT 2022, before 2024 is filed
    clact = Call.objects.get(code="clact-grand-est-2024")
    filed_on = dt.datetime(2024, 5, 6, 10, 12, tzinfo=PARIS)
    with transaction.atomic():
        selestat = porteur.establishments.get()
        dossier, _ = services.dossier_start(call=clact, establishment=selestat, user=porteur)
        _fill_clact(dossier, porteur, [TMS, RPS])
        history_backdate(dossier, before=filed_on)
        services.dossier_submit(dossier=dossier, user=porteur, now=filed_on)

        # The Normandie EHPAD's candidacy to the 2024 accompaniment, filed in the autumn of 2023.
        tilleuls = normandie_user.establishments.get()
        candidacy, _ = services.dossier_start(
            call=Call.objects.get(code="aac-normandie-2024"), establishment=tilleuls, user=normandie_user
        )
        services.dossier_update(
            dossier=candidacy,
            user=normandie_user,
            section="Identification",
            values={
                "contact_name": normandie_user.get_full_name(),
                "contact_email": normandie_user.email,
                "headcount": 85,
            },
        )
        services.trinome_update(
            dossier=candidacy,
            user=normandie_user,
            members={
                "direction": ("Paul Lefèvre, directeur", ""),
                "staff_representative": ("Nadia Haddad, élue CSE", ""),
                "employee": ("Julie Marie, aide-soignante", ""),
            },
        )
        services.dossier_update(
            dossier=candidacy,
            user=normandie_user,
            section="Motivation",
            values={
                "motivation": {
                    "difficulties": "Absentéisme de 12 % et trois postes d'aides-soignants vacants depuis six mois.",
                    "collaboration": "Nous travaillons déjà avec deux EHPAD du Bessin sur les remplacements.",
                    "attractiveness": "L'accueil des nouveaux arrivants et le management de proximité sont nos priorités.",
                    "commitment": "La direction et le CSE s'engagent à participer à toutes les sessions.",
                }
            },
        )
        for kind in ("identification_sheet", "motivation_letter", "cse_opinion"):
            services.document_add(
                dossier=candidacy, user=normandie_user, kind=kind, upload=_attachment(candidacy, kind)
            )
        candidacy_filed_on = dt.datetime(2023, 11, 20, 16, 5, tzinfo=PARIS)
        history_backdate(candidacy, before=candidacy_filed_on)
        services.dossier_submit(dossier=candidacy, user=normandie_user, now=candidacy_filed_on)

        # Other Grand Est establishments, filed with the findings the ARS will instruct.
        others = [
            establishment
            for code in ("57", "54", "68", "51", "10", "88", "08", "55")
            if (
                establishment := Establishment.objects.filter(department_id=code, sector="sanitaire")
                .exclude(pk=selestat.pk)
                .order_by("finess")
                .first()
            )
        ]
        variants = [
            # Moselle: own funding below the call's minimum, a blocking finding for the instructor.
            [{**TMS, "requested": 14000}],
            [RPS, TMS],
            [TMS],
            [{**RPS, "nature": "salary"}],
            [TMS, {**RPS, "end": dt.date(2027, 3, 31)}],
            [RPS],
            [{**TMS, "agents": 300}],
            [RPS, RPS, TMS],
        ]
        for index, (establishment, actions) in enumerate(zip(others, variants, strict=False)):
            author = establishment_author(establishment, index)
            other, _ = services.dossier_start(call=clact, establishment=establishment, user=author)
            _fill_clact(other, author, actions)
            other_filed_on = filed_on + dt.timedelta(hours=index + 1)
            history_backdate(other, before=other_filed_on)
            services.dossier_submit(dossier=other, user=author, now=other_filed_on)

        # A draft on the demo call, for the porteur to finish and file.
        services.dossier_start(call=demo_call(), establishment=selestat, user=porteur)

        _instruct(users, dossier, {e.department_id: d for e, d in _filed(clact, others)})
        demo_support_load(users)


def _filed(call, establishments):
    dossiers = {d.establishment_id: d for d in Dossier.objects.filter(call=call)}
    return [(e, dossiers[e.pk]) for e in establishments if e.pk in dossiers]


def _instruct(users: dict, selestat, by_department: dict) -> None:
    """Puts the filed dossiers in every state of the instruction, as a real campaign would have them."""
    instructor = users["instructeur@example.org"]
    today = timezone.localdate()
    selestat = Dossier.objects.get(pk=selestat.pk)
    # Sélestat: complements requested, so that the porteur's demo shows the round trip.
    review.complements_request(
        dossier=selestat,
        user=instructor,
        parts=[
            review.Part("pieces", "Section « Pièces à joindre »"),
            review.Part(f"action:{selestat.actions.first().pk}", "Action 1 : Deux lève-personnes motorisés"),
        ],
        message="Merci de joindre le DUERP mis à jour en 2024 et de préciser le nombre d'agents formés à "
        "l'utilisation des lève-personnes.",
        due_date=today + dt.timedelta(days=10),
    )
    if dossier := by_department.get("54"):
        review.review_start(dossier=dossier, user=instructor)
        review.annotation_add(
            dossier=dossier, user=instructor, text="Appeler la DRH : le diagnostic cite une enquête de 2021."
        )
        services.message_post(
            dossier=dossier,
            user=instructor,
            body="Pouvez-vous nous transmettre le compte rendu du CSE qui a validé le projet ?",
            from_agency=True,
        )
    if dossier := by_department.get("68"):
        review.dossiers_assign(dossiers=[dossier], assignee=instructor, user=instructor)
    # The Normandie candidacy is admissible and waits for its committee.
    candidacy = Dossier.objects.filter(call__code="aac-normandie-2024").first()
    if candidacy:
        review.dossier_decide(
            dossier=candidacy, user=users["gestionnaire@example.org"], admissible=True, reason=""
        )
        Interview.objects.create(
            dossier=candidacy,
            scheduled_on=dt.date(2023, 12, 5),
            mode=Interview.Mode.VISIO,
            notes="Trinôme constitué et motivé ; la direction libérera les participants pour chaque session.",
            opinion=Interview.Opinion.FAVOURABLE,
            by=users["aract@example.org"],
        )
    scored = []
    for code, values in (("10", (2, 4, 4, 3, 3)), ("08", (5, 5, 4, 4, 4)), ("55", (1, 2, 3, 2, 2))):
        if dossier := by_department.get(code):
            review.dossier_decide(dossier=dossier, user=instructor, admissible=True, reason="")
            _score(users, Dossier.objects.get(pk=dossier.pk), values)
            scored.append(dossier)
    if scored:
        _fund(users, scored[0].call)
    if dossier := by_department.get("51"):
        review.dossier_decide(
            dossier=dossier,
            user=instructor,
            admissible=False,
            reason="La rémunération de personnel est exclue par l'appel (dépenses éligibles, point 4).",
        )
    if dossier := by_department.get("88"):
        services.dossier_withdraw(
            dossier=dossier,
            user=dossier.created_by,
            reason="Projet reporté : le financement du GHT couvre finalement l'action.",
        )


def _score(users: dict, dossier, values) -> None:
    """The demo committee member has scored the admissible dossier; the ranking shows it."""
    member, manager = users["comite@example.org"], users["gestionnaire@example.org"]
    committee.committee_assign(dossiers=[dossier], members=[member], user=manager)
    assignment = CommitteeAssignment.objects.get(dossier=dossier, member=member)
    for criterion, value in zip(dossier.call.spec.criteria, values, strict=False):
        committee.score_save(assignment=assignment, criterion=criterion.code, score=value, comment="")
    committee.scores_submit(assignment=assignment)


def _fund(users: dict, call) -> None:
    """A funded campaign: two scenarios, one chosen, decisions validated, letters sent, conventions partly signed."""
    manager = users["gestionnaire@example.org"]
    funding.scenario_run(
        call=call,
        user=manager,
        name="Au classement",
        envelope=Decimal(30000),
        method=Method.RANK,
        partial=False,
        floors={},
    )
    chosen = funding.scenario_run(
        call=call,
        user=manager,
        name="Optimal",
        envelope=Decimal(30000),
        method=Method.OPTIMAL,
        partial=False,
        floors={},
    )
    funding.scenario_choose(scenario=chosen, user=manager)
    chosen.refresh_from_db()
    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    batch = NotificationBatch.objects.create(
        call=call,
        launched_by=manager,
        total=Dossier.objects.filter(call=call, status__in=notifications.DECIDED).count(),
    )
    notifications.notification_batch_run.call(batch.pk)
    agreements.conventions_generate(call=call, user=manager)
    first = Convention.objects.filter(dossier__call=call).order_by("dossier__number").first()
    if first:
        signed_on = timezone.localdate()
        agreements.convention_sign(
            convention=first,
            user=first.dossier.created_by,
            side="establishment",
            signed_on=signed_on,
            upload=_pdf("signee.pdf"),
        )
        agreements.convention_sign(convention=first, user=manager, side="agency", signed_on=signed_on)
