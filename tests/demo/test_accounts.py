"""The demo data set: fixed accounts that log in with `qvct-demo` and land on their role's page."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from calls.models import Call
from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_load
from referential.models import Establishment

pytestmark = pytest.mark.django_db

EXPECTED_EMAILS = {
    "porteur@example.org",
    "porteur-normandie@example.org",
    "instructeur@example.org",
    "gestionnaire@example.org",
    "comite@example.org",
    "aract@example.org",
    "lecteur@example.org",
    "admin@example.org",
}


def test_the_demo_has_the_eight_accounts_of_the_readme(demo):
    assert {account.email for account in DEMO_ACCOUNTS} == EXPECTED_EMAILS
    can_log_in = {user.email for user in User.objects.all() if user.has_usable_password()}
    assert can_log_in == EXPECTED_EMAILS


def test_the_demo_porteurs_belong_to_a_bas_rhin_hospital_and_a_calvados_ehpad(demo):
    hospital = Establishment.objects.get(members__email="porteur@example.org")
    ehpad = Establishment.objects.get(members__email="porteur-normandie@example.org")
    assert (hospital.department_id, hospital.category_code) == ("67", "355")
    assert (ehpad.department_id, ehpad.category_code) == ("14", "500")


@pytest.mark.parametrize("email", sorted(EXPECTED_EMAILS))
def test_each_demo_account_logs_in_and_lands_on_its_page(client, demo, email):
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}, follow=True
    )
    user = User.objects.get(email=email)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] != reverse("accounts:login")
    assert user.get_role_display() in response.content.decode()


def test_loading_the_demo_twice_changes_nothing(demo):
    snapshot = (
        list(User.objects.order_by("email").values("email", "role", "password")),
        Establishment.objects.count(),
        Call.objects.count(),
    )
    demo_load()
    assert snapshot == (
        list(User.objects.order_by("email").values("email", "role", "password")),
        Establishment.objects.count(),
        Call.objects.count(),
    )


def test_the_demo_command_prints_the_accounts(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    for email in EXPECTED_EMAILS:
        assert email in out
    assert "qvct-demo" in out


def test_the_home_page_reaches_every_call_of_the_demo(client, demo):
    text = client.get("/").content.decode()
    for call in Call.objects.all():
        assert call.get_absolute_url() in text
