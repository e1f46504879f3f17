"""Conventions: generated from the call's (editable) template after its date, signed by both sides."""

import datetime as dt

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Convention, ConventionTemplate
from dossiers.enums import DossierStatus
from dossiers.models import Dossier
from dossiers.services import DossierError
from funding import notifications
from funding import services as funding
from tests.accounts.factories import UserFactory
from tests.dossiers.files import pdf_upload

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 11)  # the CLACT 2024 convention date


@pytest.fixture
def notified(clact, chosen, campaign, manager):
    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    return [Dossier.objects.get(pk=d.pk) for d in campaign]


def _text(convention) -> str:
    """The convention as rendered for its PDF (the stored PDF is checked to be one)."""
    with convention.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    dossier = convention.dossier
    decisions = [d for d in dossier.decisions.select_related("action") if d.granted > 0]
    return services.convention_html(dossier, decisions, services.template_of(dossier.call))


def test_not_before_the_call_convention_date(clact, notified, manager):
    with pytest.raises(DossierError, match="11 octobre 2024"):
        services.conventions_generate(call=clact, user=manager, today=AFTER - dt.timedelta(days=1))


def test_one_convention_per_funded_notified_dossier_with_every_clause(clact, notified, manager):
    assert services.conventions_generate(call=clact, user=manager, today=AFTER) == 1
    convention = Convention.objects.get()
    assert convention.dossier == notified[0] and convention.amount == 12000
    text = _text(convention)
    for expected in (
        "12\u00a0000",
        "31 décembre 2026",
        "récupération",
        "AT liés aux manutentions",
        "intervention régional (FIR)",
    ):
        assert expected in text, expected
    assert services.conventions_generate(call=clact, user=manager, today=AFTER) == 0


def test_the_manager_edited_template_is_used(clact, notified, manager):
    ConventionTemplate.objects.create(
        call=clact, body="<h1>Avenant CPOM {{ dossier }}</h1><p>Montant : {{ montant }}</p>"
    )
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    assert "Avenant CPOM" in _text(Convention.objects.get())


def test_a_broken_template_is_refused_in_french(clact, notified, manager):
    ConventionTemplate.objects.create(call=clact, body="{% if %}")
    with pytest.raises(DossierError, match="modèle de convention de l'appel est invalide"):
        services.conventions_generate(call=clact, user=manager, today=AFTER)
    assert not Convention.objects.exists()


def test_both_signatures_sign_the_convention(client, clact, notified, manager, porteur):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    client.force_login(porteur)
    page = client.get(notified[0].get_absolute_url()).content.decode()
    assert "Convention à signer (PDF)" in page
    client.post(
        reverse("agreements:sign", args=[notified[0].reference]),
        {"signed_on": "2024-10-20", "scan": pdf_upload("signee.pdf")},
    )
    convention.refresh_from_db()
    assert convention.establishment_signed_on == dt.date(2024, 10, 20) and convention.signed_file
    assert Dossier.objects.get(pk=notified[0].pk).status == DossierStatus.NOTIFIED
    client.force_login(manager)
    client.post(reverse("agreements:sign", args=[notified[0].reference]), {"signed_on": "2024-10-25"})
    assert Dossier.objects.get(pk=notified[0].pk).status == DossierStatus.CONVENTION_SIGNED


def test_a_signature_in_the_future_or_without_scan_is_refused(clact, notified, manager):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    with pytest.raises(DossierError, match="futur"):
        services.convention_sign(
            convention=convention, user=manager, side="agency", signed_on=dt.date(2999, 1, 1)
        )
    with pytest.raises(DossierError, match="scan"):
        services.convention_sign(convention=convention, user=manager, side="agency", signed_on=AFTER)


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (dt.date(1, 1, 1), "ne peut pas précéder l'ouverture du conventionnement, le 11 octobre 2024"),
        (dt.date(2024, 10, 10), "ne peut pas précéder l'ouverture du conventionnement"),
    ],
)
def test_a_signature_before_the_conventions_opened_is_refused(clact, notified, manager, signed_on, message):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    convention = Convention.objects.get()
    with pytest.raises(DossierError, match=message):
        services.convention_sign(
            convention=convention,
            user=manager,
            side="agency",
            signed_on=signed_on,
            upload=pdf_upload("s.pdf"),
        )
    convention.refresh_from_db()
    assert convention.agency_signed_on is None and not convention.signed_file


