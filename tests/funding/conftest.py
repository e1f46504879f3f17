import pytest


@pytest.fixture(autouse=True)
def _on_commit_now(on_commit_now):
    """The funding tests see the e-mails sent on commit at once (the campaign fixtures are in tests/conftest.py)."""
