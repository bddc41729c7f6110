"""CaseReview settings: one module, driven by environment variables.

See docs/configuration.md for every variable. Local defaults are safe for a
single machine; CASEREVIEW_ENV=production refuses to start without a secret key
and allowed hosts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url

from casereview.core.roles import Role
from casereview.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_storage,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

# Unset means production: a forgotten variable must never give debug pages and a
# development secret key on a real server. script/server sets development, script/test
# (and pytest, which sets PYTEST_VERSION for itself and its subprocesses) test.
ENV = env_choice("CASEREVIEW_ENV", ("development", "test", "production"),
                 "test" if env_str("PYTEST_VERSION") else "production")
PRODUCTION = ENV == "production"

DATA_DIR = env_path("CASEREVIEW_DATA_DIR", REPO_DIR / "data")

_secret = env_str("CASEREVIEW_SECRET_KEY")
if PRODUCTION and not _secret:
    raise ConfigError("CASEREVIEW_SECRET_KEY must be set when CASEREVIEW_ENV=production (50+ random characters)")
if PRODUCTION and _secret and len(_secret) < 50:
    raise ConfigError("CASEREVIEW_SECRET_KEY is too short for production: use at least 50 random characters")
SECRET_KEY = _secret or "casereview-local-development-key-not-for-production-use-0123456789"

DEBUG = env_bool("CASEREVIEW_DEBUG", default=ENV == "development")
if PRODUCTION and DEBUG:
    raise ConfigError("CASEREVIEW_DEBUG must be off when CASEREVIEW_ENV=production: debug pages list every "
                      "URL and setting; unset CASEREVIEW_DEBUG (use CASEREVIEW_ENV=development on your own machine)")

ALLOWED_HOSTS = env_list("CASEREVIEW_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("CASEREVIEW_ALLOWED_HOSTS must be set when CASEREVIEW_ENV=production (comma-separated host names)")
CSRF_TRUSTED_ORIGINS = env_list("CASEREVIEW_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "casereview.core",
    "casereview.accounts",
    "casereview.audit",
    "casereview.reviews",
    "casereview.chronology",
    "casereview.actions",
    "casereview.library",
    "casereview.publishing",
    "casereview.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "casereview.accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "casereview.accounts.middleware.RequireTwoFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "casereview.urls"
WSGI_APPLICATION = "casereview.wsgi.application"

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
                "casereview.core.context_processors.service",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL when DATABASE_URL is set.
_database_url = env_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=env_int("CASEREVIEW_DB_CONN_MAX_AGE", 60))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "casereview.core.sqlite",
            "NAME": DATA_DIR / "casereview.sqlite3",
            # Kept open between requests, as on PostgreSQL: closing the last connection to a WAL database
            # checkpoints and removes the WAL, and a fresh one rebuilds it, which cost about 15 ms a request.
            "CONN_MAX_AGE": env_int("CASEREVIEW_DB_CONN_MAX_AGE", 60),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": env_str("CASEREVIEW_TEST_SQLITE_NAME")},
        }
    }
DATABASES["default"].setdefault("TEST", {})
if env_str("CASEREVIEW_TEST_DB_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = env_str("CASEREVIEW_TEST_DB_NAME")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# django-axes first: it refuses a locked-out username or address before the password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
TESTING = ENV == "test" or bool(env_str("PYTEST_VERSION"))
if TESTING:
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"

STATIC_URL = "/static/"
STATIC_ROOT = env_path("CASEREVIEW_STATIC_ROOT", REPO_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored files: "default" holds agency reports, action evidence and briefing renderings, "private" the
# chronology uploads waiting for a column mapping. Local folders in DATA_DIR unless CASEREVIEW_STORAGE_URL
# names an S3-compatible bucket (docs/operations.md, "Storage"): objects private, never overwritten,
# served through the permissioned views; any signed URL expires after CASEREVIEW_STORAGE_SIGNED_URL_SECONDS.
OBJECT_STORAGE = env_storage("CASEREVIEW_STORAGE_URL")
CASEREVIEW_STORAGE_SIGNED_URL_SECONDS = env_int("CASEREVIEW_STORAGE_SIGNED_URL_SECONDS", 60, minimum=1)
_key_id, _secret_key = env_str("CASEREVIEW_STORAGE_ACCESS_KEY_ID"), env_str("CASEREVIEW_STORAGE_SECRET_ACCESS_KEY")
if bool(_key_id) != bool(_secret_key):
    raise ConfigError("Set both CASEREVIEW_STORAGE_ACCESS_KEY_ID and CASEREVIEW_STORAGE_SECRET_ACCESS_KEY, or neither "
                      "(then the AWS_* variables or the machine's role are used)")
if OBJECT_STORAGE is None:
    _FILE_STORAGES: dict = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                            "private": {"BACKEND": "casereview.core.storage.PrivateFileSystemStorage"}}
else:
    _FILE_STORAGES = OBJECT_STORAGE.storages(signed_url_seconds=CASEREVIEW_STORAGE_SIGNED_URL_SECONDS,
                                             access_key=_key_id, secret_key=_secret_key)
STORAGES = {
    **_FILE_STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/media/"  # never served directly: uploads are sent by permissioned views
# Files kept only for a while and only for one user (chronology uploads waiting for a column mapping).
CASEREVIEW_PRIVATE_DIR = DATA_DIR / "private"
CASEREVIEW_PENDING_UPLOAD_HOURS = env_int("CASEREVIEW_PENDING_UPLOAD_HOURS", 24, minimum=1)
# Report PDFs made by a job for one person, and library files held back for their uploader's check:
# removed by `casereview cleanup_uploads` after these.
CASEREVIEW_REPORT_FILE_HOURS = env_int("CASEREVIEW_REPORT_FILE_HOURS", 24, minimum=1)
CASEREVIEW_HELD_UPLOAD_DAYS = env_int("CASEREVIEW_HELD_UPLOAD_DAYS", 14, minimum=1)
if MEDIA_ROOT.resolve().is_relative_to(STATIC_ROOT.resolve()) or any(
    MEDIA_ROOT.resolve().is_relative_to(Path(d).resolve()) for d in STATICFILES_DIRS
):
    raise ConfigError("CASEREVIEW_DATA_DIR must not be inside the static files folders: uploads would be public")
# Uploads are readable by the service's own user only (other local accounts cannot read them).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
MAX_UPLOAD_BYTES = env_int("CASEREVIEW_MAX_UPLOAD_BYTES", 25 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Library uploads from the browser: files in one upload (a .zip's members count one each), the
# unpacked size of a .zip, and the most a member may expand (a higher ratio is refused as a zip bomb).
CASEREVIEW_MAX_BATCH_FILES = env_int("CASEREVIEW_MAX_BATCH_FILES", 200, minimum=1)
CASEREVIEW_MAX_ZIP_BYTES = env_int("CASEREVIEW_MAX_ZIP_BYTES", 250 * 1024 * 1024, minimum=1024)
CASEREVIEW_MAX_ZIP_RATIO = env_int("CASEREVIEW_MAX_ZIP_RATIO", 100, minimum=2)
# Chronology and action-plan spreadsheets: checked on the upload's size before the file is read.
MAX_SPREADSHEET_BYTES = env_int("CASEREVIEW_MAX_SPREADSHEET_BYTES", 20 * 1024 * 1024, minimum=1024)

# Background jobs: Django's Tasks API (django-tasks backport) with its database backend, so a
# job is a row in the same database (SQLite or PostgreSQL) and `casereview worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A job running this long under a worker on another machine is taken to be abandoned and run again.
CASEREVIEW_JOB_STALE_MINUTES = env_int("CASEREVIEW_JOB_STALE_MINUTES", 60, minimum=1)
# E-mails are sent by jobs; one the mail server refuses is tried this many times in all (1, 5, 15, 60 minutes apart).
CASEREVIEW_EMAIL_ATTEMPTS = env_int("CASEREVIEW_EMAIL_ATTEMPTS", 5, minimum=1)

# Email: console by default so escalations are visible locally.
EMAIL_BACKEND = env_str("CASEREVIEW_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("CASEREVIEW_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CASEREVIEW_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("CASEREVIEW_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("CASEREVIEW_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CASEREVIEW_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("CASEREVIEW_FROM_EMAIL", "casereview@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Domain settings.
CASEREVIEW_CALENDAR = env_choice(
    "CASEREVIEW_CALENDAR", ("england-and-wales", "scotland", "northern-ireland"), "england-and-wales"
)
CASEREVIEW_LCSPR_TARGET_MONTHS = env_int("CASEREVIEW_LCSPR_TARGET_MONTHS", 6, minimum=1)
# Action plans: Amber when due within N days or not updated for M days.
CASEREVIEW_RAG_AMBER_DAYS = env_int("CASEREVIEW_RAG_AMBER_DAYS", 14, minimum=0)
CASEREVIEW_RAG_STALE_DAYS = env_int("CASEREVIEW_RAG_STALE_DAYS", 30, minimum=1)
# Days a drifting action waits at one escalation level before going up to the next.
CASEREVIEW_ESCALATION_INTERVAL_DAYS = env_int("CASEREVIEW_ESCALATION_INTERVAL_DAYS", 7, minimum=1)
# Weeks after a briefing is published before an agency that has recorded no use of it is reminded (once).
CASEREVIEW_DISSEMINATION_REMINDER_WEEKS = env_int("CASEREVIEW_DISSEMINATION_REMINDER_WEEKS", 6, minimum=1)
# `casereview remind` e-mails an agency this many working days before a request falls due.
CASEREVIEW_REMINDER_WORKING_DAYS = env_int("CASEREVIEW_REMINDER_WORKING_DAYS", 3, minimum=0)
# Integrated chronology: a gap with no agency contact longer than this is flagged.
CASEREVIEW_CHRONOLOGY_GAP_DAYS = env_int("CASEREVIEW_CHRONOLOGY_GAP_DAYS", 28, minimum=1)
CASEREVIEW_SERVICE_NAME = env_str("CASEREVIEW_SERVICE_NAME", "CaseReview")
CASEREVIEW_PHASE = env_str("CASEREVIEW_PHASE", "Beta")

# Security: strict in production, relaxed only where local HTTP needs it.
SESSION_COOKIE_HTTPONLY = True
# Sessions end after this many minutes without a request. A request renews the session (database
# row and cookie) when its last renewal is older than CASEREVIEW_SESSION_REFRESH_SECONDS
# (accounts.middleware.SlidingSessionMiddleware), not on every request: one write a minute, not a click.
SESSION_COOKIE_AGE = 60 * env_int("CASEREVIEW_SESSION_IDLE_MINUTES", 30 if PRODUCTION else 8 * 60, minimum=5)
CASEREVIEW_SESSION_REFRESH_SECONDS = env_int("CASEREVIEW_SESSION_REFRESH_SECONDS", 60, minimum=0)
if CASEREVIEW_SESSION_REFRESH_SECONDS > SESSION_COOKIE_AGE // 2:
    raise ConfigError(f"CASEREVIEW_SESSION_REFRESH_SECONDS={CASEREVIEW_SESSION_REFRESH_SECONDS} must be at most half the "
                      f"idle timeout ({SESSION_COOKIE_AGE // 2} s): a session would end while it is being used")
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "casereview.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from our own static
# files, never inline, so an injected <script> or style="" does nothing.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [_SELF],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CASEREVIEW_SSL_REDIRECT", True)
    # A load balancer checks each app server directly, over plain HTTP: /healthz answers there too
    # (it shows only whether the database answers), everything else redirects to https.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("CASEREVIEW_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures a username is locked, and
# so is the address they came from (either alone is enough), for the cool-off period.
AXES_FAILURE_LIMIT = env_int("CASEREVIEW_SIGNIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("CASEREVIEW_SIGNIN_LOCKOUT_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "casereview.accounts.signin.lockout_response"
AXES_VERBOSE = False
# Behind N reverse proxies the client address is the Nth entry from the right of X-Forwarded-For.
CASEREVIEW_TRUSTED_PROXIES = env_int("CASEREVIEW_TRUSTED_PROXIES", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "casereview.accounts.signin.client_address"

# Two-factor sign-in (django-otp, TOTP): users of these roles must set up and use an
# authenticator app. Required for the roles that manage users and publishing in production.
CASEREVIEW_OTP_REQUIRED_ROLES = env_list(
    "CASEREVIEW_OTP_REQUIRED_ROLES", ["partnership_admin", "review_manager"] if PRODUCTION else []
)
_unknown_roles = sorted(set(CASEREVIEW_OTP_REQUIRED_ROLES) - set(Role.values))
if _unknown_roles:
    raise ConfigError(
        f"CASEREVIEW_OTP_REQUIRED_ROLES names unknown role(s) {', '.join(_unknown_roles)}: use {', '.join(Role.values)}"
    )
OTP_TOTP_ISSUER = CASEREVIEW_SERVICE_NAME

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("CASEREVIEW_LOG_LEVEL", "WARNING")},
}
