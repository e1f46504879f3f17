"""The « Actions transversales » section of the bilans: shared by both types of establishment, or marked so."""

from types import SimpleNamespace

from support.bilans import transversal_actions


def _member(name: str, sector: str, *experiments: tuple[str, bool]):
    items = [SimpleNamespace(title=title, transversal=flag) for title, flag in experiments]
    return SimpleNamespace(
        dossier=SimpleNamespace(establishment=SimpleNamespace(display_name=name, sector=sector)),
        experiments=SimpleNamespace(all=lambda: items),
    )


def test_an_action_of_both_types_of_establishment_is_transversal_once_whatever_its_spelling():
    found = transversal_actions(
        [
            _member("Hôpital A", "sanitaire", ("Charte de déconnexion", False)),
            _member("EHPAD B", "medico_social", ("charte de  déconnexion", False)),
        ]
    )
    assert [(f.title, f.establishments) for f in found] == [("Charte de déconnexion", "EHPAD B, Hôpital A")]
    assert found[0].reason == "menée par des établissements sanitaires et médico-sociaux"


def test_an_action_shared_within_one_type_only_is_not_transversal_unless_marked():
    found = transversal_actions(
        [
            _member("Hôpital A", "sanitaire", ("Horaires décalés", False), ("Charte", True)),
            _member("Hôpital C", "sanitaire", ("Horaires décalés", False)),
        ]
    )
    assert [(f.title, f.reason) for f in found] == [
        ("Charte", "signalée comme transversale par l'établissement")
    ]
