"""The ARS instructs: Moselle dossiers with a blocking finding, complements, the porteur's fix, admissibility."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dossiers import services
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import assert_accessible, login
from tests.calls.factories import open_call
from tests.dossiers.builders import complete_action, complete_clact
from tests.referential.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _filed(call, establishment, **action):
    porteur = UserFactory(establishment=establishment)
    dossier, _ = services.dossier_start(call=call, establishment=establishment, user=porteur)
    complete_clact(dossier, porteur, actions=0)
    complete_action(dossier, porteur, **action)
    return services.dossier_submit(dossier=dossier, user=porteur)[0], porteur


def logout(page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Se connecter")).to_be_visible()


def sign_in(page, email: str) -> None:
    login(page, email, PASSWORD)
    page.wait_for_url(lambda url: "/compte/connexion/" not in url)


def test_instructor_requests_complements_and_declares_the_fixed_dossier_admissible(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    low_own_funding = {"requested": Decimal(14000), "own_funding": Decimal(10000)}
    target, porteur = _filed(
        call, EstablishmentFactory(department_code="57", name="CH DE SARREGUEMINES"), **low_own_funding
    )
    _filed(call, EstablishmentFactory(department_code="57", name="CH DE FORBACH"))
    _filed(call, EstablishmentFactory(department_code="54", name="CHU DE NANCY"), **low_own_funding)
    instructor = UserFactory(instructor=True, regions=["44"], first_name="Inès", last_name="Martin")
    assert Dossier.objects.get(pk=target.pk).has_blocking

    # The instructor narrows the list to Moselle dossiers with a blocking finding.
    sign_in(page, instructor.email)
    page.get_by_role("link", name="Instruction", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossiers à instruire")
    assert_accessible(page)
    page.get_by_role("combobox", name="Département").select_option("57")
    page.get_by_role("combobox", name="Constat").select_option("bloquant")
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("CH DE SARREGUEMINES")
    expect(page.get_by_role("link", name="À instruire (1)")).to_be_visible()
    assert_accessible(page)

    # The dossier: its blocking finding, then a complement request on the action at fault.
    page.get_by_role("link", name=target.reference).click()
    expect(page.get_by_text("Autofinancement insuffisant").first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("COFINANCING_TOO_LOW")
    assert_accessible(page)
    page.get_by_role("link", name="Demander des compléments").click()
    assert_accessible(page)
    page.get_by_label("Action 1 : Deux lève-personnes motorisés").check()
    page.get_by_label("Ce qui manque ou doit être corrigé").fill(
        "L'autofinancement doit couvrir la moitié du coût : revoyez le plan de financement de l'action 1."
    )
    due = timezone.localdate() + dt.timedelta(days=10)
    page.get_by_label("À fournir au plus tard le").fill(due.isoformat())
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_text("Compléments demandés jusqu'au")).to_be_visible()
    assert_accessible(page)
    assert Dossier.objects.get(pk=target.pk).status == DossierStatus.COMPLEMENTS_REQUESTED
    logout(page)

    # The establishment fixes the action it was asked about, and sends the dossier back.
    sign_in(page, porteur.email)
    page.goto(target.get_absolute_url())
    expect(page.get_by_text("L'ARS demande des compléments")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Actions et plan de financement").first.click()
    page.get_by_role("link", name="Deux lève-personnes motorisés").click()
    page.get_by_label("Demande ARS (€)").fill("12000")
    page.get_by_label("Financement propre (€)").fill("12000")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_text("enregistrée.")).to_be_visible()
    page.goto(target.get_absolute_url())
    page.get_by_role("button", name="Renvoyer le dossier complété").click()
    expect(page.get_by_text("renvoyé à l'ARS")).to_be_visible()
    assert_accessible(page)
    stored = Dossier.objects.get(pk=target.pk)
    assert stored.status == DossierStatus.IN_REVIEW and not stored.has_blocking
    logout(page)

    # The instructor declares it admissible; the porteur will read the decision.
    sign_in(page, instructor.email)
    page.goto(f"/instruction/{target.reference}/")
    expect(page.get_by_text("Compléments envoyés (demande n° 1)")).to_be_visible()
    page.get_by_role("link", name="Décider de la recevabilité").click()
    expect(page.get_by_label("Recevable", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Dossier déclaré recevable ; l")).to_be_visible()
    assert_accessible(page)
    assert Dossier.objects.get(pk=target.pk).status == DossierStatus.ADMISSIBLE


def test_instructor_previews_a_document_annotates_and_writes_to_the_establishment(page, tmp_path):
    call = open_call(tmp_path, code="clact-grand-est-2024")
    target, porteur = _filed(call, EstablishmentFactory(department_code="57", name="CH DE SARREGUEMINES"))
    instructor = UserFactory(instructor=True, regions=["44"])

    sign_in(page, instructor.email)
    page.goto(f"/instruction/{target.reference}/")
    page.get_by_role("link", name="Aperçu de duerp.pdf").click()
    expect(page.locator("iframe.qvct-preview")).to_be_visible()
    # The PDF is shown in a sandboxed document of its own, and Chromium's viewer still renders it.
    # Read from the frame's address, not from the frame itself: Chromium may still be loading it.
    source = page.locator("iframe.qvct-preview").get_attribute("src")
    assert source.endswith("?apercu")
    assert "sandbox" in page.request.get(source).headers["content-security-policy"]
    expect(page.locator("iframe.qvct-preview")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_label("Nouvelle annotation").fill("Appeler la directrice des soins avant le comité.")
    page.get_by_role("button", name="Ajouter l'annotation").click()
    expect(page.get_by_text("Annotation enregistrée")).to_be_visible()
    page.locator("#id_body").fill("Pouvez-vous nous transmettre l'avis du CSE ?")
    page.get_by_role("button", name="Envoyer à l'établissement").click()
    expect(page.get_by_text("Message envoyé")).to_be_visible()
    assert_accessible(page)
    logout(page)

    sign_in(page, porteur.email)
    page.goto(target.get_absolute_url())
    page.get_by_role("link", name="Messages avec l'ARS (1)").click()
    expect(page.get_by_text("l'avis du CSE")).to_be_visible()
    expect(page.get_by_text("directrice des soins")).to_have_count(0)
    assert_accessible(page)
    page.locator("#id_body").fill("Le voici, adopté le 12 mars.")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_text("Message envoyé à l'ARS")).to_be_visible()


def test_committee_member_scores_a_dossier_and_the_manager_reads_the_ranking(page, tmp_path):
    from review import committee
    from review import services as review
    from review.models import CommitteeAssignment

    call = open_call(tmp_path, code="clact-grand-est-2024")
    target, _ = _filed(call, EstablishmentFactory(department_code="57", name="CH DE SARREGUEMINES"))
    instructor = UserFactory(instructor=True, regions=["44"])
    review.dossier_decide(dossier=target, user=instructor, admissible=True, reason="")
    member = UserFactory(committee=True, regions=["44"])
    manager = UserFactory(manager=True, regions=["44"])
    committee.committee_assign(dossiers=[Dossier.objects.get(pk=target.pk)], members=[member], user=manager)

    sign_in(page, member.email)
    page.get_by_role("link", name="Mes dossiers à noter").click()
    assert_accessible(page)
    page.get_by_role("link", name=target.reference).click()
    expect(page.get_by_text("Suggéré par les données").first).to_be_visible()
    assert_accessible(page)
    for code in (
        "mutualisation",
        "agents_concernes",
        "orientations_prioritaires",
        "innovation",
        "realisation_24_mois",
    ):
        page.locator(f"#id_score_{code}").select_option("4")
    page.get_by_role("button", name="Remettre ma notation").click()
    expect(page.get_by_text("Notation du dossier")).to_be_visible()
    assert CommitteeAssignment.objects.get().submitted_at is not None
    logout(page)

    sign_in(page, manager.email)
    page.get_by_role("link", name="Comité — CLACT").first.click()
    expect(page.locator("tbody tr").first).to_contain_text("16,00")
    assert_accessible(page)
    page.goto(f"/financement/{call.code}/")
    assert_accessible(page)
    page.get_by_label("Nom du scénario").fill("Enveloppe pleine")
    page.get_by_role("button", name="Calculer le scénario").click()
    expect(page.get_by_text("Scénario « Enveloppe pleine » calculé.")).to_be_visible()
    expect(page.get_by_role("heading", name="Scénario « Enveloppe pleine »")).to_be_visible()
    assert_accessible(page)
