"""The two history rules on the web path: earlier funded actions come from the follow-up in the database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers import services as dossiers
from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from monitoring.enums import Progress
from monitoring.models import ActionFollowUp, FollowUp
from review import services as review
from tests.calls.factories import open_call
from tests.dossiers.builders import complete_action, complete_clact

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(tmp_path, porteur):
    """A 2022 dossier of the porteur's establishment, conventioned on 15 October 2022, one action per state."""
    call = open_call(tmp_path / "c2022", code="clact-grand-est-2024", new_code="clact-grand-est-2022")
    dossier = Dossier.objects.create(
        call=call,
        establishment=porteur.establishments.get(),
        number=1,
        reference="CLACT-44-2022-0001",
        status=DossierStatus.CONVENTION_SIGNED,
        created_by=porteur,
    )
    follow_up = FollowUp.objects.create(
        dossier=dossier,
        granted=Decimal(9000),
        subsidy_rate=50,
        granted_on=dt.date(2022, 10, 15),
        consumption_deadline=dt.date(2024, 12, 31),
    )
    states = [
        ("Lève-personnes", Progress.DONE, ""),
        (
            "Groupes de parole",
            Progress.ABANDONED,
            "Prestataire défaillant, action reportée au CLACT suivant.",
        ),
        ("Conciergerie", Progress.NOT_STARTED, ""),
    ]
    for position, (title, progress, reason) in enumerate(states, start=1):
        action = Action.objects.create(
            dossier=dossier, position=position, title=title, cost=6000, requested=3000
        )
        ActionFollowUp.objects.create(
            follow_up=follow_up, action=action, granted=3000, progress=progress, abandon_reason=reason
        )
    return dossier


def test_the_action_form_offers_the_earlier_funded_actions_only(client, dossier, porteur, earlier):
    client.force_login(porteur)
    page = client.get(reverse("dossiers:action_add", args=[dossier.reference])).content.decode()
    assert "renouvelle une action financée" in page
    assert 'value="CLACT-44-2022-0001/3"' in page and "Conciergerie" in page


def test_renewing_an_unimplemented_action_is_blocking_live_and_at_admissibility(
    client, dossier, porteur, earlier, instructor
):
    complete_clact(dossier, porteur)
    action = dossier.actions.get()
    Action.objects.filter(pk=action.pk).update(renews_action="CLACT-44-2022-0001/3")
    client.force_login(porteur)
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert "PRIOR_UNIMPLEMENTED" in page and "Conciergerie" in page
    # The unexplained action of 2022 is over two years old: the warning too.
    assert "PRIOR_NOT_IMPLEMENTED_2Y" in page
    filed, _ = dossiers.dossier_submit(dossier=dossier, user=porteur)
    assert filed.has_blocking and " PRIOR_UNIMPLEMENTED " in filed.finding_codes
    assert "Conciergerie" in review.blocking_reasons(filed)
    client.force_login(instructor)
    page = client.get(reverse("review:dossier", args=[filed.reference])).content.decode()
    assert "PRIOR_UNIMPLEMENTED" in page
    assert "Conventions précédentes de l" in page and "non mise en œuvre, sans explication" in page


def test_renewing_an_implemented_action_is_fine_and_an_explained_abandon_raises_no_warning(
    client, dossier, porteur, earlier
):
    ActionFollowUp.objects.filter(action__title="Conciergerie").update(progress=Progress.STARTED)
    complete_clact(dossier, porteur)
    Action.objects.filter(dossier=dossier).update(renews_action="CLACT-44-2022-0001/1")
    result = dossiers.dossier_check(Dossier.objects.get(pk=dossier.pk))
    codes = {f.code for f in result.findings}
    assert "PRIOR_UNIMPLEMENTED" not in codes and "PRIOR_NOT_IMPLEMENTED_2Y" not in codes


def test_the_picker_saves_the_reference(client, dossier, porteur, earlier):
    action = complete_action(dossier, porteur)
    client.force_login(porteur)
    url = reverse("dossiers:action", args=[dossier.reference, action.pk])
    page = client.get(url).content.decode()
    assert "CLACT-44-2022-0001/2" in page
