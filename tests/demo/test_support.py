"""The demo's Normandie 2024 wave: five pilots in a cohort with three hosts, a waiting list, a session plan."""

import pytest
from django.urls import reverse

from accounts.models import User
from dossiers.enums import DossierStatus
from support.models import Cohort, Session

pytestmark = pytest.mark.django_db


def test_the_demo_wave_has_five_pilots_three_hosts_a_waiting_list_and_a_plan(client, demo):
    cohort = Cohort.objects.get(call__code="aac-normandie-2024")
    members = list(cohort.members.select_related("dossier__establishment"))
    assert len(members) == 5
    hosts = sorted(m.dossier.establishment.department_id for m in members if m.host)
    assert hosts == ["14", "50", "61"]
    assert {m.dossier.establishment.sector for m in members} == {"sanitaire", "medico_social"}
    assert cohort.call.dossiers.filter(selection__outcome="waitlisted").count() == 1
    assert set(cohort.call.dossiers.values_list("status", flat=True)) == {DossierStatus.NOTIFIED}
    assert Session.objects.filter(cohort=cohort).count() == 6 + 4 * 5
    client.force_login(User.objects.get(email="porteur-normandie@example.org"))
    tilleuls = cohort.call.dossiers.get(establishment__members__email="porteur-normandie@example.org")
    page = client.get(tilleuls.get_absolute_url()).content.decode()
    assert reverse("support:calendar", args=[tilleuls.reference]) in page


def test_the_final_bilan_of_the_demo_lists_every_establishment_with_its_attendance_experiments_and_mention(
    client, demo
):
    import io

    from pypdf import PdfReader

    cohort = Cohort.objects.get(call__code="aac-normandie-2024")
    client.force_login(User.objects.get(email="aract@example.org"))
    final = len(cohort.call.spec.program.deliverables) - 1
    response = client.get(reverse("support:bilan", args=[cohort.call.code, final, "pdf"]))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for member in cohort.members.select_related("dossier__establishment"):
        assert member.dossier.establishment.display_name in text
    assert "Assiduité" in text and "des présences attendues" in text
    assert "Temps de transmission protégé de 15 minutes" in text and "Taux d'absentéisme" in text
    assert (
        "Bilan final" in text
        and "Établissements médico-sociaux" in text
        and "Établissements sanitaires" in text
    )
    assert "Avec le soutien de l'ARS Normandie et de l'ARACT" in text
    odt = client.get(reverse("support:bilan", args=[cohort.call.code, final, "odt"]))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text" and odt.content[:2] == b"PK"


def _odt_text(content: bytes) -> str:
    import io

    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(io.BytesIO(content))
    return "\n".join(teletype.extractText(e) for kind in (H, P) for e in document.getElementsByType(kind))


def test_the_final_bilan_shows_the_establishment_evaluation_and_the_transversal_actions(client, demo):
    import io

    from pypdf import PdfReader

    cohort = Cohort.objects.get(call__code="aac-normandie-2024")
    client.force_login(User.objects.get(email="aract@example.org"))
    final = len(cohort.call.spec.program.deliverables) - 1
    pdf = client.get(reverse("support:bilan", args=[cohort.call.code, final, "pdf"]))
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    odt = _odt_text(client.get(reverse("support:bilan", args=[cohort.call.code, final, "odt"])).content)
    for shown in (text, " ".join(odt.split())):
        assert "Évaluation de l'établissement" in shown
        assert "Agents impliqués dans la démarche : 38" in shown
        assert "Actions menées : 2, dont 1 poursuivie(s) après l'expérimentation" in shown
        assert "Appréciation d'ensemble : 4 — Satisfaisante" in shown
        assert "Étendre le temps de transmission protégé aux unités de nuit en 2025." in shown
        transversal = shown.split("Actions transversales", 1)[1]
        assert "Charte du droit à la déconnexion" in transversal
        assert "signalée comme transversale par l'établissement" in transversal
        # The shared action of every pilot, sanitaire and médico-social alike.
        assert "Temps de transmission protégé de 15 minutes" in transversal
        assert "menée par des établissements sanitaires et médico-sociaux" in transversal
