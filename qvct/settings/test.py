"""Settings for the test suite: fast hashing, e-mails kept in memory, failures on template mistakes."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import TEMPLATES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789-abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="qvct-test-media-"))
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "qvct.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _InvalidVariable(str):
    """Makes any unknown template variable fail the test that renders it."""

    def __mod__(self, other):
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")

    def __bool__(self):
        return False


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _InvalidVariable("%s")

# Static files straight from the apps, as in development: no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A file, not the shared in-memory database: SQLite then waits for a lock (busy timeout) as it does in
# the demo, instead of failing at once, and concurrency tests see the real behaviour.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}  # noqa: F405

# Figures computed at every reading: a test reads what it just wrote (tests/stats/test_figures.py sets an age).
QVCT_FIGURES_MAX_AGE = 0

# Tests run background tasks at once, in the test's thread.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
