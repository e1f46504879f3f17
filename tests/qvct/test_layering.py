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
    ("stats", "integrations", "support"),
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
# Above every domain app: the web layer of the role workspaces, the API and the demo data set. No domain app imports them.
ABOVE = ("workspaces", "demo", "api")
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


# Apps below read what the follow-up knows through ports they declare (`dossiers/earlier.py`,
# `funding/recoveries.py`), provided by `MonitoringConfig.ready`: no domain app imports an app above it.
def test_domain_apps_import_only_the_apps_below_them():
    upward = [
        f"{path}:{line} imports {target}"
        for app in FLOOR
        for path, line, target in _imports(app)
        if target in FLOOR and FLOOR[target] < FLOOR[app]
    ]
    assert upward == []


PROJECT_APPS = sorted(set(FLOOR) | set(ABOVE) | set(PROJECT))


def _local_imports():
    """(path, line, statement) of every import inside a function, with the comment lines just above it."""
    for app in PROJECT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            source = path.read_text(encoding="utf-8")
            lines = source.splitlines()
            for function in ast.walk(ast.parse(source)):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        yield path.relative_to(ROOT), node.lineno, function.name, lines[: node.lineno]


def test_function_local_imports_are_only_where_a_cycle_or_the_app_registry_demands_it():
    unexplained = []
    for path, line, function, before in _local_imports():
        if function == "ready":  # AppConfig.ready: models may be imported only once the apps are loaded
            continue
        # The reason sits on the import's line or in the comment lines just above the block of imports.
        context = []
        for text in reversed(before):
            stripped = text.strip()
            if not (stripped.startswith(("#", "from ", "import ")) or text is before[-1]):
                break
            context.append(stripped)
        if not any("cycle" in text for text in context):
            unexplained.append(f"{path}:{line} in {function}()")
    assert unexplained == []


MODULE_LINES = 400


def test_no_module_of_the_project_is_over_400_lines():
    """Big rooms are split as their shapes suggest; data lives in data files, tests and migrations aside."""
    big = [
        f"{path.relative_to(ROOT)}: {lines} lignes"
        for app in [*PROJECT_APPS, "bench"]
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    ]
    assert big == []
