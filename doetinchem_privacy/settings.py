"""Settings for the social-domain case system of gemeente Doetinchem.

One module; production differs from development by environment variables only (see
.env.example, which lists every variable read here). Without DATABASE_URL and REDIS_URL the
application runs on an embedded default: a SQLite file and kombu's file-system transport
under var/, which is for the one-command demo only.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .env import database_from_url, env_bool, env_dates, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

_DEV_ONLY = "development only, never in production"


def _secret(name: str, dev_default: str) -> str:
    """A secret is required in production; DEBUG alone may fall back to a public dev value."""
    value = env_str(name)
    if value:
        return value
    if DEBUG:
        return dev_default
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")


SECRET_KEY = _secret("SECRET_KEY", f"insecure-{_DEV_ONLY}-" + "x" * 40)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Field encryption (docs/decisions/0002-field-encryption.md): "kid:base64-32-byte-key", comma
# separated, the first one encrypts, all of them decrypt (key rotation).
FIELD_ENCRYPTION_KEYS = _secret(
    "FIELD_ENCRYPTION_KEYS", "dev1:ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE="
)
# Keyed hash for exact BSN lookup without decrypting every row.
BSN_HASH_KEY = _secret("BSN_HASH_KEY", f"bsn-hash-{_DEV_ONLY}")
# Key of the access log's hash chain (L-LOG): without it nobody can forge a valid chain.
AUDIT_CHAIN_KEY = _secret("AUDIT_CHAIN_KEY", f"audit-chain-{_DEV_ONLY}")

# Two-factor login is compulsory; only the embedded demo (DEBUG) may switch it off, and then
# every page shows a banner saying so.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
if not MFA_REQUIRED and not DEBUG:
    raise ImproperlyConfigured("MFA_REQUIRED may only be switched off with DEBUG on (demo)")

DEMO_PASSWORD = env_str("DEMO_PASSWORD", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "guardian",
    "auditlog",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "core",
    "accounts",
    "processors",
    "audit",
    "cases",
    "disclosures",
    "meldcode",
    "plans",
    "signals.apps.SignalsConfig",
    "retention",
    "desk",
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.LoginStepsMiddleware",
    "audit.middleware.AccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.NoStoreMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "doetinchem_privacy.urls"
WSGI_APPLICATION = "doetinchem_privacy.wsgi.application"

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
                "core.context_processors.site",
                "retention.context_processors.cleanup_reminders",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED = not DATABASE_URL
if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {"default": database_from_url(f"sqlite:///{VAR_DIR / 'demo.sqlite3'}")}
else:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
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
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after idle time (BIO). A request renews the expiry when the last renewal is more
# than SESSION_RENEW_SECONDS old (accounts.middleware.SessionRenewalMiddleware), not on every
# request, which would cost a database write per page (issue 10): a session idle for
# SESSION_COOKIE_AGE has always ended; one idle for SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS may have.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 15 * 60, minimum=60)
SESSION_RENEW_SECONDS = min(env_int("SESSION_RENEW_SECONDS", 60, minimum=1), SESSION_COOKIE_AGE // 10)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lockout after repeated failed logins (django-axes), per user name.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Lockout is per user name on purpose: all staff share the town hall's few public addresses,
# so a lockout per IP address would let one typo-prone colleague lock out everyone.
# HSTS preload is opt-in (SECURE_HSTS_PRELOAD): leaving the preload list takes months, so it is
# a decision for operations, not a default; check --deploy would otherwise always warn (W021).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # the embedded demo, or a SQLite URL
    # The embedded demo database lacks two PostgreSQL features the schema uses for speed and
    # integrity (an index's INCLUDE columns, UNIQUE NULLS NOT DISTINCT); the demo runs without them.
    SILENCED_SYSTEM_CHECKS += ["models.W040", "models.W047"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Sociaal domein Doetinchem"

# Object permissions (django-guardian): no anonymous user, and the code never relies on
# model-level or superuser permissions for client data (tests/test_guardian_defaults.py).
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False
GUARDIAN_MONKEY_PATCH_GROUP = False

# Change history (django-auditlog): personal and encrypted fields are excluded per model, and
# any masked field becomes a constant, never a half-visible value.
AUDITLOG_MASK_CALLABLE = "core.masking.constant_mask"
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["core.formats"]
# Days equated by decree to a generally recognised holiday (Algemene termijnenwet art. 3(3));
# core/dates.py applies them to statutory terms.
ATW_EQUATED_DAYS = env_dates("ATW_EQUATED_DAYS")
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
_NLDS = BASE_DIR / "node_modules"
for _prefix, _path in [
    ("nlds/components", _NLDS / "@utrecht/component-library-css/dist"),
    ("nlds/tokens", _NLDS / "@nl-design-system-unstable/voorbeeld-design-tokens/dist"),
]:
    if _path.is_dir():
        STATICFILES_DIRS.append((_prefix, _path))
NLDS_AVAILABLE = (_NLDS / "@utrecht/component-library-css/dist").is_dir()
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env_str("MEDIA_ROOT", str(VAR_DIR / "files"))))},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through the gate.
# No URL serves MEDIA_ROOT: this prefix exists only because Django expects one.
MEDIA_URL = "/bestanden-niet-openbaar/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Celery: Redis when REDIS_URL is set, else kombu's file-system transport (embedded demo).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    _queue = VAR_DIR / "celery"
    for _sub in ("in", "processed"):
        (_queue / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue / "in"),
        "data_folder_out": str(_queue / "in"),
        "data_folder_processed": str(_queue / "processed"),
    }
    CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The schedule is static: each entry names the rule it serves.
CELERY_BEAT_SCHEDULE = {
    # L-LOG: access-log entries past ACCESS_LOG_RETENTION_DAYS go in one range, with a checkpoint.
    "remove-old-access-log-entries": {
        "task": "audit.tasks.remove_old_access_log_entries",
        "schedule": 24 * 60 * 60,
    },
    # L-LOG: export the chain head (last seq, hash, count) outside the database every hour.
    "export-access-log-chain-head": {
        "task": "audit.tasks.export_access_log_chain_head",
        "schedule": 60 * 60,
    },
    # L-LOG: verify the access log's hash chain every night and record the result.
    "verify-access-log-chain": {
        "task": "audit.tasks.verify_access_log_chain",
        "schedule": 24 * 60 * 60,
    },
    # P-2.2.3: expired signals, and (safety net) rejected signals whose content still exists.
    # Replaces signals.tasks.purge_expired_signals in the schedule: the same service, plus the net.
    "purge-signals": {
        "task": "retention.tasks.purge_signals",
        "schedule": crontab(hour=1, minute=15),
    },
    # P-2.2.4: closed, cleaned dossiers move into the archive; reminders for uncleaned ones.
    "archive-closed-cases": {
        "task": "retention.tasks.archive_closed_cases",
        "schedule": crontab(hour=1, minute=30),
    },
    # P-2.2.4: archived dossiers past their Selectielijst term become a list for the archivist.
    "propose-destruction-list": {
        "task": "retention.tasks.propose_destruction_list",
        "schedule": crontab(hour=2, minute=30),
    },
    # P-2.2.4: finish approved destruction lists (continues a list cut off by the cap or a crash).
    "execute-destruction": {
        "task": "retention.tasks.execute_destruction",
        "schedule": crontab(hour=3, minute=0),
    },
    # P-3: warn before processor agreements expire (60 days ahead), every morning.
    "warn-expiring-processor-agreements": {
        "task": "processors.tasks.warn_expiring_agreements",
        "schedule": 24 * 60 * 60,
    },
}
# P-2.2.4 job discipline: at most this many dossiers per run, destroyed this many per
# transaction (issue 10: set-based), and an optional pause between batches to spare the
# database (the worker test uses it to be mid-run when it kills).
RETENTION_CAP_PER_RUN = env_int("RETENTION_CAP_PER_RUN", 1000, minimum=1)
RETENTION_DESTRUCTION_BATCH = env_int("RETENTION_DESTRUCTION_BATCH", 500, minimum=1)
RETENTION_PAUSE_SECONDS = env_int("RETENTION_PAUSE_MS", 0, minimum=0) / 1000
# With Redis, an unacknowledged task of a dead worker is redelivered after this many seconds.
if REDIS_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)}
    # A key prefix keeps installations (and test runs) sharing one Redis apart, including
    # kombu's global "unacked" bookkeeping that the redelivery above sweeps.
    if env_str("CELERY_BROKER_KEYPREFIX"):
        CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = env_str("CELERY_BROKER_KEYPREFIX")

# L-LOG: the database role the application runs as (docs/decisions/0014-database-roles.md).
# audit/migrations/0004 grants it SELECT and INSERT only on the append-only tables (access log,
# checkpoints, disclosure register, security events); migrations run as the owner role.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "doetinchem_app")
# L-LOG: where the access log's chain head is exported (append-only JSON lines, outside the
# database), so that a complete rewrite of the chain with the key, or a truncation, is detected.
# In production a path on a separate, append-only volume; the default is for development.
AUDIT_CHAIN_HEAD_EXPORT = env_str("AUDIT_CHAIN_HEAD_EXPORT", str(VAR_DIR / "audit-chain-heads.jsonl"))

# Monitoring (P-2.2.5): a security event for the privacy officer when this many failed logins
# (all user names together) fall within the window.
SECURITY_FAILED_LOGIN_THRESHOLD = env_int("SECURITY_FAILED_LOGIN_THRESHOLD", 20, minimum=2)
SECURITY_FAILED_LOGIN_WINDOW_MINUTES = env_int("SECURITY_FAILED_LOGIN_WINDOW_MINUTES", 10, minimum=1)
# Requests with a larger body are refused before Django reads them (uploads are at most 10 MB).
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 11 * 1024 * 1024, minimum=1024 * 1024)

# L-LOG: how long access-log entries are kept (NEN 7513 leaves the term to the organisation;
# 5 years covers the objection, complaint and breach periods in which the log is evidence).
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 5 * 365 + 1, minimum=30)

# Emergency access outside one's assignment lasts this long (UX 3.10), read-only.
EMERGENCY_ACCESS_HOURS = env_int("EMERGENCY_ACCESS_HOURS", 4, minimum=1)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {"TITLE": "Sociaal domein Doetinchem API", "VERSION": "0.1.0", "SERVE_INCLUDE_SCHEMA": False}

# Logs carry ids, never personal data: nothing here logs request bodies or query strings
# with names or BSNs (no personal data appears in URLs in the first place).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The FG's canned report "many residents opened by one user within 60 minutes" (issue 9).
DESK_MANY_RESIDENTS_THRESHOLD = env_int("DESK_MANY_RESIDENTS_THRESHOLD", 25, minimum=2)
