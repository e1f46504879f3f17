"""From the committee to the letter: scores, two scenarios compared, one chosen, decisions, notifications."""

import pytest
from playwright.sync_api import expect

from agreements.models import Convention
from dossiers.models import Dossier
from funding.models import Letter
from review import committee
from review import services as review
from tests.accounts.factories import UserFactory
from tests.browser.conftest import assert_accessible, tick
from tests.browser.test_instruction_journey import _filed, logout, sign_in
from tests.calls.factories import open_call
from tests.dossiers.files import PDF
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

CRITERIA = (
    "mutualisation",
    "agents_concernes",
    "orientations_prioritaires",
    "innovation",
    "realisation_24_mois",
)


def test_scores_scenarios_decisions_and_letters(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    first, porteur = _filed(call, EstablishmentFactory(department_code="67", name="CH DE SELESTAT"))
    second, _ = _filed(call, EstablishmentFactory(department_code="57", name="CH DE SARREGUEMINES"))
    instructor = UserFactory(instructor=True, regions=["44"])
    member = UserFactory(committee=True, regions=["44"])
    manager = UserFactory(manager=True, regions=["44"])
    dossiers = []
    for dossier in (first, second):
        review.dossier_decide(dossier=dossier, user=instructor, admissible=True, reason="")
        dossiers.append(Dossier.objects.get(pk=dossier.pk))
    committee.committee_assign(dossiers=dossiers, members=[member], user=manager)

    # The committee member scores both dossiers.
    sign_in(page, member.email)
    for dossier, value in ((first, "5"), (second, "2")):
        page.goto(f"/instruction/notation/{dossier.reference}/")
        for code in CRITERIA:
            page.locator(f"#id_score_{code}").select_option(value)
        assert_accessible(page)
        page.get_by_role("button", name="Remettre ma notation").click()
        expect(page.get_by_text(f"Notation du dossier {dossier.reference} remise.")).to_be_visible()
    logout(page)

    # The manager compares two scenarios and chooses the tighter one.
    sign_in(page, manager.email)
    page.get_by_role("link", name="Simulation de l'enveloppe").first.click()
    assert_accessible(page)
    for name, envelope in (("Large", "30000"), ("Serré", "15000")):
        page.get_by_label("Nom du scénario").fill(name)
        page.get_by_label("Enveloppe (€)").fill(envelope)
        page.get_by_role("button", name="Calculer le scénario").click()
        expect(page.get_by_text(f"Scénario « {name} » calculé.")).to_be_visible()
    tick(page.get_by_label("Comparer Large"))
    tick(page.get_by_label("Comparer Serré"))
    page.get_by_role("button", name="Comparer").click()
    expect(page.locator("p", has_text="Financés seulement par « Large »")).to_contain_text(second.reference)
    assert_accessible(page)
    page.get_by_role("button", name="Retenir Serré").click()
    expect(page.get_by_text("Scénario « Serré » retenu.")).to_be_visible()

    # Decisions: prepared from the chosen scenario, validated, then the letters go out.
    page.get_by_role("link", name="Décisions de financement du scénario retenu").click()
    page.get_by_role("button", name="Préparer les décisions depuis le scénario").click()
    expect(page.get_by_text("2 décision(s) préparée(s)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Valider et verrouiller les décisions").click()
    expect(page.get_by_text("Décisions validées et verrouillées")).to_be_visible()
    page.get_by_role("link", name="Notifier les décisions").click()
    expect(page.get_by_role("button", name="Lancer le lot de notifications")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lancer le lot de notifications").click()
    expect(page.get_by_text("2 lettre(s) sur 2")).to_be_visible()
    assert_accessible(page)
    assert Letter.objects.count() == 2

    # The convention of the funded dossier, generated from the manager's workspace.
    page.goto("/espace/campagnes/")
    page.get_by_role("link", name="Conventions — CLACT").first.click()
    page.get_by_role("button", name="Générer les conventions manquantes").click()
    expect(page.get_by_text("1 convention(s) générée(s).")).to_be_visible()
    assert_accessible(page)
    logout(page)

    # The establishment reads its letter.
    sign_in(page, porteur.email)
    page.goto(first.get_absolute_url())
    expect(page.get_by_text("Dossier retenu :").first).to_contain_text("accordés")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Lettre de notification (PDF)").click()
    assert download.value.suggested_filename == f"notification-{first.reference}.pdf"

    # It signs the convention from the same page.
    page.get_by_label("Date de votre signature").fill("2024-10-20")
    page.get_by_label("Scan de la convention signée (PDF)").set_input_files(
        {"name": "convention-signee.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Enregistrer ma signature").click()
    expect(page.get_by_text("Signature enregistrée.")).to_be_visible()
    assert_accessible(page)
    assert Convention.objects.get().establishment_signed_on is not None


def test_the_aract_records_an_interview_that_the_committee_reads(page, tmp_path):
    from dossiers import services as dossier_services
    from review.models import Interview
    from tests.dossiers.builders import complete_normandie

    call = open_call(tmp_path, code="aac-normandie-2024")
    porteur = UserFactory(
        establishment=EstablishmentFactory(normandie=True, ehpad=True, name="EHPAD LES TILLEULS")
    )
    dossier, _ = dossier_services.dossier_start(
        call=call, establishment=porteur.establishments.get(), user=porteur
    )
    complete_normandie(dossier, porteur)
    dossier, _ = dossier_services.dossier_submit(dossier=dossier, user=porteur)
    aract = UserFactory(aract=True, regions=["28"])

    sign_in(page, aract.email)
    page.get_by_role("link", name="Entretiens préalables").click()
    assert_accessible(page)
    page.get_by_role("link", name=dossier.reference).click()
    page.get_by_label("Date de l'entretien").fill("2024-01-15")
    tick(page.get_by_label("Visioconférence"))
    page.get_by_label("Compte rendu").fill("Trinôme constitué, direction très engagée.")
    page.get_by_label("Avis").select_option("favourable")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'entretien").click()
    expect(page.get_by_text("Entretien avec EHPAD LES TILLEULS enregistré.")).to_be_visible()
    assert Interview.objects.get().opinion == "favourable"
    logout(page)

    manager = UserFactory(manager=True, regions=["28"])
    member = UserFactory(committee=True, regions=["28"])
    review.dossier_decide(dossier=dossier, user=manager, admissible=True, reason="")
    committee.committee_assign(dossiers=[Dossier.objects.get(pk=dossier.pk)], members=[member], user=manager)
    sign_in(page, member.email)
    page.goto(f"/instruction/notation/{dossier.reference}/")
    expect(page.get_by_text("direction très engagée")).to_be_visible()
    assert_accessible(page)
