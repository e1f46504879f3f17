"""Writes racing a filing: the request loaded the dossier as a draft, the filing committed before the write."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dossiers import services
from dossiers.models import (
    Action,
    Document,
    Dossier,
    DossierEvent,
    Indicator,
    OtherFunding,
    Partner,
    TrinomeMember,
)
from dossiers.selectors import dossier_queryset
from review import services as review_services
from review.services import Part
from tests.accounts.factories import UserFactory
from tests.dossiers.builders import action_values, complete_action, complete_clact, complete_normandie
from tests.dossiers.files import pdf_upload
from tests.referential.factories import EstablishmentFactory


def stored(dossier) -> tuple:
    """Everything a porteur's write could change, as stored."""
    actions = Action.objects.filter(dossier=dossier)
    return (
        Dossier.objects.filter(pk=dossier.pk).values().get(),
        list(actions.values()),
        list(OtherFunding.objects.filter(action__in=actions).values()),
        list(Indicator.objects.filter(action__in=actions).values()),
        list(Document.objects.filter(dossier=dossier).values()),
        list(TrinomeMember.objects.filter(dossier=dossier).values()),
        list(Partner.objects.filter(dossier=dossier).values()),
        DossierEvent.objects.filter(dossier=dossier).count(),
    )


@pytest.fixture
def stale_clact(dossier, porteur):
    """(stale copy, its first action, its first attachment, a quote): loaded as a draft, then the dossier is filed."""
    complete_clact(dossier, porteur)
    complete_action(dossier, porteur)
    stale = dossier_queryset().get(pk=dossier.pk)
    action = Action.objects.select_related("dossier").filter(dossier=stale).order_by("position").first()
    action.dossier = stale
    attachment = Document.objects.filter(dossier=stale, action=None).first()
    attachment.dossier = stale
    services.dossier_submit(dossier=dossier_queryset().get(pk=dossier.pk), user=porteur)
    return stale, action, attachment


WRITES = {
    "identification": lambda stale, action, document, user: services.dossier_update(
        dossier=stale, user=user, section="Identification", values={"headcount": 12}
    ),
    "projet": lambda stale, action, document, user: services.dossier_update(
        dossier=stale, user=user, section="Projet", values={"diagnostic": "Écrit après le dépôt"}
    ),
    "partenaires": lambda stale, action, document, user: services.partners_set(
        dossier=stale, user=user, establishments=[EstablishmentFactory()]
    ),
    "action ajoutée": lambda stale, action, document, user: services.action_add(
        dossier=stale, user=user, values=action_values(title="Après le dépôt")
    ),
    "action modifiée": lambda stale, action, document, user: services.action_update(
        action=action, user=user, values=action_values(cost=Decimal("99999"))
    ),
    "financements et indicateurs": lambda stale, action, document, user: services.action_funding_set(
        action=action,
        user=user,
        other_funding=[("ANFH", Decimal("10"))],
        indicators=[("Nouveau", "", "", "")],
    ),
    "action supprimée": lambda stale, action, document, user: services.action_remove(
        action=action, user=user
    ),
    "action déplacée": lambda stale, action, document, user: services.action_move(
        action=action, user=user, offset=1
    ),
    "pièce ajoutée": lambda stale, action, document, user: services.document_add(
        dossier=stale, user=user, kind="duerp", upload=pdf_upload("tard.pdf")
    ),
    "devis ajouté": lambda stale, action, document, user: services.document_add(
        dossier=stale, user=user, kind="quote", upload=pdf_upload("devis-tard.pdf"), action=action
    ),
    "pièce retirée": lambda stale, action, document, user: services.document_remove(
        document=document, user=user
    ),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_from_a_page_loaded_before_the_filing_is_refused_and_stores_nothing(
    stale_clact, porteur, write
):
    stale, action, document = stale_clact
    assert stale.status == "draft"  # what the request believed
    before = stored(stale)
    with pytest.raises(services.DossierError, match="« Déposé » : il ne peut plus être modifié"):
        write(stale, action, document, porteur)
    assert stored(stale) == before


@pytest.fixture
def stale_normandie(normandie, porteur):
    dossier = services.dossier_start(
        call=normandie, establishment=porteur.establishments.get(), user=porteur
    )[0]
    complete_normandie(dossier, porteur)
    stale = dossier_queryset().get(pk=dossier.pk)
    services.dossier_submit(dossier=dossier_queryset().get(pk=dossier.pk), user=porteur)
    return stale


def test_a_motivation_saved_from_a_page_loaded_before_the_filing_is_refused(stale_normandie, porteur):
    before = stored(stale_normandie)
    code = stale_normandie.call.spec.criteria[0].code
    with pytest.raises(services.DossierError, match="Déposé"):
        services.dossier_update(
            dossier=stale_normandie, user=porteur, section="Motivation", values={"motivation": {code: "Tard"}}
        )
    assert stored(stale_normandie) == before


def test_a_trinome_saved_from_a_page_loaded_before_the_filing_is_refused(stale_normandie, porteur):
    before = stored(stale_normandie)
    with pytest.raises(services.DossierError, match="Déposé"):
        services.trinome_update(dossier=stale_normandie, user=porteur, members={"direction": ("Autre", "")})
    assert stored(stale_normandie) == before


def test_a_complement_saved_after_the_dossier_was_sent_back_is_refused(dossier, porteur):
    instructor = UserFactory(instructor=True, regions=["44"])
    complete_clact(dossier, porteur)
    services.dossier_submit(dossier=dossier, user=porteur)
    review_services.complements_request(
        dossier=dossier_queryset().get(pk=dossier.pk),
        user=instructor,
        parts=[Part("projet", "Présentation du projet")],
        message="Précisez le diagnostic.",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    stale = dossier_queryset().get(pk=dossier.pk)
    services.dossier_update(dossier=stale, user=porteur, section="Projet", values={"diagnostic": "Précisé"})
    services.dossier_resubmit(dossier=dossier_queryset().get(pk=dossier.pk), user=porteur)
    before = stored(stale)
    with pytest.raises(services.DossierError, match="En instruction"):
        services.dossier_update(
            dossier=stale, user=porteur, section="Projet", values={"diagnostic": "Trop tard"}
        )
    assert stored(stale) == before


def test_a_write_of_an_action_removed_meanwhile_is_refused(dossier, porteur):
    action = complete_action(dossier, porteur)
    stale = Action.objects.select_related("dossier").get(pk=action.pk)
    services.action_remove(action=action, user=porteur)
    with pytest.raises(services.DossierError, match="supprimée entre-temps"):
        services.action_update(action=stale, user=porteur, values=action_values(title="Ressuscitée"))
    assert not Action.objects.filter(dossier=dossier).exists()
