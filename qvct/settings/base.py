"""Settings shared by every environment; everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "qvct.apps.BackgroundTasksConfig",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    "qvct",
    "accounts",
    "referential",
    "calls",
    "eligibility",
    "dossiers",
    "review",
    "funding",
    "agreements",
    "monitoring",
    "stats",
    "support",
    "mailing",
    "integrations",
    "api",
    "workspaces",
    "demo",
]

MIDDLEWARE = [
    "qvct.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "qvct.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "qvct.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "qvct.storage.StorageFullMiddleware",
    "qvct.nulchars.NulCharacterMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qvct.urls"
WSGI_APPLICATION = "qvct.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django's admin templates with their last English words in French (the search icon's text).
        "DIRS": [BASE_DIR / "qvct" / "admin_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qvct.context_processors.site",
            ],
            # French amounts and dates (`euros`, `percent`, `date_fr`…) in every template without a load.
            "builtins": ["qvct.templatetags.qvct_format", "dossiers.templatetags.dossier_labels"],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A persistent connection is checked before the request that reuses it: after a database restart, each
        # worker reconnects instead of failing one request with the dead connection (bench/rush.py, restart).
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a background worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 9}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "home"

# Repeated failed logins: after 5 failures for one e-mail from one address, 15 minutes of lock-out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Django's login form names the e-mail field `username`; axes would otherwise look for `email`.
AXES_USERNAME_FORM_FIELD = "username"
# Failures are counted per normalised address: « A@EXEMPLE.FR » and « a@exemple.fr » share one counter.
AXES_USERNAME_CALLABLE = "accounts.addresses.lockout_username"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None

# ProConnect (OpenID Connect) for agents: off unless its client id is configured.
PROCONNECT_ENABLED = bool(os.environ.get("OIDC_RP_CLIENT_ID"))
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.ProConnectBackend")
    OIDC_RP_CLIENT_ID = os.environ["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email given_name usual_name")
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
    OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
    OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
    OIDC_CREATE_USER = False
    OIDC_USE_NONCE = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# French for the words third-party apps leave in English (background tasks in the back office).
LOCALE_PATHS = [BASE_DIR / "qvct" / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Uploaded files live outside any public path; views that check the user's rights serve them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/fichiers/"
STORAGES = {
    "default": {"BACKEND": "qvct.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Larger uploads go to a temporary file that has no name on disk: a request killed mid-upload leaves nothing.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "qvct.uploadhandlers.AnonymousTemporaryFileUploadHandler",
]
# One figure, one unit: 1 Mo = 1 000 000 octets, on every form, page and refusal.
QVCT_UPLOAD_MAX_BYTES = int(os.environ.get("QVCT_UPLOAD_MAX_BYTES", "20000000"))
# Office documents are zip archives: refused before inflating anything when they would expand beyond these.
QVCT_ARCHIVE_MAX_ENTRIES = int(os.environ.get("QVCT_ARCHIVE_MAX_ENTRIES", "5000"))
QVCT_ARCHIVE_MAX_RATIO = int(os.environ.get("QVCT_ARCHIVE_MAX_RATIO", "100"))
QVCT_ARCHIVE_MAX_EXPANDED_BYTES = int(os.environ.get("QVCT_ARCHIVE_MAX_EXPANDED_BYTES", "200000000"))
# The window of dates a user may type (qvct/dates.py): a date outside it is a slip, refused in French.
QVCT_DATES_YEARS_BACK = int(os.environ.get("QVCT_DATES_YEARS_BACK", "10"))
QVCT_DATES_YEARS_AHEAD = int(os.environ.get("QVCT_DATES_YEARS_AHEAD", "5"))
QVCT_COMPLEMENTS_DUE_MAX_DAYS = int(os.environ.get("QVCT_COMPLEMENTS_DUE_MAX_DAYS", "180"))
# Reminders (`qvct remind`, the worker's daily task): complements due within this many days, follow-up reports due
# within this many days (and again once late).
# The file of a list's export is removed this many days after it was written (personal data, downloaded at once).
QVCT_EXPORT_KEEP_DAYS = int(os.environ.get("QVCT_EXPORT_KEEP_DAYS", "7"))
QVCT_COMPLEMENTS_REMINDER_DAYS = int(os.environ.get("QVCT_COMPLEMENTS_REMINDER_DAYS", "2"))
QVCT_REPORT_REMINDER_DAYS = int(os.environ.get("QVCT_REPORT_REMINDER_DAYS", "7"))
# Envelope simulations: HiGHS stops after this many seconds (the result then says the optimum is not proven);
# above this many actions a scenario is computed by the task worker (`qvct db_worker`), its progress shown.
QVCT_ALLOCATION_TIME_LIMIT = float(os.environ.get("QVCT_ALLOCATION_TIME_LIMIT", "60"))
QVCT_SIMULATION_BACKGROUND_ITEMS = int(os.environ.get("QVCT_SIMULATION_BACKGROUND_ITEMS", "500"))
# The dashboards show each call's figures as last computed; older than this many seconds, a reading asks the task
# worker for new ones (0: the figures are computed at every reading, for a small instance).
QVCT_FIGURES_MAX_AGE = int(os.environ.get("QVCT_FIGURES_MAX_AGE", "300"))
# Committee ranking: totals of two members this many points apart (on 20) are flagged as a disagreement.
QVCT_COMMITTEE_SPREAD_ALERT = os.environ.get("QVCT_COMMITTEE_SPREAD_ALERT", "4")
# ClamAV (clamd) scans uploads when one of these is set (again in the background worker when it did not
# answer); files are otherwise marked « non analysé : antivirus non configuré ».
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")
CLAMAV_HOST = os.environ.get("CLAMAV_HOST", "")
CLAMAV_PORT = int(os.environ.get("CLAMAV_PORT", "3310"))
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "30"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Guichet QVCT <ne-pas-repondre@guichet-qvct.example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_AGE = 60 * 60 * 10
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"


# A co-editor invitation's link works this many days, once.
QVCT_INVITATION_DAYS = int(os.environ.get("QVCT_INVITATION_DAYS", "14"))

# Absolute address of the site, for links in e-mails and PDFs.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

SITE_TITLE = "Guichet QVCT"
SITE_TAGLINE = "Appels à candidatures pour l'amélioration des conditions de travail"

# Every line carries the request id (also in the `X-Request-ID` response header); LOG_FORMAT=json writes one JSON
# object per line for a log collector; LOG_LEVEL=INFO adds one line per request (method, path, status, ms).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "qvct.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "qvct.requestid.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mails go through the outbox (mailing): sent by the worker, retried with exponential backoff, then abandoned;
# `qvct send-mail` (cron) sends what a crash or an outage left pending.
QVCT_MAIL_MAX_ATTEMPTS = int(os.environ.get("QVCT_MAIL_MAX_ATTEMPTS", "8"))
QVCT_MAIL_RETRY_SECONDS = int(os.environ.get("QVCT_MAIL_RETRY_SECONDS", "60"))
QVCT_MAIL_RETRY_MAX_SECONDS = int(os.environ.get("QVCT_MAIL_RETRY_MAX_SECONDS", str(6 * 3600)))
# How long a worker may take to send one e-mail before another one may try again.
QVCT_MAIL_LEASE_SECONDS = int(os.environ.get("QVCT_MAIL_LEASE_SECONDS", "600"))
# A batch of letters with no letter written for this long lost its worker: its page offers « Relancer ».
QVCT_BATCH_STALLED_SECONDS = int(os.environ.get("QVCT_BATCH_STALLED_SECONDS", "900"))

# Background work (PDF batches, e-mails): rows in the database, run by `qvct manage db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# The API: personal tokens' validity (days offered on the account page) and requests per user and per period
# (`n/s`, `n/m`, `n/h`, `n/d`), counted in the cache; anonymous requests are counted per address.
API_TOKEN_VALIDITY_DAYS = (30, 90, 365)
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/m")
API_ANONYMOUS_RATE_LIMIT = os.environ.get("API_ANONYMOUS_RATE_LIMIT", "30/m")

# Démarches Simplifiées (API GraphQL v2): the token of an instructor of the démarches, and the API's address.
DS_API_TOKEN = os.environ.get("DS_API_TOKEN", "")
# The DS instructor in whose name decisions are sent back (its GraphQL id).
DS_INSTRUCTEUR_ID = os.environ.get("DS_INSTRUCTEUR_ID", "")
DS_API_URL = os.environ.get("DS_API_URL", "https://www.demarches-simplifiees.fr/api/v2/graphql")
# The DS schema the tests validate every query against (a copy of upstream's app/graphql/schema.graphql).
DS_SCHEMA_PATH = os.environ.get("DS_SCHEMA_PATH", str(BASE_DIR.parent / "shared" / "ds" / "schema.graphql"))
# A sync holds its call's lock this long past its last stored page: a killed sync frees the call after it.
DS_SYNC_LOCK_MINUTES = int(os.environ.get("DS_SYNC_LOCK_MINUTES", "15"))
