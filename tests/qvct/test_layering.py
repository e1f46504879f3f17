"""The pure engines stay free of Django, so the CLI, the web, the API and the imports share them as they are."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PURE_MODULES = (
    "eligibility.engine",
    "eligibility.catalog",
    "eligibility.cli",
    "funding.allocation",
    "funding.allocation_input",
    "funding.cli",
    "review.grid",
    "calls.definition_files",
    "qvct.months",
    "monitoring.recovery",
    "monitoring.schedule",
    "support.cohorts",
)


def test_importing_the_engines_loads_no_django_module():
    probe = (
        "import importlib, sys\n"
        f"for name in {PURE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(' '.join(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert result.stdout.strip() == ""


# The domain apps from the top floor down: an app imports only apps below it (or on its own floor).
DOMAIN_FLOORS = (
    ("support",),
    ("monitoring",),
    ("agreements",),
    ("funding",),
    ("review",),
    ("dossiers",),
    ("accounts",),
    ("eligibility",),
    ("calls",),
    ("referential", "mailing"),
)
# Above every domain app: the web layer of the role workspaces and the demo data set. No domain app imports them.
ABOVE = ("workspaces", "demo")
# The project package: settings, URLs and the `qvct` command on top, shared base modules underneath.
PROJECT = ("qvct",)
FLOOR = {app: level for level, apps in enumerate(DOMAIN_FLOORS) for app in apps}


def _imports(app: str):
    """(module path, line, imported app) for every import of another project app, function-local ones included."""
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                target = name.split(".")[0]
                if target != app and (target in FLOOR or target in ABOVE):
                    yield path.relative_to(ROOT), node.lineno, target


def test_every_project_app_has_its_place_in_the_layering():
    from django.conf import settings

    project_apps = {name for name in settings.INSTALLED_APPS if (ROOT / name / "apps.py").exists()}
    assert project_apps - set(FLOOR) - set(ABOVE) - set(PROJECT) == set()


def test_no_domain_app_imports_the_demo_or_the_workspaces():
    upward = [
        f"{path}:{line} imports {target}"
        for app in FLOOR
        for path, line, target in _imports(app)
        if target in ABOVE
    ]
    assert upward == []


# Known upward reads, each with its reason; no other may appear. The follow-up (monitoring) sits above the
# conventions it follows, yet three lower apps show what it knows: to be replaced by a read model they own.
READS_UP = {
    (
        "dossiers",
        "monitoring",
    ): "the rule engine's history and the renewal picker read earlier funded actions",
    (
        "review",
        "monitoring",
    ): "the instructor's page shows earlier conventions; report reminders join `qvct remind`",
    ("funding", "monitoring"): "decisions, letters and the simulation deduct the recoveries of earlier calls",
}


def test_domain_apps_import_only_the_apps_below_them():
    upward = [
        f"{path}:{line} imports {target}"
        for app in FLOOR
        for path, line, target in _imports(app)
        if target in FLOOR and FLOOR[target] < FLOOR[app] and (app, target) not in READS_UP
    ]
    assert upward == []


def test_every_known_upward_read_is_still_needed():
    found = {(app, target) for app in FLOOR for _, _, target in _imports(app) if (app, target) in READS_UP}
    assert found == set(READS_UP)
