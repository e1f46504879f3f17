"""The follow-up's pages: who reaches them, French input, refusals that save nothing, flat query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from dossiers.enums import DossierStatus
from dossiers.models import Action, Dossier
from monitoring import services
from monitoring.enums import LineStatus, Progress
from monitoring.models import ActionFollowUp, FollowUp, Report, SpendingLine
from tests.accounts.factories import UserFactory
from tests.dossiers.files import pdf_upload
from tests.helpers import assert_flat_queries
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db


def _url(follow_up, name="monitoring:dossier", **kwargs):
    return reverse(name, kwargs={"reference": follow_up.dossier.reference, **kwargs})


def test_the_porteur_reaches_the_follow_up_from_the_dossier_page(client, follow_up, porteur):
    client.force_login(porteur)
    page = client.get(follow_up.dossier.get_absolute_url()).content.decode()
    assert _url(follow_up) in page
    page = client.get(_url(follow_up)).content.decode()
    assert "12\u00a0000,00\u00a0€" in page and "31 décembre 2026" in page
    assert "Ajouter une facture" in page and "Transmettre le compte rendu final" in page


def test_pages_for_agents_and_refusals(client, follow_up, instructor, manager):
    for user in (instructor, manager):
        client.force_login(user)
        assert client.get(_url(follow_up)).status_code == 200
        assert client.get(reverse("monitoring:board", args=[follow_up.dossier.call.code])).status_code == 200
        finess = follow_up.dossier.establishment.finess
        assert client.get(reverse("monitoring:history", args=[finess])).status_code == 200
    other = UserFactory()
    client.force_login(other)
    assert client.get(_url(follow_up)).status_code == 404
    client.force_login(UserFactory(committee=True, regions=["44"]))
    assert client.get(_url(follow_up)).status_code == 403
    assert client.get(reverse("monitoring:board", args=[follow_up.dossier.call.code])).status_code == 403


def test_an_invoice_typed_the_french_way_updates_the_totals(client, follow_up, porteur):
    client.force_login(porteur)
    action = follow_up.actions.get()
    prefix = f"l{action.pk}-"
    response = client.post(
        _url(follow_up, "monitoring:line_add", pk=action.pk),
        {
            prefix + "invoice_date": "2025-03-01",
            prefix + "supplier": "Ergonomia",
            prefix + "amount": "4 200,00 €",
            prefix + "nature": "equipment",
            prefix + "invoice": pdf_upload("facture.pdf"),
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'id="suivi"' in page
    assert "4\u00a0200,00\u00a0€" in page and "Facture ajoutée" in page
    assert SpendingLine.objects.get().amount == Decimal("4200.00")


@pytest.mark.parametrize(
    ("amount", "upload", "message"),
    [
        ("4.200,00,0", "pdf", "Montant de la facture"),
        ("-10", "pdf", "doit être positif"),
        ("100", "png", "doit être un PDF"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_saved(
    client, follow_up, porteur, amount, upload, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(porteur)
    action = follow_up.actions.get()
    prefix = f"l{action.pk}-"
    file = (
        pdf_upload("facture.pdf")
        if upload == "pdf"
        else SimpleUploadedFile("f.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    )
    response = client.post(
        _url(follow_up, "monitoring:line_add", pk=action.pk),
        {
            prefix + "invoice_date": "2025-03-01",
            prefix + "supplier": "Ergonomia",
            prefix + "amount": amount,
            prefix + "nature": "equipment",
            prefix + "invoice": file,
        },
        follow=True,
    )
    page = response.content.decode()
    assert message in page and "Rien n&#x27;a été enregistré" in page
    assert not SpendingLine.objects.exists()


def test_the_instructor_rejects_a_line_and_the_porteur_reads_why(client, follow_up, porteur, instructor):
    line = services.line_add(
        action=follow_up.actions.get(),
        user=porteur,
        invoice_date=dt.date(2025, 3, 1),
        supplier="Sans rapport",
        amount=Decimal(800),
        nature="equipment",
        upload=pdf_upload(),
    )
    client.force_login(instructor)
    url = _url(follow_up, "monitoring:line_decide", pk=line.pk)
    client.post(url, {f"d{line.pk}-decision": "reject", f"d{line.pk}-reason": ""})
    assert SpendingLine.objects.get().status == LineStatus.SUBMITTED  # no reason: refused
    client.post(
        url, {f"d{line.pk}-decision": "reject", f"d{line.pk}-reason": "Hors du périmètre de l'action."}
    )
    assert SpendingLine.objects.get().status == LineStatus.REJECTED
    client.force_login(porteur)
    page = client.get(_url(follow_up)).content.decode()
    assert "Rejetée" in page and "Hors du périmètre de l&#x27;action." in page


def test_progress_and_measurement_forms(client, follow_up, porteur):
    client.force_login(porteur)
    action = follow_up.actions.get()
    client.post(
        _url(follow_up, "monitoring:progress", pk=action.pk),
        {f"a{action.pk}-progress": "started", f"a{action.pk}-started_on": "2025-01-06"},
    )
    action.refresh_from_db()
    assert action.progress == Progress.STARTED
    indicator = action.action.indicators.get()
    client.post(
        _url(follow_up, "monitoring:measurement", pk=action.pk),
        {
            f"m{action.pk}-indicator": str(indicator.pk),
            f"m{action.pk}-measured_on": "2025-06-30",
            f"m{action.pk}-value": "9",
        },
    )
    page = client.get(_url(follow_up)).content.decode()
    assert "9 le 30 juin 2025" in page


def _grow(call, author, count, start):
    dossiers = filed_dossiers(call, author, count, status=DossierStatus.CONVENTION_SIGNED, start=start)
    follow_ups = FollowUp.objects.bulk_create(
        FollowUp(
            dossier=d,
            granted=Decimal(12000),
            subsidy_rate=Decimal(50),
            granted_on=dt.date(2024, 10, 11),
            consumption_deadline=dt.date(2026, 12, 31),
        )
        for d in dossiers
    )
    follow_ups = list(FollowUp.objects.filter(dossier__in=dossiers))
    actions = {a.dossier_id: a for a in Action.objects.filter(dossier__in=dossiers)}
    ActionFollowUp.objects.bulk_create(
        ActionFollowUp(follow_up=f, action=actions[f.dossier_id], granted=Decimal(12000)) for f in follow_ups
    )
    Report.objects.bulk_create(
        Report(
            follow_up=f,
            kind="interim",
            period_start=f.granted_on,
            period_end=f.granted_on,
            due_on=f.granted_on,
        )
        for f in follow_ups
    )
    items = ActionFollowUp.objects.filter(follow_up__in=follow_ups)
    SpendingLine.objects.bulk_create(
        SpendingLine(
            action_follow_up=item,
            invoice_date=dt.date(2025, 1, 1),
            supplier="X",
            amount=Decimal(100),
            nature="equipment",
            file="x",
            original_name="x.pdf",
            size=1,
            sha256="0",
            content_type="application/pdf",
            scan_status="safe",
            status=LineStatus.ACCEPTED,
            added_by=author,
        )
        for item in items
    )


def test_the_board_counts_late_reports_and_runs_flat_queries(client, follow_up, instructor, porteur):
    call = follow_up.dossier.call
    _grow(call, porteur, 10, 0)
    client.force_login(instructor)
    url = reverse("monitoring:board", args=[call.code])
    page = client.get(url).content.decode()
    assert "en retard" in page  # the grown interim reports are due since 2024
    assert_flat_queries(client, url, lambda: _grow(call, porteur, 190, 100))
    assert_flat_queries(client, url + "?departement=57&axe=1&retard=1", lambda: _grow(call, porteur, 5, 400))


def test_the_board_exports_formula_neutralised(client, follow_up, instructor, porteur):
    from referential.models import Establishment

    Establishment.objects.filter(pk=follow_up.dossier.establishment_id).update(long_name="=HYPERLINK(1)")
    client.force_login(instructor)
    response = client.get(reverse("monitoring:board", args=[follow_up.dossier.call.code]) + "?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "Reste à justifier" in text and "'=HYPERLINK(1)" in text
    response = client.get(reverse("monitoring:board", args=[follow_up.dossier.call.code]) + "?format=xlsx")
    assert response.content[:2] == b"PK"


def _past_dossiers(follow_up, author, count, start):
    """`count` earlier calls (copies of the call's row), each with a followed-up dossier of the establishment."""
    from calls.models import Call

    template = follow_up.dossier.call
    calls = []
    for n in range(start, start + count):
        call = Call.objects.get(pk=template.pk)
        call.pk, call.code, call.year = None, f"clact-ancien-{n}", 2000 + n % 20
        call.save()
        calls.append(call)
    for call in calls:
        dossier = Dossier.objects.create(
            call=call,
            establishment=follow_up.dossier.establishment,
            number=1,
            reference=f"ANCIEN-{call.pk}",
            status=DossierStatus.CONVENTION_SIGNED,
            created_by=author,
        )
        action = Action.objects.create(dossier=dossier, position=1, title="Lève-personnes", axis="1")
        indicator = action.indicators.create(name="AT", baseline="10", target="5")
        past = FollowUp.objects.create(
            dossier=dossier,
            granted=Decimal(1000),
            subsidy_rate=Decimal(50),
            granted_on=dt.date(2020, 10, 1),
            consumption_deadline=dt.date(2022, 12, 31),
        )
        item = ActionFollowUp.objects.create(follow_up=past, action=action, granted=Decimal(1000))
        item.measurements.create(
            indicator=indicator, measured_on=dt.date(2021, 1, 1), value="7", recorded_by=author
        )


def test_the_history_page_runs_flat_queries_with_10_and_200_dossiers(client, follow_up, porteur, instructor):
    _past_dossiers(follow_up, porteur, 9, 0)
    url = reverse("monitoring:history", args=[follow_up.dossier.establishment.finess])
    for user in (porteur, instructor):
        client.force_login(user)
        client.get(url)
    client.force_login(instructor)
    assert_flat_queries(client, url, lambda: _past_dossiers(follow_up, porteur, 190, 100))
    assert follow_up.dossier.establishment.dossiers.count() == 200


def test_the_follow_up_page_runs_flat_queries(client, follow_up, porteur, instructor):
    action = follow_up.actions.get()

    def grow():
        for n in range(15):
            services.line_add(
                action=action,
                user=porteur,
                invoice_date=dt.date(2025, 3, 1),
                supplier=f"Fournisseur {n}",
                amount=Decimal(100 + n),
                nature="equipment",
                upload=pdf_upload(),
            )
            services.measurement_add(
                action=action,
                user=porteur,
                indicator=action.action.indicators.get(),
                measured_on=dt.date(2025, 1, 1),
                value=str(n),
            )

    for user in (porteur, instructor):
        client.force_login(user)
        assert_flat_queries(client, _url(follow_up), grow)