def test_a_signature_dated_0001_on_the_page_is_refused_in_french(client, clact, notified, manager, porteur):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    client.force_login(porteur)
    response = client.post(
        reverse("agreements:sign", args=[notified[0].reference]),
        {"signed_on": "0001-01-01", "scan": pdf_upload("signee.pdf")},
        follow=True,
    )
    assert "Indiquez une date comprise entre le" in response.content.decode()
    assert Convention.objects.get().establishment_signed_on is None


def test_conventions_page_is_managed_by_managers_and_read_by_instructors(client, clact, notified, manager):
    url = reverse("agreements:call", args=[clact.code])
    client.force_login(manager)
    client.post(url)
    page = client.get(url).content.decode()
    assert "PDF" in page and "Générer les conventions manquantes" in page and "Date de signature" in page
    client.force_login(UserFactory(role="instructor", regions=["44"]))
    page = client.get(url).content.decode()
    assert "PDF" in page and "à signer" in page
    assert "Générer les conventions manquantes" not in page and "Date de signature" not in page
    assert client.post(url).status_code == 403
    for role in ("committee", "viewer"):
        client.force_login(UserFactory(role=role, regions=["44"]))
        assert client.get(url).status_code == 403
        assert client.get(reverse("agreements:file", args=[notified[0].reference])).status_code == 403


def test_another_establishment_cannot_read_the_convention(client, clact, notified, manager):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    client.force_login(UserFactory())
    assert client.get(reverse("agreements:file", args=[notified[0].reference])).status_code == 404


@pytest.mark.parametrize(
    "role", ["manager", "instructor", "committee", "aract", "viewer", "admin", "establishment"]
)
def test_conventions_page_answers_managers_and_instructors_only(client, clact, role):
    client.force_login(UserFactory(role=role, regions=["44"]) if role != "establishment" else UserFactory())
    response = client.get(reverse("agreements:call", args=[clact.code]))
    assert response.status_code == (200 if role in {"manager", "instructor"} else 403)


def test_conventions_page_stays_flat(client, clact, notified, manager):
    from tests.helpers import assert_flat_queries
    from tests.review.factories import filed_dossiers

    services.conventions_generate(call=clact, user=manager, today=AFTER)
    client.force_login(manager)

    def grow():
        for dossier in filed_dossiers(clact, manager, 6, status=DossierStatus.NOTIFIED, start=400):
            Convention.objects.create(
                dossier=dossier, amount=1000, file="conventions/x.pdf", generated_by=manager
            )

    assert_flat_queries(client, reverse("agreements:call", args=[clact.code]), grow)


def test_payment_terms_and_communication_mention_are_omitted_when_the_call_has_none(clact, notified, manager):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    text = _text(Convention.objects.get())
    for absent in ("Modalités de versement", "versée en une fois", "Communication"):
        assert absent not in text, absent


def test_payment_terms_and_communication_mention_come_from_the_call(clact, notified, manager):
    clact.payment_terms = "La subvention est versée en deux fois."
    clact.communication_mention = "Avec le soutien de l'ARS Grand Est"
    clact.save()
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    text = _text(Convention.objects.select_related("dossier__call").get())
    assert "Modalités de versement</h2>\n<p>La subvention est versée en deux fois.</p>" in text
    assert "mentionne : « Avec le soutien de l&#x27;ARS Grand Est »" in text


def test_the_convention_says_who_signs_for_each_party(clact, notified, manager):
    clact.signatory_name = "Camille Martin"
    clact.save()
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    text = _text(Convention.objects.select_related("dossier__call").get())
    assert f"Pour l'établissement, {notified[0].establishment.display_name}" in text
    assert "Le directeur général de l&#x27;Agence régionale de santé Grand Est, Camille Martin" in text


def test_the_agency_signature_form_names_the_signatory(client, clact, notified, manager):
    services.conventions_generate(call=clact, user=manager, today=AFTER)
    client.force_login(manager)
    page = client.get(reverse("agreements:call", args=[clact.code])).content.decode()
    assert "Date de signature par l'ARS" in page
    assert "Signataire : Le directeur général de l&#x27;Agence régionale de santé Grand Est" in page
