"""The one settings module of SEPAKAT, read from the environment.

With no variable set, SEPAKAT runs on SQLite with its files in ``./sepakat-data``.

Importing this module writes nothing: the data folder and the development secret key file
are made by :func:`prepare_data_dir`, which the ``sepakat`` command and the WSGI entry point
call before they start (so that a test run or a ``django-admin`` call never leaves files in
the working folder).

Variables:
    SEPAKAT_PRODUCTION   1 switches on production settings (DEBUG off, secure cookies, HSTS)
    SEPAKAT_SECRET_KEY   required in production; otherwise generated once into the data folder
    SEPAKAT_DATA_DIR     folder for the SQLite database, uploads and Parquet microdata
    SEPAKAT_ALLOWED_HOSTS  comma-separated host names (production)
    SEPAKAT_REFERENCE_DIR  folder of public reference data used by tests and benchmarks
    DATABASE_URL         e.g. postgres://user:pass@127.0.0.1:5432/sepakat
    SEPAKAT_TRUSTED_PROXIES  comma-separated addresses/networks of reverse proxies whose
                         X-Forwarded-For is believed (none by default)
    SEPAKAT_CACHE_URL    where computed analyses are cached: redis://127.0.0.1:6379/0 (needs the
                         ``redis`` extra); by default a folder of the data folder, which every
                         server process shares; ``off`` computes every page afresh
    SEPAKAT_EMAIL_URL    not used yet; e-mail goes through Django's EMAIL_* variables below
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sepakat.core.clientip import parse_networks
from sepakat.env import EnvironmentError_, env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent

PRODUCTION = env_bool("SEPAKAT_PRODUCTION", False)
# Debug pages show code and URL patterns: on only when a developer asks for it, never on
# a server that users reach (the demo included).
DEBUG = env_bool("SEPAKAT_DEBUG", False) and not PRODUCTION

DATA_DIR = env_path("SEPAKAT_DATA_DIR", Path.cwd() / "sepakat-data")
MEDIA_ROOT = DATA_DIR / "files"
MEDIA_URL = "/files/"
MICRODATA_DIR = DATA_DIR / "microdata"

REFERENCE_DIR = env_path("SEPAKAT_REFERENCE_DIR", Path.cwd().parent / "shared" / "reference")


def _secret_key() -> tuple[str, bool]:
    """The key, and whether it was generated here (and so belongs in the key file)."""
    key = env_str("SEPAKAT_SECRET_KEY")
    if key:
        return key, False
    if PRODUCTION:
        raise EnvironmentError_("SEPAKAT_SECRET_KEY must be set when SEPAKAT_PRODUCTION=1")
    # Development: one random key per data folder, kept beside the database so that
    # sessions survive a restart and no key is ever written into the code. The file is
    # written by prepare_data_dir(); until then the key lives in this process's environment,
    # which its children (gunicorn's workers, the task worker) inherit, so they agree on it.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip(), False
    key = secrets.token_urlsafe(50)
    os.environ["SEPAKAT_SECRET_KEY"] = key
    return key, True


SECRET_KEY, _SECRET_KEY_GENERATED = _secret_key()


def prepare_data_dir() -> None:
    """Make the data folder (and, outside production, keep the secret key in it).

    Called when a command or the server starts, never at import."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    STATIC_ROOT.mkdir(exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if _SECRET_KEY_GENERATED and not key_file.exists():
        key_file.write_text(SECRET_KEY)
        key_file.chmod(0o600)


