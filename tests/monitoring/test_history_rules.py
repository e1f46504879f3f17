"""The two history rules on the web path: earlier funded actions come from the follow-up in the database."""

import pytest
from django.urls import reverse

from dossiers import services as dossiers
from dossiers.models import Action, Dossier
from monitoring.enums import Progress
from monitoring.models import ActionFollowUp
from review import services as review
from tests.dossiers.builders import complete_action, complete_clact

pytestmark = pytest.mark.django_db


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
    assert "Action antérieure non réalisée" in page and "Conciergerie" in page
    # The unexplained action of 2022 is over two years old: the warning too.
    assert "Actions non réalisées depuis 2 ans" in page
    filed, _ = dossiers.dossier_submit(dossier=dossier, user=porteur)
    assert filed.has_blocking and " PRIOR_UNIMPLEMENTED " in filed.finding_codes
    assert "Conciergerie" in review.blocking_reasons(filed)
    client.force_login(instructor)
    page = client.get(reverse("review:dossier", args=[filed.reference])).content.decode()
    assert "action antérieure non réalisée" in page.lower()
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
