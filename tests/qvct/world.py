"""A small world for the permission matrix: a campaign of Grand Est taken to its conventions, one user per role.

Built once per module through the services (as users would), so every page of the site has something to show.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from agreements import services as agreements
from agreements.models import Convention
from calls.models import Call
from dossiers import services as dossiers
from dossiers.models import Action, Document, Dossier, Message
from funding import notifications
from funding import services as funding
from funding.models import Decision, Letter, Scenario
from monitoring import closing as monitoring_closing
from monitoring import services as monitoring
from monitoring.models import FollowUp, Report, SpendingLine
from review import committee
from review import services as review
from review.models import CommitteeAssignment, SavedFilter
from tests.accounts.factories import UserFactory
from tests.calls.factories import open_call
from tests.dossiers.builders import complete_clact
from tests.dossiers.files import pdf_upload
from tests.referential.factories import EstablishmentFactory
from tests.review.factories import filed_dossiers

NOTIFICATION_DAY = dt.date(2024, 10, 11)  # on or after both CLACT 2024 notification and convention dates


@dataclass
class World:
    users: dict[str, object]
    clact: Call
    draft: Dossier  # the porteur's draft, on a second call
    notified: Dossier  # the porteur's funded and notified dossier, with its letter and convention
    refused: Dossier  # another establishment's dossier, notified as not retained
    filed: Dossier  # a third establishment's dossier, just filed (the instruction pages)
    candidate: Dossier  # a candidate of the Normandie support programme (the ARACT's interviews)
    action: Action
    document: Document  # a piece of the porteur's draft
    filed_document: Document
    porteur_message: Message  # a message with an attachment on the porteur's notified dossier
    filed_message: Message
    saved_filter: SavedFilter
    scenario: Scenario
    decision: Decision
    letter: Letter
    convention: Convention
    follow_up: FollowUp  # the notified dossier's follow-up, closed (its recovery letter exists)
    line: SpendingLine
    report: Report


def _filed(call: Call, user) -> Dossier:
    dossier, _ = dossiers.dossier_start(call=call, establishment=user.establishments.get(), user=user)
    complete_clact(dossier, user)
    dossier, _ = dossiers.dossier_submit(dossier=dossier, user=user)
    return Dossier.objects.get(pk=dossier.pk)


def build_world(directory: Path, personas: dict[str, dict]) -> World:
    """`personas` maps a column of the matrix to the factory arguments of its user."""
    clact = open_call(directory / "clact", code="clact-grand-est-2024")
    second = open_call(directory / "bis", code="clact-grand-est-2024", new_code="clact-grand-est-bis")
    normandie = open_call(directory / "normandie", code="aac-normandie-2024")
    users = {name: UserFactory(**kwargs) for name, kwargs in personas.items()}
    porteur, other = users["est"], users["oest"]
    instructor, manager, member = users["ins"], users["man"], users["com"]

    notified, refused = _filed(clact, porteur), _filed(clact, other)
    third = UserFactory(establishment=EstablishmentFactory(department_code="54"))
    filed = _filed(clact, third)
    for item, value in ((notified, 4), (refused, 2)):
        review.dossier_decide(dossier=item, user=instructor, admissible=True, reason="")
        item = Dossier.objects.get(pk=item.pk)
        committee.committee_assign(dossiers=[item], members=[member], user=manager)
        assignment = CommitteeAssignment.objects.get(dossier=item, member=member)
        for criterion in clact.spec.criteria:
            committee.score_save(assignment=assignment, criterion=criterion.code, score=value, comment="")
        committee.scores_submit(assignment=assignment)

    scenario = funding.scenario_run(
        call=clact,
        user=manager,
        name="Serré",
        envelope=Decimal(12000),
        method="rank",
        partial=False,
        floors={},
    )
    funding.scenario_choose(scenario=scenario, user=manager)
    scenario.refresh_from_db()
    funding.decisions_prepare(scenario=scenario, user=manager)
    funding.decisions_validate(scenario=scenario, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=NOTIFICATION_DAY)
    agreements.conventions_generate(call=clact, user=manager, today=NOTIFICATION_DAY)
    convention = Convention.objects.get(dossier=notified)
    for side, user in (("establishment", porteur), ("agency", manager)):
        agreements.convention_sign(
            convention=convention,
            user=user,
            side=side,
            signed_on=NOTIFICATION_DAY,
            upload=pdf_upload("signee.pdf") if side == "establishment" else None,
        )
    follow_up = FollowUp.objects.get(dossier=notified)
    line = monitoring.line_add(
        action=follow_up.actions.first(),
        user=porteur,
        invoice_date=NOTIFICATION_DAY,
        supplier="Ergonomia",
        amount=Decimal(1000),
        nature="equipment",
        upload=pdf_upload("facture.pdf"),
    )
    monitoring_closing.follow_up_close(follow_up=follow_up, user=manager)
    # The member then declares a link with the porteur's establishment: they must see nothing of it.
    committee.conflict_declare(member=member, dossier=notified, note="Ancien salarié")

    draft, _ = dossiers.dossier_start(call=second, establishment=porteur.establishments.get(), user=porteur)
    complete_clact(draft, porteur)
    [candidate] = filed_dossiers(normandie, porteur, 1, department="14")
    porteur_message = dossiers.message_post(
        dossier=notified,
        user=instructor,
        body="Voici la lettre.",
        upload=pdf_upload("note.pdf"),
        from_agency=True,
    )
    filed_message = dossiers.message_post(
        dossier=filed, user=third, body="Une question.", upload=pdf_upload("question.pdf"), from_agency=False
    )
    return World(
        users=users,
        clact=clact,
        draft=Dossier.objects.get(pk=draft.pk),
        notified=Dossier.objects.get(pk=notified.pk),
        refused=Dossier.objects.get(pk=refused.pk),
        filed=filed,
        candidate=candidate,
        action=draft.actions.first(),
        document=draft.documents.filter(action__isnull=True).first(),
        filed_document=filed.documents.filter(action__isnull=True).first(),
        porteur_message=porteur_message,
        filed_message=filed_message,
        saved_filter=SavedFilter.objects.create(user=instructor, name="Mes dossiers", query="tab=tous"),
        scenario=scenario,
        decision=Decision.objects.filter(dossier=notified).first(),
        letter=Letter.objects.get(dossier=notified),
        convention=Convention.objects.get(dossier=notified),
        follow_up=follow_up,
        line=line,
        report=follow_up.reports.first(),
    )
