"""The instruction pages: who reaches them, what the list filters, bulk operations, the dossier page."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.enums import Role
from dossiers import services as dossier_services
from dossiers.enums import DossierStatus, EventKind
from dossiers.models import Dossier
from review import services
from review.models import Annotation, SavedFilter
from tests.accounts.factories import UserFactory
from tests.dossiers.files import pdf_upload
from tests.helpers import assert_flat_queries
from tests.review.factories import filed_dossiers

pytestmark = pytest.mark.django_db

DOSSIER_PAGES = ["review:dossier", "review:complements", "review:decision"]
AGENT_ROLES = {Role.INSTRUCTOR, Role.MANAGER}


def _blocking(dossier):
    finding = {
        "code": "COFINANCING_TOO_LOW",
        "severity": "blocking",
        "action": 1,
        "message": "L'autofinancement de l'action 1 (10 000,00 €) est inférieur à 50 %.",
        "source": "Appel CLACT 2024, point 3",
    }
    dossier_services.findings_store(dossier, [finding])
    return dossier


# --- Who reaches the pages -------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(Role))
def test_list_is_for_instructors_and_managers_only(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("review:list"))
    assert response.status_code == (200 if role in AGENT_ROLES else 403)


@pytest.mark.parametrize("role", sorted(Role))
@pytest.mark.parametrize("name", DOSSIER_PAGES)
def test_dossier_pages_are_for_agents_of_the_region_only(client, filed, role, name):
    user = UserFactory(role=role) if role != Role.ESTABLISHMENT else filed.created_by
    client.force_login(user)
    response = client.get(reverse(name, args=[filed.reference]))
    assert response.status_code == (200 if role in AGENT_ROLES else 403)


def test_the_porteur_of_the_dossier_never_reaches_the_instructor_pages(client, filed, porteur):
    client.force_login(porteur)
    for name in DOSSIER_PAGES:
        assert client.get(reverse(name, args=[filed.reference])).status_code == 403
    document = filed.documents.first()
    assert client.get(reverse("review:document", args=[filed.reference, document.pk])).status_code == 403
    response = client.post(reverse("review:annotate", args=[filed.reference]), {"text": "coucou"})
    assert response.status_code == 403 and not Annotation.objects.exists()


def test_an_instructor_of_another_region_sees_none_of_the_dossiers(client, filed):
    client.force_login(UserFactory(instructor=True, regions=["28"]))
    response = client.get(reverse("review:list") + "?tab=tous")
    assert filed.reference not in response.content.decode()
    for name in DOSSIER_PAGES:
        assert client.get(reverse(name, args=[filed.reference])).status_code == 404
    document = filed.documents.first()
    assert client.get(reverse("review:document", args=[filed.reference, document.pk])).status_code == 404
    response = client.post(reverse("review:bulk"), {"dossiers": [filed.pk], "operation": "csv"})
    assert response.status_code == 302  # nothing exported: none of the dossiers is theirs


def test_drafts_are_not_in_the_instruction(client, dossier, instructor):
    client.force_login(instructor)
    assert dossier.reference not in client.get(reverse("review:list") + "?tab=tous").content.decode()
    assert client.get(reverse("review:dossier", args=[dossier.reference])).status_code == 404


# --- The list --------------------------------------------------------------------------------------


@pytest.fixture
def listed(clact, instructor):
    """Moselle dossiers with and without a blocking finding, and one of Meurthe-et-Moselle."""
    author = UserFactory()
    return {
        "blocking": filed_dossiers(clact, author, 2, department="57", blocking=True),
        "clean": filed_dossiers(clact, author, 1, department="57", start=10),
        "other": filed_dossiers(clact, author, 1, department="54", start=20),
    }


def _rows(client, query=""):
    text = client.get(reverse("review:list") + query).content.decode()
    return {d.reference for d in Dossier.objects.all() if f">{d.reference}<" in text}


def test_list_filters_by_department_and_blocking_finding(client, instructor, listed):
    client.force_login(instructor)
    expected = {d.reference for d in listed["blocking"]}
    assert _rows(client, "?department=57&finding=bloquant") == expected


def test_list_filters_by_finding_code(client, instructor, listed):
    client.force_login(instructor)
    assert _rows(client, "?finding=COFINANCING_TOO_LOW") == {d.reference for d in listed["blocking"]}
    assert _rows(client, "?finding=NO_ACTION") == set()


def test_list_searches_name_finess_and_reference(client, instructor, listed):
    client.force_login(instructor)
    target = listed["other"][0]
    assert _rows(client, f"?q={target.establishment.finess}") == {target.reference}
    assert _rows(client, f"?q={target.reference}") == {target.reference}
    assert _rows(client, "?q=liste 20") == {target.reference}


def test_list_filters_by_assigned_instructor(client, instructor, listed):
    target = listed["clean"][0]
    services.dossiers_assign(dossiers=[target], assignee=instructor, user=instructor)
    client.force_login(instructor)
    assert _rows(client, "?assigned=moi") == {target.reference}
    assert _rows(client, f"?assigned={instructor.pk}") == {target.reference}
    assert target.reference not in _rows(client, "?assigned=personne")


def test_list_filters_by_axis_theme_mutualised_sector_and_status(client, instructor, listed, clact):
    client.force_login(instructor)
    everyone = {d.reference for group in listed.values() for d in group}
    assert _rows(client, "?axis=1&theme=tms&mutualized=oui&sector=sanitaire&legal_group=public") == everyone
    assert _rows(client, "?mutualized=non") == set()
    assert _rows(client, "?theme=rps") == set()
    assert _rows(client, f"?call={clact.pk}") == everyone


def test_tabs_count_each_state(client, instructor, listed, clact):
    filed_dossiers(clact, UserFactory(), 3, status=DossierStatus.ADMISSIBLE, start=30)
    client.force_login(instructor)
    text = client.get(reverse("review:list")).content.decode()
    assert "À instruire (4)" in text
    assert "Recevables (3)" in text
    assert "Tous (7)" in text
    assert len(_rows(client, "?tab=recevables")) == 3


def test_list_sorts_by_the_chosen_column_and_shows_the_chosen_columns(client, instructor, listed):
    client.force_login(instructor)
    text = client.get(reverse("review:list") + "?sort=-reference&cols=reference&cols=finess").content.decode()
    references = sorted((d.reference for group in listed.values() for d in group), reverse=True)
    positions = [text.index(f">{reference}<") for reference in references]
    assert positions == sorted(positions)
    assert 'aria-sort="descending"' in text
    assert '">FINESS<span' in text and '">Demande ARS<span' not in text


def test_list_pages_without_counting(client, instructor, clact):
    filed_dossiers(clact, UserFactory(), 55)
    client.force_login(instructor)
    first = client.get(reverse("review:list")).content.decode()
    assert "Page suivante</a>" in first and "page=2" in first
    second = client.get(reverse("review:list") + "?page=2").content.decode()
    assert second.count('name="dossiers"') == 5


def test_list_ignores_malformed_parameters(client, instructor, listed):
    client.force_login(instructor)
    response = client.get(reverse("review:list") + "?page=abc&sort=drop&tab=x&call=zz&cols=nope")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "page", ["9223372036854775807", "99999999999999999999999", "-3", "0", "1e3", "2.5", "9" * 5000, "%00"]
)
def test_list_never_fails_on_a_forged_page_number(client, instructor, listed, page):
    client.force_login(instructor)
    response = client.get(reverse("review:list") + f"?page={page}")
    assert response.status_code == 200
    assert "page 1" in response.content.decode()


def test_list_runs_as_many_queries_with_10_and_with_500_dossiers(client, instructor, clact):
    author = UserFactory()
    filed_dossiers(clact, author, 10, blocking=True)
    client.force_login(instructor)
    url = (
        reverse("review:list")
        + "?department=57&finding=bloquant&cols=reference&cols=requested&cols=actions&cols=assigned"
    )
    assert_flat_queries(client, url, lambda: filed_dossiers(clact, author, 490, blocking=True, start=100))


# --- Bulk operations and saved filters -------------------------------------------------------------


def test_bulk_assign_gives_the_selection_to_an_instructor(client, instructor, listed):
    colleague = UserFactory(instructor=True, regions=["44"])
    chosen = listed["blocking"]
    client.force_login(instructor)
    response = client.post(
        reverse("review:bulk"),
        {
            "dossiers": [d.pk for d in chosen],
            "operation": "assign",
            "assignee": colleague.pk,
            "next_query": "tab=tous",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?tab=tous")
    assert set(Dossier.objects.filter(assigned_to=colleague)) == set(chosen)
    assert Dossier.objects.filter(assigned_to__isnull=True).count() == 2


def test_bulk_export_writes_the_selection_as_xlsx(client, instructor, listed):
    chosen = listed["blocking"]
    client.force_login(instructor)
    response = client.post(reverse("review:bulk"), {"dossiers": [d.pk for d in chosen], "operation": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dossier"
    assert {row[0] for row in rows[1:]} == {d.reference for d in chosen}
    assert rows[1][rows[0].index("Demande ARS (€)")] == 12000


@pytest.mark.parametrize("fmt", ["csv", "ods"])
def test_bulk_export_in_csv_and_ods(client, instructor, listed, fmt):
    client.force_login(instructor)
    response = client.post(reverse("review:bulk"), {"dossiers": [listed["other"][0].pk], "operation": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith("Dossier;Appel;FINESS")
        assert listed["other"][0].reference in text
    else:
        assert response.content[:2] == b"PK"


def test_bulk_without_selection_says_so(client, instructor, listed):
    client.force_login(instructor)
    response = client.post(reverse("review:bulk"), {"operation": "assign"}, follow=True)
    assert "Cochez au moins un dossier" in response.content.decode()


def test_saved_filters_belong_to_their_user(client, instructor, listed):
    client.force_login(instructor)
    client.post(
        reverse("review:saved_filter_add"),
        {"name": "Moselle bloquants", "query": "department=57&finding=bloquant"},
    )
    saved = SavedFilter.objects.get(user=instructor)
    text = client.get(reverse("review:list")).content.decode()
    assert "Moselle bloquants" in text and "department=57&amp;finding=bloquant" in text
    other = UserFactory(instructor=True, regions=["44"])
    client.force_login(other)
    assert "Moselle bloquants" not in client.get(reverse("review:list")).content.decode()
    assert client.post(reverse("review:saved_filter_remove", args=[saved.pk])).status_code == 404
    client.force_login(instructor)
    client.post(reverse("review:saved_filter_remove", args=[saved.pk]))
    assert not SavedFilter.objects.exists()


# --- The dossier page ------------------------------------------------------------------------------


def test_dossier_page_shows_sections_findings_documents_and_timeline(client, filed, instructor):
    _blocking(filed)
    client.force_login(instructor)
    text = client.get(reverse("review:dossier", args=[filed.reference])).content.decode()
    for expected in (
        "Contenu du dossier",
        "COFINANCING_TOO_LOW",
        "Appel CLACT 2024, point 3",
        "Lever ce constat",
        "Deux lève-personnes motorisés",
        "Aperçu",
        "Historique",
        "Dossier déposé",
    ):
        assert expected in text, expected


def test_override_from_the_page_needs_a_justification(client, filed, instructor):
    _blocking(filed)
    client.force_login(instructor)
    url = reverse("review:override", args=[filed.reference])
    prefix = "levee-COFINANCING_TOO_LOW-1"
    data = {"prefix": prefix, f"{prefix}-code": "COFINANCING_TOO_LOW", f"{prefix}-action": "1"}
    response = client.post(url, {**data, f"{prefix}-justification": ""}, follow=True)
    assert "Justifiez" in response.content.decode() and not filed.overrides.exists()
    client.post(url, {**data, f"{prefix}-justification": "Attestation du co-financeur reçue par message."})
    assert filed.overrides.get().by == instructor
    assert not Dossier.objects.get(pk=filed.pk).has_blocking


def test_document_preview_shows_a_pdf_inline_from_the_same_origin_only(client, filed, instructor):
    document = filed.documents.filter(action__isnull=True).first()
    client.force_login(instructor)
    page = client.get(
        reverse("review:document_preview", args=[filed.reference, document.pk])
    ).content.decode()
    assert "<iframe" in page and f'title="Aperçu de {document.original_name}"' in page
    assert "antivirus : non analysé : antivirus non configuré" in page  # no clamd in the tests
    response = client.get(reverse("review:document", args=[filed.reference, document.pk]) + "?apercu")
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    # The file is a sandboxed document of its own: no script of a hostile PDF reaches the agent's session.
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "default-src 'none'" in policy and "script-src" not in policy
    b"".join(response.streaming_content)
    download = client.get(reverse("review:document", args=[filed.reference, document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    b"".join(download.streaming_content)


def test_annotations_stay_with_the_agents(client, filed, instructor, porteur):
    client.force_login(instructor)
    client.post(reverse("review:annotate", args=[filed.reference]), {"text": "NOTE-SECRETE de l'instruction"})
    assert "NOTE-SECRETE" in client.get(reverse("review:dossier", args=[filed.reference])).content.decode()
    client.force_login(porteur)
    for url in (
        filed.get_absolute_url(),
        reverse("dossiers:messages", args=[filed.reference]),
        reverse("dossiers:export_json", args=[filed.reference]),
    ):
        assert "NOTE-SECRETE" not in client.get(url).content.decode(), url
    pdf = client.get(reverse("dossiers:export_pdf", args=[filed.reference])).content
    assert b"NOTE-SECRETE" not in pdf
    data = json.loads(client.get(reverse("dossiers:export_json", args=[filed.reference])).content)
    assert "annotations" not in data


def test_lifted_findings_and_assignments_stay_out_of_the_porteur_history(client, filed, instructor, porteur):
    _blocking(filed)
    services.finding_override(
        dossier=filed,
        user=instructor,
        code="COFINANCING_TOO_LOW",
        action=1,
        justification="JUSTIF-INTERNE ok ok",
    )
    client.force_login(porteur)
    assert "JUSTIF-INTERNE" not in client.get(filed.get_absolute_url()).content.decode()


def test_messages_go_both_ways_with_attachments_and_e_mails(client, filed, instructor, porteur, mailoutbox):
    services.dossiers_assign(dossiers=[filed], assignee=instructor, user=instructor)
    client.force_login(instructor)
    client.post(
        reverse("review:message", args=[filed.reference]),
        {"body": "Merci de nous envoyer l'avis du CSE.", "attachment": pdf_upload("modele.pdf")},
    )
    assert porteur.email in mailoutbox[-1].to and "avis du CSE" in mailoutbox[-1].body
    client.force_login(porteur)
    page = client.get(reverse("dossiers:messages", args=[filed.reference])).content.decode()
    assert "avis du CSE" in page and "modele.pdf" in page
    message = filed.messages.get()
    response = client.get(reverse("dossiers:message_attachment", args=[filed.reference, message.pk]))
    assert response.status_code == 200
    b"".join(response.streaming_content)
    client.post(reverse("dossiers:messages", args=[filed.reference]), {"body": "Le voici."})
    assert mailoutbox[-1].to == [instructor.email]
    assert filed.events.filter(kind=EventKind.MESSAGE).count() == 2


def test_a_message_with_a_refused_attachment_changes_nothing(client, filed, instructor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(instructor)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary")
    response = client.post(
        reverse("review:message", args=[filed.reference]), {"body": "Voir PJ", "attachment": bad}, follow=True
    )
    assert response.status_code == 200 and not filed.messages.exists()


# --- Complements and decision ------------------------------------------------------------------------


def test_complements_page_prefills_the_blocking_findings(client, filed, instructor):
    _blocking(filed)
    client.force_login(instructor)
    text = client.get(reverse("review:complements", args=[filed.reference])).content.decode()
    assert "autofinancement de l&#x27;action 1" in text
    assert "Section « Pièces à joindre »" in text


def test_complements_with_a_past_date_are_refused_in_french(client, filed, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("review:complements", args=[filed.reference]),
        {"parts": ["pieces"], "message": "DUERP", "due_date": (timezone.localdate()).isoformat()},
    )
    assert "Choisissez une date postérieure" in response.content.decode()
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.SUBMITTED


def test_complements_due_in_year_9999_are_refused_in_french(client, filed, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("review:complements", args=[filed.reference]),
        {"parts": ["pieces"], "message": "DUERP", "due_date": "9999-12-31"},
    )
    assert "Indiquez une date comprise entre le" in response.content.decode()
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.SUBMITTED


def test_complements_round_trip_through_the_pages(client, filed, instructor, porteur):
    client.force_login(instructor)
    due = timezone.localdate() + dt.timedelta(days=7)
    response = client.post(
        reverse("review:complements", args=[filed.reference]),
        {"parts": ["projet"], "message": "Précisez le calendrier.", "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    client.force_login(porteur)
    detail = client.get(filed.get_absolute_url()).content.decode()
    assert "Précisez le calendrier." in detail and "Renvoyer le dossier complété" in detail
    section = client.get(reverse("dossiers:section", args=[filed.reference, "projet"])).content.decode()
    assert "<form" in section and "hx-post" in section
    other = client.get(reverse("dossiers:section", args=[filed.reference, "identification"])).content.decode()
    assert "hx-post" not in other
    client.post(
        reverse("dossiers:section", args=[filed.reference, "projet"]), {"schedule": "Achats en 2025."}
    )
    client.post(reverse("dossiers:resubmit", args=[filed.reference]))
    stored = Dossier.objects.get(pk=filed.pk)
    assert stored.status == DossierStatus.IN_REVIEW and "Achats en 2025." in stored.schedule


def test_decision_page_prefills_reasons_and_requires_them_for_inadmissible(client, filed, instructor):
    _blocking(filed)
    client.force_login(instructor)
    url = reverse("review:decision", args=[filed.reference])
    text = client.get(url).content.decode()
    assert (
        "autofinancement de l&#x27;action 1" in text
        and 'value="inadmissible" checked' in text.replace("  ", " ")
    ) or "checked" in text
    response = client.post(url, {"decision": "inadmissible", "reason": ""})
    assert "Indiquez les motifs" in response.content.decode()
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.SUBMITTED


def test_decision_reaches_the_porteur_page(client, filed, instructor, porteur, mailoutbox):
    client.force_login(instructor)
    client.post(
        reverse("review:decision", args=[filed.reference]),
        {"decision": "inadmissible", "reason": "Hors délai."},
    )
    assert Dossier.objects.get(pk=filed.pk).status == DossierStatus.INADMISSIBLE
    assert "Hors délai." in mailoutbox[-1].body
    client.force_login(porteur)
    text = client.get(filed.get_absolute_url()).content.decode()
    assert "déclaré irrecevable" in text and "Hors délai." in text


def test_decided_dossier_has_no_decision_page(client, filed, instructor):
    services.dossier_decide(dossier=filed, user=instructor, admissible=True, reason="")
    client.force_login(instructor)
    response = client.get(reverse("review:decision", args=[filed.reference]))
    assert response.status_code == 302


def test_dossier_page_query_count_stays_flat(client, filed, instructor, porteur):
    client.force_login(instructor)
    url = reverse("review:dossier", args=[filed.reference])

    def grow():
        for n in range(5):
            services.annotation_add(dossier=filed, user=instructor, text=f"note {n}")
            dossier_services.message_post(dossier=filed, user=porteur, body=f"message {n}", from_agency=False)

    assert_flat_queries(client, url, grow)


def test_complement_parts_offer_quotes_through_their_action(client, filed, instructor):
    client.force_login(instructor)
    text = client.get(reverse("review:complements", args=[filed.reference])).content.decode()
    assert 'value="piece:quote"' not in text
    assert f'value="action:{filed.actions.first().pk}"' in text


def test_an_agency_message_with_an_empty_attachment_says_the_attachment_is_empty(client, filed, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("review:message", args=[filed.reference]),
        {"body": "Voir la pièce jointe.", "attachment": pdf_upload("modele.pdf", b"")},
        follow=True,
    )
    text = response.content.decode()
    assert "« modele.pdf » est vide" in text and "Écrivez votre message" not in text
    assert not filed.messages.exists()


def test_a_pdf_with_javascript_is_only_offered_for_download(client, filed, instructor):
    from django.core.files.base import ContentFile

    hostile = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n"
        b"2 0 obj << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> endobj\n%%EOF\n"
    )
    document = filed.documents.filter(action__isnull=True).first()
    document.file.save("script.pdf", ContentFile(hostile))
    client.force_login(instructor)
    page = client.get(
        reverse("review:document_preview", args=[filed.reference, document.pk])
    ).content.decode()
    assert "<iframe" not in page and "Ce PDF contient du code (JavaScript)" in page
    response = client.get(reverse("review:document", args=[filed.reference, document.pk]) + "?apercu")
    assert response["Content-Disposition"].startswith("attachment")
    b"".join(response.streaming_content)
