import pytest


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """The review tests see the e-mails sent on commit at once (the shared fixtures are in tests/conftest.py)."""
