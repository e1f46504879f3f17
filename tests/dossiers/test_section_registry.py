"""Every section of a dossier has its own route and view: a form section in the registry, or its own page."""

from django.urls import resolve, reverse

from dossiers.sections import TITLES
from dossiers.views import actions, documents, sections
from dossiers.views.sections import FORM_SECTIONS


def test_every_section_resolves_to_its_view():
    views = {key: sections.section for key in FORM_SECTIONS} | {
        "actions": actions.action_list,
        "pieces": documents.document_list,
    }
    assert set(views) == set(TITLES)
    for key, view in views.items():
        match = resolve(reverse("dossiers:section", args=["AAC-2024-0001", key]))
        assert match.func is view
        assert match.kwargs == {"reference": "AAC-2024-0001", "section": key}


def test_an_unknown_section_has_no_route():
    from django.urls import Resolver404

    try:
        resolve("/dossiers/AAC-2024-0001/inconnue/")
    except Resolver404:
        return
    raise AssertionError("/dossiers/<reference>/inconnue/ should not resolve")
