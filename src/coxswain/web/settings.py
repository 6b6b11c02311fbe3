# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Settings of the Coxswain web app.

Development defaults; production mode when ``COXSWAIN_PRODUCTION=1`` (or use the
``coxswain.web.settings_production`` module, which sets it). Environment variables:

- ``DATABASE_URL``: a database URL (``postgres://…``); default SQLite at ``COXSWAIN_DB``
  (default ``var/coxswain.sqlite3`` under the working directory), in WAL mode with
  IMMEDIATE transactions.
- ``COXSWAIN_SECRET_KEY`` (required in production), ``COXSWAIN_ALLOWED_HOSTS`` (comma-separated),
  ``COXSWAIN_EMAIL_URL``-free SMTP settings: ``COXSWAIN_EMAIL_HOST``, ``_PORT``, ``_USER``,
  ``_PASSWORD``, ``_TLS``; without a host, e-mail goes to the console.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from coxswain.tempfiles import upload_spool

BASE_DIR = Path(__file__).resolve().parent
PRODUCTION = os.environ.get("COXSWAIN_PRODUCTION", "") == "1"
DEBUG = not PRODUCTION and os.environ.get("COXSWAIN_DEBUG", "1") == "1"

_DEV_KEY = "coxswain-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("COXSWAIN_SECRET_KEY", "" if PRODUCTION else _DEV_KEY)
if PRODUCTION and len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("production mode needs COXSWAIN_SECRET_KEY (50+ random characters)")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "COXSWAIN_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja's own templates and static files: /api/docs serves Swagger UI from the
    # package (ninja/static), not from a CDN, under the strict CSP.
    "ninja",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "coxswain.web.accounts",
    "coxswain.web.strategy",
    "coxswain.web.checkins",
    "coxswain.web.insights",
    "coxswain.web.api",
    "coxswain.web.backtests",
    "coxswain.web.collab",
    "coxswain.web.scenarios",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coxswain.web.security.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "coxswain.web.accounts.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "coxswain.web.urls"
WSGI_APPLICATION = "coxswain.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coxswain.web.accounts.context.organisation",
                "coxswain.web.collab.context.notifications",
                "coxswain.web.insights.context.locale",
            ],
        },
    }
]

