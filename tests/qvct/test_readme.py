"""The README tells what the software does today, what it needs, and names the demo's calls."""

import datetime as dt
from pathlib import Path

from calls.definition_files import load_definition_file, shipped_definition_files
from demo.call import demo_call_definition

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_the_four_calls_of_the_demo():
    titles = [load_definition_file(path).short_title for path in shipped_definition_files()]
    titles.append(demo_call_definition(dt.date(2026, 11, 23)).short_title)
    assert len(titles) == 4
    for title in titles:
        assert title in README, title


def test_the_readme_says_make_and_the_package_index_are_needed():
    assert "Il faut Python 3.11, `make` et un accès à l'index des paquets" in README


def test_the_readme_says_make_demo_starts_again_and_how_to_keep_data():
    assert "efface la base de démonstration" in README
    assert "Pour garder vos données" in README and "make serve" in README


def test_the_readme_promises_nothing_the_software_does_not_do_yet():
    assert "tableaux de bord, exports, API et import depuis Démarches" not in README
    assert "ne fait pas encore l'import d'un tableur de dossiers" not in README
    assert "qvct import" in README and "qvct backup" in README
    assert "ne fait pas encore les tableaux de bord" not in README


def test_the_readme_says_the_api_exists_with_its_openapi_document():
    assert "/api/v1/openapi.json" in README and "Jetons d'API" in README


def test_the_readme_says_the_follow_up_after_the_convention_exists():
    assert "le suivi après la convention" in README and "reprise des crédits non consommés" in README
