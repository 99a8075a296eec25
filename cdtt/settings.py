"""Settings for cdtt, read from the environment.

The defaults are the embedded mode (SQLite in WAL mode, a SQLite task queue, e-mail to
the console), so `make run` needs nothing installed. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CDTT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes" are yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - embedded demo mode only
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "huey.contrib.djhuey",
    "cdtt.audit",
    "cdtt.orgunits",
    "cdtt.accounts",
    "cdtt.teams",
    "cdtt.activities",
    "cdtt.portal",
    "cdtt.reports",
    "cdtt.steering",
    "cdtt.dashboard",
    "cdtt.skills",
    "cdtt.notify",
    "cdtt.jobs",
    "cdtt.helpsessions",
    "cdtt.home",
    "cdtt.demo",
    "cdtt.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cdtt.http.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cdtt.accounts.sessions.RenewSessionMiddleware",
    "cdtt.portal.display.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "cdtt.urls"
WSGI_APPLICATION = "cdtt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cdtt" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cdtt.portal.display.text_size",
                "cdtt.notify.views.unread_count",
            ],
            "libraries": {"vietnamese": "cdtt.template_filters"},
        },
    },
]

# Database: SQLite (WAL) by default, anything dj-database-url reads from DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cdtt.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # Tests use a file too, not memory: the end-to-end tests' live server answers
            # several requests at once, each thread on its own connection as in production
            # (one in-memory connection shared by threads deadlocks in SQLite's callbacks).
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# One backend: a username or a phone number, with the lockout of cdtt.accounts.lockout.
AUTHENTICATION_BACKENDS = ["cdtt.accounts.backends.UsernameOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:landing"  # each role on its own work (cdtt.home)
LOGOUT_REDIRECT_URL = "portal:home"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"  # collectstatic output, never a stale copy in the tree
STATICFILES_DIRS = [BASE_DIR / "cdtt" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "cdtt.staticfiles.AppStaticFinder",  # Django's, minus a bundle no page loads
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cdtt.accounts.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, without NUL, lone surrogates or absurd nesting (cdtt.http). The token view
    # keeps its own parsers (forms too).
    "DEFAULT_PARSER_CLASSES": ["cdtt.http.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "cdtt.api_params.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "cdtt API",
    "DESCRIPTION": "API v1 of the platform for Community Digital Technology Teams.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Two choice sets are named "role": an account's and a membership's.
    "ENUM_NAME_OVERRIDES": {
        "AccountRoleEnum": "cdtt.accounts.models.Role",
        "TeamRoleEnum": "cdtt.teams.models.TeamRole",
        "LevelEnum": "cdtt.orgunits.models.Level",
        "SourceEnum": "cdtt.activities.models.Source",
        "SkillLevelEnum": "cdtt.skills.models.Level",
        "SkillSourceEnum": "cdtt.skills.models.Source",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cdtt.api_errors.document_errors",  # 400/401/403/404/405 on every operation
    ],
}

# Cache (rate limits of the public forms, dashboard figures, the catalog's stamp): shared
# by every worker process in every set-up, so that a limit is one limit however many
# processes serve (issue 18). Redis when REDIS_URL is set; otherwise a table of the database
# (created by migration portal 0004; `manage.py createcachetable` makes it too). Never a
# per-process cache: two gunicorn workers would each allow the whole limit.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdtt",
        },
        # The pages' kept parts (cdtt.parts), apart from the limits and figures above.
        "parts": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cdtt-parts",
        },
    }
    # Each request reads its session from Redis (written through to the database, which
    # keeps it if Redis restarts): one database round trip less on every page.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cdtt_cache",
            "KEY_PREFIX": "cdtt",
            # Expired entries are dropped when the table passes this size (Django culls then).
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        # The pages' kept parts (cdtt.parts) in a table of their own: culling them, a few
        # per member, never drops a rate limit's counter (created by portal 0004 / 0005).
        "parts": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cdtt_parts",
            "KEY_PREFIX": "cdtt",
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        },
    }

# Task queue: SQLite-backed by default, Redis when REDIS_URL is set.
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "cdtt", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "cdtt",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cdtt@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Links in e-mails point here (no trailing slash), e.g. https://cdtt.dienbien.gov.vn
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Background jobs (imports, accounts in bulk…) are forgotten this many days after they end:
# their files and results hold personal data.
JOBS_KEEP_DAYS = int(os.environ.get("JOBS_KEEP_DAYS", "7"))

# Spreadsheets read by imports (cdtt.spreadsheets.guard): a file past any of these is refused
# before it is parsed. Sized for the largest real list (20,000 members with title and footer).
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", str(20 * 1024 * 1024)))
SPREADSHEET_MAX_UNCOMPRESSED = int(
    os.environ.get("SPREADSHEET_MAX_UNCOMPRESSED", str(60 * 1024 * 1024))
)
SPREADSHEET_MAX_RATIO = int(os.environ.get("SPREADSHEET_MAX_RATIO", "200"))
SPREADSHEET_MAX_ENTRIES = int(os.environ.get("SPREADSHEET_MAX_ENTRIES", "500"))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", "25000"))
SPREADSHEET_MAX_COLUMNS = int(os.environ.get("SPREADSHEET_MAX_COLUMNS", "100"))
SPREADSHEET_MAX_SHEETS = int(os.environ.get("SPREADSHEET_MAX_SHEETS", "60"))

# SMS: off unless a gateway is configured; the console backend only logs.
SMS_ENABLED = env_bool("SMS_ENABLED", False)
SMS_BACKEND = os.environ.get("SMS_BACKEND", "cdtt.notify.sms.ConsoleBackend")
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")

# Demo accounts share this password; README documents the default.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "cdtt-demo-2026")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Security. Every page carries a Content-Security-Policy without 'unsafe-inline': scripts
# and styles come from our own static files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Behind the HTTPS reverse proxy in production; plain HTTP on the embedded demo.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)

# Login throttling (cdtt.accounts.lockout), made for shared addresses: a commune's Wi-Fi or a
# carrier's NAT puts a whole village behind one address. Wrong passwords and wrong codes count
# per account, whatever way its username or phone number is typed: LOCKOUT_ACCOUNT_ADDRESS
# failures from one address lock that account from that address; LOCKOUT_ACCOUNT failures
# from anywhere lock the account (guessing spread over many addresses); an address alone is
# held back only after LOCKOUT_ADDRESS failures. Every count is over the last
# LOCKOUT_HOURS, and a lock lasts as long unless an officer unlocks the account.
LOCKOUT_ACCOUNT_ADDRESS = int(os.environ.get("LOCKOUT_ACCOUNT_ADDRESS", "5"))
LOCKOUT_ACCOUNT = int(os.environ.get("LOCKOUT_ACCOUNT", "20"))
LOCKOUT_ADDRESS = int(os.environ.get("LOCKOUT_ADDRESS", "50"))
LOCKOUT_HOURS = int(os.environ.get("LOCKOUT_HOURS", "1"))
LOCKOUT_WARN_AFTER = 3  # failures before the form says how many tries are left
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))  # trusted proxies in front

# Accounts: activation codes (on printed slips or by SMS) are valid this many days; API
# tokens end after this many days without use; a member may ask for SMS codes this often.
ACTIVATION_CODE_DAYS = int(os.environ.get("ACTIVATION_CODE_DAYS", "14"))
API_TOKEN_IDLE_DAYS = int(os.environ.get("API_TOKEN_IDLE_DAYS", "30"))
SMS_RESET_PER_DAY = int(os.environ.get("SMS_RESET_PER_DAY", "3"))

# Portal: the public site. Sessions end after 30 idle minutes (requests renew them, at most
# once a minute: cdtt.accounts.sessions); the page warns a minute before. Help requests go
# up to the commune when nobody took them for N days, and lose their personal data M days
# after they are closed.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
PORTAL_ESCALATE_AFTER_DAYS = int(os.environ.get("PORTAL_ESCALATE_AFTER_DAYS", "3"))
PORTAL_ERASE_AFTER_DAYS = int(os.environ.get("PORTAL_ERASE_AFTER_DAYS", "90"))
PORTAL_PROXY_COUNT = PROXY_COUNT  # trusted proxies in front (X-Forwarded-For)
PORTAL_IMAGE_MAX_SIDE = 1280  # pixels: uploaded pictures are shrunk to fit
MEDIA_URL = "/media/"  # uploaded pictures (re-encoded JPEGs), served by portal:media

# Dashboard: a member "performs" in a month with at least this many activities (pro rata for
# part of a month); teams not inspected for this many months are flagged.
DASHBOARD_PERFORMING_THRESHOLD = int(os.environ.get("DASHBOARD_PERFORMING_THRESHOLD", "4"))
DASHBOARD_INSPECTION_MONTHS = int(os.environ.get("DASHBOARD_INSPECTION_MONTHS", "6"))
# A unit page's figures are shared between officers for this long (0: computed for each view).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
# On PostgreSQL each worker keeps the activity catalog it read until the database
# announces a change (LISTEN/NOTIFY, cdtt/notices.py). 0 behind a pooler in
# transaction mode (PgBouncer), which does not carry notices.
DATABASE_NOTICES = os.environ.get("DATABASE_NOTICES", "1") != "0"