_SQLITE_PATH = Path(os.environ.get("COXSWAIN_DB", "var/coxswain.sqlite3"))
_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=20000; PRAGMA temp_store=MEMORY;"
    ),
}
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(_SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(_SQLITE_PATH),
            "OPTIONS": dict(_SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insights:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after two weeks, or at browser close in production, and after 8 idle hours.
SESSION_COOKIE_AGE = int(os.environ.get("COXSWAIN_SESSION_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling: this many failures per username and IP lock that pair for LOCKOUT seconds.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only for `collectstatic` (a proxy serving the files itself); WhiteNoise needs no copy.
STATIC_ROOT = (
    Path(os.environ["COXSWAIN_STATIC_ROOT"]) if os.environ.get("COXSWAIN_STATIC_ROOT") else None
)
# WhiteNoise serves the static files from the package itself (no collectstatic step), in
# development and production alike; it indexes them once at start-up.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: workbooks up to COXSWAIN_MAX_UPLOAD bytes (default 50 MB; a per-organisation
# limit, each upload) go to a temporary file.
COXSWAIN_MAX_UPLOAD = int(os.environ.get("COXSWAIN_MAX_UPLOAD", str(50 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The limit is enforced while the body is received (coxswain.web.uploads), before any
# temporary file grows past it.
FILE_UPLOAD_HANDLERS = [
    "coxswain.web.uploads.LimitedUpload",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# larger uploads spool to disk there: a private subfolder, swept at start (coxswain.tempfiles)
FILE_UPLOAD_TEMP_DIR = str(upload_spool())


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


# Interrupted analyses: a running analysis writes a heartbeat every HEARTBEAT seconds; one
# whose heartbeat is older than STALE seconds (its worker was killed, or its machine stopped)
# is marked failed by the sweep that `coxswain serve` and `coxswain worker` run every SWEEP
# seconds (and at start-up).
COXSWAIN_RUN_HEARTBEAT_SECONDS = _env_int("COXSWAIN_RUN_HEARTBEAT_SECONDS", 10)
COXSWAIN_RUN_STALE_SECONDS = _env_int("COXSWAIN_RUN_STALE_SECONDS", 45)
COXSWAIN_RUN_SWEEP_SECONDS = _env_int("COXSWAIN_RUN_SWEEP_SECONDS", 10)

# Per-organisation limits (docs/web.md): the bytes an organisation may keep stored (its
# evidence tables and stored analysis reports), the analyses it may have queued or running at
# once, and sign-ups per client address and hour.
COXSWAIN_MAX_STORED_BYTES = _env_int("COXSWAIN_MAX_STORED_BYTES", 500 * 1024 * 1024)
COXSWAIN_MAX_CONCURRENT_ANALYSES = _env_int("COXSWAIN_MAX_CONCURRENT_ANALYSES", 2)
# A backtest replays the analysis in this many processes (0: one per core).
COXSWAIN_BACKTEST_WORKERS = _env_int("COXSWAIN_BACKTEST_WORKERS", 0)
# A scenario comparison simulates this many futures per scenario (docs/scenarios.md).
COXSWAIN_SCENARIO_PATHS = _env_int("COXSWAIN_SCENARIO_PATHS", 10_000)
COXSWAIN_SIGNUPS_PER_HOUR = _env_int("COXSWAIN_SIGNUPS_PER_HOUR", 5)
# Under another WSGI server than `coxswain serve` (whose --trusted-proxy makes waitress put the
# client's address in REMOTE_ADDR): the address of the HTTPS proxy in front. Only a request
# from there has its X-Forwarded-For believed, for the sign-up limit.
COXSWAIN_TRUSTED_PROXY = os.environ.get("COXSWAIN_TRUSTED_PROXY", "")

# Two-factor sign-in (TOTP): "optional" (anyone may turn it on under Settings) or "required"
# (owners must turn it on before they can use the app).
COXSWAIN_OWNER_2FA = os.environ.get("COXSWAIN_OWNER_2FA", "optional")
OTP_TOTP_ISSUER = "Coxswain"

if os.environ.get("COXSWAIN_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["COXSWAIN_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("COXSWAIN_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("COXSWAIN_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("COXSWAIN_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("COXSWAIN_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("COXSWAIN_FROM_EMAIL", "coxswain@localhost")
COXSWAIN_BASE_URL = os.environ.get("COXSWAIN_BASE_URL", "http://127.0.0.1:8000")

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("COXSWAIN_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    CSRF_TRUSTED_ORIGINS = [
        o.strip()
        for o in os.environ.get("COXSWAIN_CSRF_TRUSTED_ORIGINS", "").split(",")
        if o.strip()
    ]

# The test suite (tests/web/conftest.py sets COXSWAIN_TESTING=1): tasks run at once, fast hashing.
if os.environ.get("COXSWAIN_TESTING") == "1":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    COXSWAIN_DB_TEST = True
    COXSWAIN_BACKTEST_WORKERS = 1
    COXSWAIN_SCENARIO_PATHS = 2_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_in_one_line": {"()": "coxswain.web.log_filters.ClientErrorsWithoutTraceback"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "coxswain": {"handlers": ["console"], "level": "INFO"},
        # refusals in one line, server errors with their traceback
        "django.request": {"filters": ["client_errors_in_one_line"]},
    },
}

# The example workbooks (a source checkout's examples/): the sample data of the start
# wizard's first analysis; without them the wizard offers only the owner's own workbook.
COXSWAIN_EXAMPLES = os.environ.get(
    "COXSWAIN_EXAMPLES", str(BASE_DIR.parent.parent.parent / "examples")
)
