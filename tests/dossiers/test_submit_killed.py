"""A process killed in the middle of a filing leaves the dossier as it was: a filing is complete or absent."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from dossiers import services
from dossiers.enums import DossierStatus, EventKind
from dossiers.models import Dossier, DossierEvent
from mailing.models import OutboxMessage
from tests.dossiers.builders import complete_clact

ROOT = Path(__file__).resolve().parents[2]

# Files the dossier in a separate process and kills it (no cleanup, no rollback by Python) right after the
# status changed and before the receipt is queued: the database alone must undo the half-done filing.
KILLER = """
import os, django
django.setup()
from dossiers import services
from dossiers.models import Dossier
from accounts.models import User
def killed(dossier):
    os._exit(9)
services.receipt_send = killed
dossier = Dossier.objects.get(pk={pk})
services.dossier_submit(dossier=dossier, user=User.objects.get(pk={user}))
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    login = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_filing_leaves_no_half_filed_dossier(dossier, porteur):
    complete_clact(dossier, porteur)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qvct.settings.test",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", KILLER.format(pk=dossier.pk, user=porteur.pk)], env=env, cwd=ROOT, timeout=120
    )
    assert result.returncode == 9
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == DossierStatus.DRAFT and dossier.submitted_at is None
    assert not DossierEvent.objects.filter(dossier=dossier, kind=EventKind.TRANSITION).exists()
    assert not OutboxMessage.objects.exists()
    # And the porteur files it again, completely.
    filed, now = services.dossier_submit(dossier=dossier, user=porteur)
    assert now and filed.status == DossierStatus.SUBMITTED
    assert DossierEvent.objects.filter(dossier=dossier, transition="submit").count() == 1