ALLOWED_HOSTS = env_list(
    "SEPAKAT_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("SEPAKAT_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "django_tasks_db",
    "sepakat.core",
    "sepakat.regions",
    "sepakat.accounts",
    "sepakat.datahub",
    "sepakat.budgeting",
    "sepakat.analysis",
    "sepakat.priorities",
    "sepakat.planning",
    "sepakat.monitoring",
    "sepakat.library",
    "sepakat.access",
    "sepakat.training",
    "sepakat.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sepakat.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sepakat.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "sepakat.accounts.middleware.AccountStillValidMiddleware",
    # axes must be last: it turns a lockout into our own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sepakat.urls"
WSGI_APPLICATION = "sepakat.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sepakat.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sepakat.sqlite3'}"),
        conn_max_age=env_int("SEPAKAT_DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        # A kept connection is checked before reuse, so a restarted database server costs
        # one reconnection, not an error page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Reverse proxies (nginx in front of the server) whose X-Forwarded-For names the client; see
# sepakat.core.clientip. Empty: the server faces the network and REMOTE_ADDR is the client.
try:
    SEPAKAT_TRUSTED_PROXIES = parse_networks(env_list("SEPAKAT_TRUSTED_PROXIES"))
except ValueError as exc:
    raise EnvironmentError_(f"SEPAKAT_TRUSTED_PROXIES: {exc}") from exc

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout: five wrong passwords for one user name from one address lock that pair for
# 30 minutes; a locked user is told how long and whom to ask.
AXES_FAILURE_LIMIT = env_int("SEPAKAT_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SEPAKAT_LOGIN_COOLOFF_MINUTES", 30) / 60
# The pair, not the user name alone: otherwise anyone anywhere could lock any planner out by
# guessing wrong five times. Behind a proxy the address is the real client's (below).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sepakat.core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sepakat.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "SEPAKAT"

AUDITLOG_INCLUDE_ALL_MODELS = False

# Computed analyses (dashboard, indicator analysis, map, decile profile) are cached per
# region, year and indicator, shared by every server process, and invalidated when verified
# data change (sepakat/datahub/generations.py). A folder in the data folder needs nothing
# installed and survives restarts; Redis, when configured, is faster on a busy server.
CACHE_URL = env_str("SEPAKAT_CACHE_URL", "")
if (
    CACHE_URL
    and CACHE_URL != "off"
    and not CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
):
    raise EnvironmentError_(
        f"SEPAKAT_CACHE_URL={CACHE_URL!r}: only redis://, rediss://, unix:// or "
        "off is understood; leave it empty to cache in the data folder."
    )
if CACHE_URL and CACHE_URL != "off":
    # Said at start, not at the first page a user opens.
    try:
        import redis  # noqa: F401
    except ImportError:
        raise EnvironmentError_(
            f"SEPAKAT_CACHE_URL={CACHE_URL!r} names Redis, but the redis package is not "
            "installed: pip install 'sepakat[redis]', or leave SEPAKAT_CACHE_URL empty."
        ) from None
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "analysis": (
        {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
        if CACHE_URL == "off"
        else {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            # Two installations (a region's test and production sites) may share a Redis
            # server: the database they read names their entries, so neither sees the other's.
            "KEY_PREFIX": "sepakat-"
            + hashlib.sha256(
                f"{DATABASES['default'].get('HOST')}|{DATABASES['default'].get('NAME')}".encode()
            ).hexdigest()[:12],
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "analysis"),
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
        }
    ),
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("SEPAKAT_TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = env_str(
    "SEPAKAT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("SEPAKAT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SEPAKAT_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("SEPAKAT_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("SEPAKAT_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("SEPAKAT_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SEPAKAT_FROM_EMAIL", "SEPAKAT <sepakat@localhost>")
# The address users reach SEPAKAT at, for links in e-mails sent outside a request
# (reminders, invitations sent by the daily job).
SEPAKAT_SITE_URL = env_str("SEPAKAT_SITE_URL", "http://127.0.0.1:8000")
# Whom a refused user is told to contact (expired account, lockout).
SEPAKAT_SUPPORT_CONTACT = env_str(
    "SEPAKAT_SUPPORT_CONTACT", "Sekretariat SEPAKAT, Direktorat PKKS Bappenas (sepakat@localhost)"
)

# The official who signs the certificates and the access response letters, and the place
# of issue printed before the date. Left empty, the documents print a dotted line for a wet
# signature and the NIP.
SEPAKAT_SIGNATORY_TITLE = env_str(
    "SEPAKAT_SIGNATORY_TITLE", "Direktur Penanggulangan Kemiskinan dan Kesejahteraan Sosial"
)
SEPAKAT_SIGNATORY_NAME = env_str("SEPAKAT_SIGNATORY_NAME")
SEPAKAT_SIGNATORY_NIP = env_str("SEPAKAT_SIGNATORY_NIP")
SEPAKAT_SIGNATORY_PLACE = env_str("SEPAKAT_SIGNATORY_PLACE", "Jakarta")

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_AGE = env_int("SEPAKAT_SESSION_HOURS", 10) * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SEPAKAT_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SEPAKAT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading commits every subdomain of the government domain to HTTPS in browsers
    # for good: the operator's decision, off unless asked for.
    SECURE_HSTS_PRELOAD = env_bool("SEPAKAT_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SEPAKAT_LOG_LEVEL", "WARNING")},
}
