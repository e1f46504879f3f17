"""Once the follow-up exists, the same dashboard shows the amounts granted and justified next to those requested."""

from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring import services
from tests.accounts.factories import UserFactory
from tests.monitoring.test_services import _line

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """The letters and conventions are written on commit: at once here."""


def test_granted_and_justified_amounts_show_once_the_follow_up_exists(client, follow_up, porteur, instructor):
    line = _line(follow_up, porteur, "4200")
    services.line_decide(line=line, user=instructor, decision="accept")
    _line(follow_up, porteur, "999")  # not yet accepted: not justified
    client.force_login(UserFactory(viewer=True, regions=["44"]))
    response = client.get(reverse("stats:call", args=[follow_up.dossier.call.code]))
    amounts = response.context["data"].amounts
    assert amounts["granted"] == Decimal("12000.00")
    assert amounts["justified"] == Decimal("4200.00")
    assert amounts["recovered"] == 0
    assert response.context["data"].delays["admissibility"] is not None
    assert "4\u00a0200\u00a0€" in response.content.decode()
