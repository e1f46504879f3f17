"""The Normandie accompaniment from the interview to the intersession log, in the browser, axe on every page."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from dossiers import services
from review import committee
from review import services as review
from review.models import CommitteeAssignment, Interview
from support.models import Cohort, Selection
from tests.accounts.factories import UserFactory
from tests.browser.conftest import assert_accessible, tick
from tests.browser.test_instruction_journey import logout, sign_in
from tests.calls.factories import open_call
from tests.dossiers.builders import complete_normandie
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

# (department, outcome) of the seven candidacies; the first is porteur-normandie@example.org's.
WAVE = (
    ("14", "retained"),
    ("14", "retained"),
    ("50", "retained"),
    ("50", "retained"),
    ("61", "retained"),
    ("61", "waitlisted"),
    ("14", "declined"),
)
LABELS = {"retained": "Retenu", "waitlisted": "Liste d'attente", "declined": "Non retenu"}


def _candidacy(call, manager, department: str, email: str | None = None):
    establishment = EstablishmentFactory(department_code=department, ehpad=True)
    porteur = UserFactory(establishment=establishment, **({"email": email} if email else {}))
    dossier, _ = services.dossier_start(call=call, establishment=establishment, user=porteur)
    complete_normandie(dossier, porteur)
    dossier = services.dossier_submit(dossier=dossier, user=porteur)[0]
    review.dossier_decide(dossier=dossier, user=manager, admissible=True, reason="")
    return type(dossier).objects.get(pk=dossier.pk)


def test_interview_committee_selection_letters_cohort_plan_attendance_and_log(page, tmp_path):
    call = open_call(tmp_path, code="aac-normandie-2024")
    manager = UserFactory(manager=True, regions=["28"])
    aract = UserFactory(email="aract@example.org", aract=True, regions=["28"])
    member = UserFactory(committee=True, regions=["28"])
    dossiers = [
        _candidacy(call, manager, department, "porteur-normandie@example.org" if index == 0 else None)
        for index, (department, _) in enumerate(WAVE)
    ]
    for dossier in dossiers[1:]:
        Interview.objects.create(
            dossier=dossier, scheduled_on=dt.date(2024, 1, 10), mode="visio", opinion="favourable", by=aract
        )

    # The ARACT reads the whole candidacy and records the interview.
    sign_in(page, aract.email)
    assert_accessible(page)
    page.get_by_role("link", name="Entretiens préalables").click()
    assert_accessible(page)
    page.get_by_role("link", name=dossiers[0].reference).click()
    expect(page.get_by_role("heading", name="La candidature")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date de l'entretien").fill("2024-01-15")
    tick(page.get_by_label("Visioconférence"))
    page.get_by_label("Compte rendu").fill("Trinôme constitué, direction très engagée.")
    page.get_by_label("Avis").select_option("favourable")
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(page.get_by_text("Entretien avec")).to_be_visible()
    logout(page)

    # The committee (ARS and ARACT) scores with the four criteria.
    committee.committee_assign(dossiers=dossiers, members=[member, aract], user=manager)
    sign_in(page, member.email)
    page.goto(f"/instruction/notation/{dossiers[0].reference}/")
    for criterion in call.spec.criteria:
        page.locator(f"#id_score_{criterion.code}").select_option("4")
    assert_accessible(page)
    page.get_by_role("button", name="Remettre ma notation").click()
    expect(page.get_by_text(f"Notation du dossier {dossiers[0].reference} remise.")).to_be_visible()
    logout(page)
    for assignment in CommitteeAssignment.objects.filter(submitted_at__isnull=True):
        for criterion in call.spec.criteria:
            committee.score_save(assignment=assignment, criterion=criterion.code, score=3, comment="")
        committee.scores_submit(assignment=assignment)

    # The manager retains five, waits one, refuses one, and sends the letters.
    sign_in(page, manager.email)
    page.get_by_role("link", name="Sélection").first.click()
    assert_accessible(page)
    for dossier, (_, outcome) in zip(dossiers, WAVE, strict=True):
        card = page.locator(f"#candidature-{dossier.pk}")
        tick(card.get_by_label(LABELS[outcome], exact=True))
        if outcome == "declined":
            card.get_by_label("Motif ou observations").fill("Démarche encore peu articulée avec le projet.")
        card.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator(f"#candidature-{dossier.pk}").get_by_text("Décision :")).to_be_visible()
    assert Selection.objects.count() == 7
    assert_accessible(page)
    page.get_by_role("link", name="Lettres de décision").click()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer les lettres").click()
    expect(page.get_by_text("7 lettre(s) sur 7")).to_be_visible()

    # The cohort is built with three hosts; the session plan is generated; attendance at the first session.
    page.goto(f"/accompagnement/{call.code}/groupes/")
    assert_accessible(page)
    page.get_by_role("button", name="Constituer le groupe").click()
    expect(page.get_by_text("Le groupe respecte la taille et les sites d'accueil")).to_be_visible()
    assert_accessible(page)
    cohort = Cohort.objects.get()
    assert cohort.members.filter(host=True).count() == 3
    page.get_by_role("link", name="Plan des séances").click()
    page.get_by_role("button", name="Générer le plan des séances").click()
    expect(page.get_by_text("Plan généré : 26 séances")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Présences Temps collectif n° 1").click()
    assert_accessible(page)
    for box in page.locator("input[name=present]").all():
        tick(box)
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_text("Présences enregistrées : 15 présent(s) sur 15.")).to_be_visible()
    logout(page)

    # The establishment sees its calendar and logs an EDT, an experiment and a measurement.
    sign_in(page, "porteur-normandie@example.org")
    page.goto(dossiers[0].get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Calendrier de l'accompagnement").click()
    expect(page.get_by_role("heading", name="Temps collectif n° 6")).to_be_visible()
    expect(page.get_by_role("heading", name="Temps individualisé n° 4")).to_be_visible()
    assert_accessible(page)
    page.goto(dossiers[0].get_absolute_url())
    page.get_by_role("link", name="Travaux intersessions").click()
    assert_accessible(page)
    page.get_by_text("Ajouter une réunion ou un espace de discussion").click()
    page.get_by_label("Type de réunion").select_option("edt")
    page.locator("#id_m-held_on").fill("2024-03-12")
    page.get_by_label("Équipe ou participants").fill("Équipe de nuit")
    page.get_by_label("Thèmes abordés").fill("Les transmissions entre équipes")
    page.get_by_label("Propositions ou décisions produites").fill("Un temps de transmission protégé")
    page.get_by_role("button", name="Enregistrer la réunion").click()
    expect(page.get_by_text("Réunion enregistrée.")).to_be_visible()
    page.get_by_text("Ajouter une expérimentation").click()
    page.get_by_label("Ce qui est testé").fill("Transmission protégée de 15 minutes")
    page.locator("#id_x-starts_on").fill("2024-04-01")
    page.locator("#id_x-ends_on").fill("2024-09-30")
    page.get_by_label("Indicateurs de suivi").fill("Taux d'absentéisme (%)")
    page.get_by_role("button", name="Enregistrer l'expérimentation").click()
    expect(page.get_by_text("Expérimentation enregistrée.")).to_be_visible()
    page.locator("input[name$='-measured_on']").fill("2024-04-01")
    page.get_by_label("Valeur").fill("11,5")
    page.get_by_role("button", name="Ajouter la mesure").click()
    expect(page.get_by_text("Mesure de « Taux d'absentéisme » enregistrée.")).to_be_visible()
    expect(page.get_by_text("11,5 le 1er avril 2024")).to_be_visible()
    assert_accessible(page)
    # Then it fills in its own evaluation of the approach.
    page.get_by_label("Nombre d'agents impliqués dans la démarche").fill("38")
    page.get_by_label("Nombre d'actions menées").fill("2")
    page.get_by_label("Nombre d'actions poursuivies après l'expérimentation").fill("1")
    page.get_by_label("4 — Satisfaisante").check()
    page.get_by_label("Ce qui a changé pour les équipes").fill("Les transmissions se font sans interruption.")
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Évaluation de l'établissement enregistrée.")).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Les transmissions se font")).to_be_visible()
    assert_accessible(page)
