"""Convention templates: a sandboxed language over the dossier's values, checked in French when saved and used."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from agreements import services
from agreements.convention_template import (
    ConventionTemplateError,
    check_convention_template,
    render_convention_template,
)
from agreements.models import Convention, ConventionTemplate
from dossiers.models import Dossier
from dossiers.services import DossierError
from funding import notifications
from funding import services as funding
from tests.qvct.test_pdf import pdf_text

pytestmark = pytest.mark.django_db

AFTER = dt.date(2024, 10, 11)
FAILS_AT_RENDER = "{% for titre, montant in actions %}{{ titre }}{% endfor %}"


@pytest.fixture
def notified(clact, chosen, campaign, manager):
    funding.decisions_prepare(scenario=chosen, user=manager)
    funding.decisions_validate(scenario=chosen, user=manager)
    notifications.notifications_launch(call=clact, user=manager, today=AFTER)
    return [Dossier.objects.get(pk=d.pk) for d in campaign]


def _attack(url: str, secret) -> str:
    return (
        f'<link rel="attachment" href="file://{secret}"><link rel="attachment" href="file:///proc/self/environ">'
        f'<style>@import url("{url}/import.css");</style><img src="{url}/image.png">'
        "<p>Convention {{ dossier }}</p>"
    )


def _admin_add(client, clact, body: str):
    return client.post(reverse("admin:agreements_conventiontemplate_add"), {"call": clact.pk, "body": body})


def test_a_template_reading_files_or_urls_is_refused_in_the_back_office(
    client,
    clact,
    manager,
    listener,
    tmp_path,
):
    url, hits = listener
    client.force_login(manager)
    response = _admin_add(client, clact, _attack(url, tmp_path / "db.sqlite3"))
    assert response.status_code == 200
    assert "Ce modèle ne peut pas être utilisé : l&#x27;élément &lt;link&gt; n&#x27;est pas permis" in (
        response.content.decode()
    )
    assert not ConventionTemplate.objects.exists() and hits == []


def test_a_stored_template_reading_files_or_urls_makes_no_convention_and_fetches_nothing(
    clact,
    notified,
    manager,
    listener,
    tmp_path,
):
    url, hits = listener
    secret = tmp_path / "db.sqlite3"
    secret.write_text("marqueur-secret")
    ConventionTemplate.objects.create(call=clact, body=_attack(url, secret))
    with pytest.raises(DossierError, match="modèle de convention de l'appel est invalide : l'élément <link>"):
        services.conventions_generate(call=clact, user=manager, today=AFTER)
    assert not Convention.objects.exists() and hits == []


def test_even_unchecked_html_in_a_convention_fetches_and_embeds_nothing(
    clact,
    notified,
    manager,
    listener,
    tmp_path,
):
    url, hits = listener
    secret = tmp_path / "db.sqlite3"
    secret.write_text("marqueur-secret")
    dossier = notified[0]
    decisions = [d for d in dossier.decisions.select_related("action") if d.granted > 0]
    body = _attack(url, secret).replace("{{ dossier }}", dossier.reference)
    html = services.convention_html(dossier, decisions, "<p>x</p>").replace("<p>x</p>", body)
    pdf = services.render_pdf(html)
    content = pdf_text(pdf)
    assert hits == [] and b"marqueur-secret" not in content and b"/EmbeddedFile" not in content


def test_a_template_failing_at_render_time_is_refused_in_french_in_the_back_office(client, clact, manager):
    client.force_login(manager)
    response = _admin_add(client, clact, FAILS_AT_RENDER)
    assert response.status_code == 200
    assert "ne peut pas être rendu avec les valeurs d&#x27;un dossier" in response.content.decode()
    assert not ConventionTemplate.objects.exists()


def test_a_template_failing_at_render_time_is_refused_in_french_when_generating(clact, notified, manager):
    ConventionTemplate.objects.create(call=clact, body=FAILS_AT_RENDER)
    with pytest.raises(DossierError, match="ne peut pas être rendu avec les valeurs d'un dossier"):
        services.conventions_generate(call=clact, user=manager, today=AFTER)
    assert not Convention.objects.exists()


def test_a_failing_template_gives_the_manager_a_french_message_on_the_conventions_page(
    client, clact, notified, manager
):
    ConventionTemplate.objects.create(call=clact, body=FAILS_AT_RENDER)
    client.force_login(manager)
    response = client.post(reverse("agreements:call", args=[clact.code]), follow=True)
    assert "ne peut pas être rendu avec les valeurs d&#x27;un dossier" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% load static %}", "la balise « load » n'est pas permise"),
        ("{% include 'base.html' %}", "la balise « include » n'est pas permise"),
        ("{% url 'home' %}", "la balise « url » n'est pas permise"),
        ("{% debug %}", "la balise « debug » n'est pas permise"),
        ("{{ appel|safe }}", "le filtre « safe » n'est pas permis"),
        ("{{ request.user }}", "« request » n'est pas une valeur connue du dossier"),
        ("{{ appel.__class__ }}", "un nom ne peut pas commencer par « _ »"),
        ("{% for a in actions %}{{ a.dossier }}{% endfor %}", "« a.dossier » n'est pas une valeur connue"),
        ("\n{% if montant %}", "ligne 2 : la balise « if » n'est pas fermée"),
        ('<p style="background: url(x.png)">', "le style de <p> ne peut pas charger de ressource"),
        ('<a href="file:///etc/passwd">x</a>', "l'attribut « href » de <a> n'est pas permis"),
    ],
)
def test_tags_filters_and_values_outside_the_allowlist_are_refused_in_french(body, message):
    with pytest.raises(ConventionTemplateError, match=message):
        check_convention_template(body)


def test_values_are_escaped():
    assert (
        render_convention_template("{{ appel }}", {"appel": "<b>A & B</b>"}) == "&lt;b&gt;A &amp; B&lt;/b&gt;"
    )


def test_the_shipped_default_and_templates_of_the_former_language_still_render():
    check_convention_template(services.default_body())
    former = (
        "<h1>Convention {{ appel }}</h1><p>{{ etablissement }} (FINESS {{ finess }}{% if siret %}, SIRET "
        "{{ siret }}{% endif %})</p><table>{% for action in actions %}<tr><td>{{ action.titre }}</td>"
        "<td>{{ action.montant }}</td></tr>{% endfor %}</table><ul>{% for action in actions %}{% for indicateur "
        "in action.indicateurs %}<li>{{ indicateur }}</li>{% endfor %}{% endfor %}</ul>"
        "<p>« {{ mention_financement }} » {{ date_limite_consommation }}</p>"
    )
    check_convention_template(former)


def test_the_back_office_form_documents_the_values_in_french(client, clact, manager):
    client.force_login(manager)
    page = client.get(reverse("admin:agreements_conventiontemplate_add")).content.decode()
    for expected in ("{{ etablissement }}", "{{ action.montant }}", "{{ modalites_versement }}", "{% if"):
        assert expected in page, expected


def test_stored_copies_of_the_former_text_show_the_communication_article_only_when_the_call_has_a_mention(
    clact,
):
    migration = importlib.import_module("agreements.migrations.0003_stored_templates_take_the_calls_mention")
    stored = ConventionTemplate.objects.create(
        call=clact, body=f"<p>Avant</p>\n{migration.FORMER}\n<p>Après</p>"
    )
    migration.forwards(apps, None)
    body = ConventionTemplate.objects.get(pk=stored.pk).body
    assert "Communication" not in render_convention_template(body, {"mention_financement": ""})
    with_mention = render_convention_template(body, {"mention_financement": "Avec le soutien de l'ARS"})
    assert "« Avec le soutien de l&#x27;ARS »" in with_mention
