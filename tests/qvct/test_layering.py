"""The pure engines stay free of Django, so the CLI, the web, the API and the imports share them as they are."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PURE_MODULES = (
    "eligibility.engine",
    "eligibility.catalog",
    "eligibility.cli",
    "funding.allocation",
    "funding.cli",
    "review.grid",
    "calls.definition_files",
    "qvct.months",
    "monitoring.recovery",
    "monitoring.schedule",
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
