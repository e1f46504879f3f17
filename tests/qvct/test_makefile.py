"""`make demo` starts again from an empty demo each time and serves on `PORT=`, with e-mail links that follow."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The suite itself runs under `make test`: what that make passes down must not leak into the make under test.
CLEAN_ENV = {
    k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SITE_URL", "PORT"}
}

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make est absent de cette machine")


def _dry_run(*args: str) -> str:
    return subprocess.run(
        ["make", "-n", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=CLEAN_ENV,
    ).stdout


def test_make_demo_removes_the_previous_demo_database_and_files_before_loading():
    commands = _dry_run("demo")
    removal = commands.index("rm -rf db.sqlite3")
    assert "var/media" in commands.splitlines()[commands[:removal].count("\n")]
    assert removal < commands.index("qvct migrate") < commands.index("qvct demo")


def test_make_demo_serves_on_the_port_given_and_site_url_follows_it():
    commands = _dry_run("demo", "PORT=8123")
    assert "runserver 127.0.0.1:8123" in commands
    assert "http://127.0.0.1:8123" in commands
    served = subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "-", "show", "PORT=8123"],
        cwd=ROOT,
        env=CLEAN_ENV,
        input="include Makefile\nshow:\n\t@echo $(SITE_URL)\n",
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert served.strip() == "http://127.0.0.1:8123"


def test_make_serve_keeps_the_data():
    assert "rm " not in _dry_run("serve")


def test_make_demo_port_wins_over_a_site_url_left_in_the_environment_by_a_parent_make():
    commands = subprocess.run(
        ["make", "-n", "--no-print-directory", "demo", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**CLEAN_ENV, "MAKELEVEL": "1"},
    ).stdout
    assert "SITE_URL=http://127.0.0.1:8123" in commands
