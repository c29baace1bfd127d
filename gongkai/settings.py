"""One settings file, driven by the environment.

DATABASE_URL picks the database (default: SQLite under var/; DATABASE_REPLICA_URL adds a
PostgreSQL streaming replica for anonymous reads, core/db_router.py), SECRET_KEY, ALLOWED_HOSTS,
DEBUG (off unless asked) and HTTPS (secure cookies, HSTS and the redirect) are read from the
environment, so the demo, the tests and a production deployment differ only there.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR.parent / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """The key from the environment, or one kept in var/ so a single machine needs no set-up."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_flag("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gongkai.core",
    "gongkai.info_requests",
    "gongkai.portal",
    "gongkai.search",
    "gongkai.catalog",
    "gongkai.publishing",
    "gongkai.reports",
    "gongkai.bulletins",
    "gongkai.guides",
    "gongkai.obligations",
    "gongkai.api",
    # Its Swagger UI files, served by our own static files (no CDN) at /api/v1/docs.
    "ninja",
    "gongkai.evaluation",
    "gongkai.assessment",
    "gongkai.villages",
    "gongkai.meetings",
    # The task queue, kept in the database (gongkai/core/tasks.py; `gongkai worker` runs it).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Which database this request reads: the replica for an anonymous reader, else the
    # primary (core/db_router.py). First, so the session and the user are read from it too.
    "gongkai.core.db_router.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An anonymous reader's page-cache hit, answered as the layers below sent it the first
    # time, without running them again (core/caching.py).
    "gongkai.core.caching.CachedPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user passes the two-factor step before anything else (core/account.py).
    "gongkai.core.account.TwoFactorMiddleware",
    # CSP, Permissions-Policy, Cache-Control: private for signed-in users (core/middleware.py).
    "gongkai.core.middleware.SecurityHeadersMiddleware",
    # A 400 for control characters (NUL...) in any text input.
    "gongkai.core.middleware.ControlCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ETag and 304 for public pages (core/caching.py).
    "gongkai.core.caching.PublicPageETagMiddleware",
    # Answers a locked-out sign-in (core/signin.py); axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

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
                "gongkai.core.context_processors.site",
            ],
        },
    },
]


# On PostgreSQL each process keeps a pool of connections (psycopg's pool through Django's
# OPTIONS["pool"]) of at most this many; 0 keeps one persistent connection per process instead.
DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "4"))


def _database(url: str) -> dict:
    # Connections are kept between requests on SQLite too: opening one and running the
    # PRAGMAs below cost more than a cached public page (tools/bench_http.py).
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL_SIZE > 0:
        # A pool replaces the persistent connection (Django refuses both); a broken
        # connection is found by the pool's check before a request gets it.
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"] = {
            "pool": {
                "min_size": 1,
                "max_size": DATABASE_POOL_SIZE,
                "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
            }
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at the
        # start of a transaction, so two writers queue on the busy timeout instead of one of
        # them failing with "database is locked" when it upgrades a read lock.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
            ),
        }
    return config


# "pages": rendered public publication pages for anonymous readers, per process, keyed by
# the version's time and the audit generation (core/caching.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-pages",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "2000"))},
    }
    if os.environ.get("PAGE_CACHE_ENTRIES") != "0"
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    # Parts of public pages kept per generation of what they show (core/caching.py
    # `fragment`): the layout's header and footer, a unit's catalog tree.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "gongkai-fragments",
        "TIMEOUT": 24 * 60 * 60,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("FRAGMENT_CACHE_ENTRIES", "2000"))},
    }
    if os.environ.get("FRAGMENT_CACHE_ENTRIES") != "0"
    else {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
if DATABASE_URL.startswith("sqlite"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _database(DATABASE_URL)}
# A streaming replica (PostgreSQL hot standby) that serves anonymous readers; staff, writes
# and migrations use the primary (core/db_router.py, docs/deploy.md). In tests it mirrors
# the primary, so the suite's data, which lives in one uncommitted transaction, is seen
# through it too (conftest.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["gongkai.core.db_router.PrimaryReplicaRouter"]
# An anonymous client that has just written (an application, an evaluation, a sign-up) reads
# the primary for this many seconds afterwards, so it sees what it sent.
REPLICA_STICKY_SECONDS = int(os.environ.get("REPLICA_STICKY_SECONDS", "30"))
# A replica that fails a request is left alone (reads go to the primary) for this long.
REPLICA_RETRY_SECONDS = float(os.environ.get("REPLICA_RETRY_SECONDS", "30"))
# /healthz calls the replica "behind" past this lag (it still serves; see docs/deploy.md).
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
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
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Two-factor sign-in (TOTP, django-otp): required for these roles, optional for the others.
TWO_FACTOR_REQUIRED_ROLES = (
    ["unit_admin", "supervisor"] if env_flag("TWO_FACTOR_REQUIRED", default=True) else []
)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Gongkai")

AUTHENTICATION_BACKENDS = [
    "gongkai.core.signin.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttle (django-axes, core/signin.py): this many failures for one account from one
# address lock that pair out for SIGN_IN_LOCKOUT_MINUTES, doubled for each earlier lockout of
# the address; the account's owner elsewhere can still sign in. Attempts live in the database.
SIGN_IN_MAX_FAILURES = int(os.environ.get("SIGN_IN_MAX_FAILURES", "5"))
SIGN_IN_LOCKOUT_MINUTES = int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = SIGN_IN_MAX_FAILURES
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "gongkai.core.signin.cool_off"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "gongkai.core.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "gongkai.core.signin.axes_client_ip"
AXES_RESET_ON_SUCCESS = True
# An attempt during a lockout neither counts nor restarts the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are audited already
AXES_VERBOSE = False

# The security log counts anonymous failures (bad API keys, failed sign-ins) per address and
# per account in windows of this many minutes, keeps at most this many rows per window and
# is pruned of windows older than SECURITY_LOG_DAYS (`gongkai prune_security_log`).
SECURITY_LOG_WINDOW_MINUTES = int(os.environ.get("SECURITY_LOG_WINDOW_MINUTES", "60"))
SECURITY_LOG_MAX_ROWS = int(os.environ.get("SECURITY_LOG_MAX_ROWS", "5000"))
SECURITY_LOG_DAYS = int(os.environ.get("SECURITY_LOG_DAYS", "30"))
# An address that sent this many unknown API keys in one window is refused until it ends.
SECURITY_LOG_ADDRESS_LIMIT = int(os.environ.get("SECURITY_LOG_ADDRESS_LIMIT", "100"))

# Staff sessions end after two hours without a request, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

HTTPS = env_flag("HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
# A load balancer polls /healthz over plain HTTP on the app server: answer it, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if HTTPS else 0
# A county's site is often one host of a government domain whose other hosts may not all
# serve HTTPS, and preloading commits the whole domain for months: both only when asked.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and env_flag("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = HTTPS and env_flag("HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# Behind a reverse proxy (nginx) that sets X-Forwarded-Proto and appends the client's address
# to X-Forwarded-For: the sign-in throttle and the security log count that address.
BEHIND_PROXY = env_flag("BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script anywhere: scripts are static files. Inline styles stay allowed: the reply
# letter and the annual report's HTML export carry their own <style> so the same document
# prints from the browser and renders in WeasyPrint without the site's stylesheet.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
# Only needed for `collectstatic` (e.g. to serve /static/ from nginx): WhiteNoise serves the
# files from the apps otherwise.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or None
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files straight from the apps, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# Uploaded files (attachments, photos) on the filesystem under MEDIA_ROOT, or, when
# MEDIA_S3_BUCKET is set, in that bucket of any S3-compatible store (django-storages with
# boto3): the objects stay private (no ACL given, signed URLs only) and are still served through
# our own views with their headers, never by a bucket URL.


def media_storage(environ: os._Environ | dict[str, str]) -> dict:
    bucket = environ.get("MEDIA_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("MEDIA_S3_REGION") or None,
            "access_key": environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": environ.get("MEDIA_S3_PREFIX", ""),
            "addressing_style": environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }


STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work (gongkai/core/tasks.py): a queue kept in the database, SQLite or
# PostgreSQL, run by `gongkai worker` (one process on a single machine, or one or more on each
# of several machines: a task is claimed by one worker only). TASKS_RETRIES attempts at most,
# TASKS_RETRY_SECONDS apart, doubled each time.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The daily jobs (obligations, reminders, escalations) are enqueued once a day from this local
# time; scheduled publications are looked for every TASKS_PUBLISH_EVERY_MINUTES.
TASKS_DAILY_AT = dt.time.fromisoformat(os.environ.get("TASKS_DAILY_AT", "01:30"))
TASKS_PUBLISH_EVERY_MINUTES = int(os.environ.get("TASKS_PUBLISH_EVERY_MINUTES", "1"))
TASKS_RETRIES = int(os.environ.get("TASKS_RETRIES", "3"))
TASKS_RETRY_SECONDS = int(os.environ.get("TASKS_RETRY_SECONDS", "60"))
# Finished tasks are forgotten after so many days (failed ones later: the admin lists them).
TASKS_KEEP_DAYS = int(os.environ.get("TASKS_KEEP_DAYS", "7"))
TASKS_KEEP_FAILED_DAYS = int(os.environ.get("TASKS_KEEP_FAILED_DAYS", "90"))
# A batch of more bulletin-board sheets than this is printed by the worker: the staff member
# gets a page that offers the PDF once it is ready, instead of waiting for it.
BULLETINS_BATCH_INLINE_SHEETS = int(os.environ.get("BULLETINS_BATCH_INLINE_SHEETS", "20"))
# Attachments larger than this (in bytes, together) have their text read for the search by a
# task after publishing, not during it; smaller ones are read at once.
SEARCH_INLINE_ATTACHMENT_BYTES = int(
    os.environ.get("SEARCH_INLINE_ATTACHMENT_BYTES", str(2 * 1024 * 1024))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

GONGKAI_SITE_NAME = _("Government Affairs Disclosure Platform")
# Notices to applicants go through Django's email backend: the console unless configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")
# The address in links sent by email (the applicant's status page).
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000")
# What replaces masked personal information in drafts and their files: "{shape}" keeps its
# shape (138****1234, 4301**********1234, 张*明), "" removes it, "{stars}" writes one * per
# character, any other text is written as it is.
PUBLISHING_PRIVACY_MASK = os.environ.get("PUBLISHING_PRIVACY_MASK", "{shape}")
# Uploaded Word, Excel and PDF files are bounded before any parser reads them.
GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("GONGKAI_UPLOAD_MAX_UNCOMPRESSED_BYTES", str(100 * 1024 * 1024))
)
GONGKAI_UPLOAD_MAX_ENTRIES = int(os.environ.get("GONGKAI_UPLOAD_MAX_ENTRIES", "2000"))
GONGKAI_UPLOAD_MAX_ELEMENTS = int(os.environ.get("GONGKAI_UPLOAD_MAX_ELEMENTS", "200000"))
GONGKAI_UPLOAD_MAX_PARAGRAPHS = int(os.environ.get("GONGKAI_UPLOAD_MAX_PARAGRAPHS", "20000"))
GONGKAI_UPLOAD_MAX_PDF_PAGES = int(os.environ.get("GONGKAI_UPLOAD_MAX_PDF_PAGES", "2000"))
# Disclosure obligations (`gongkai run_jobs`): reminders this many working days before the
# due date, a notice this many working days after it, escalation to the unit's leader and
# then the county supervisor after so many working days overdue; temporary work is due this
# many working days after its event, village items this many after the village's period.
OBLIGATIONS_REMINDER_LEADS = [int(n) for n in env_list("OBLIGATIONS_REMINDER_LEADS", "5,1")]
OBLIGATIONS_REMINDER_AFTER = int(os.environ.get("OBLIGATIONS_REMINDER_AFTER", "1"))
OBLIGATIONS_ESCALATION = {
    "leader": int(os.environ.get("OBLIGATIONS_ESCALATE_LEADER_AFTER", "5")),
    "supervisor": int(os.environ.get("OBLIGATIONS_ESCALATE_SUPERVISOR_AFTER", "10")),
}
OBLIGATIONS_TEMPORARY_WORKING_DAYS = int(os.environ.get("OBLIGATIONS_TEMPORARY_WORKING_DAYS", "5"))
OBLIGATIONS_VILLAGE_WORKING_DAYS = int(os.environ.get("OBLIGATIONS_VILLAGE_WORKING_DAYS", "10"))
# The unit is reminded this many working days before an oversight order's deadline.
OBLIGATIONS_ORDER_LEAD = int(os.environ.get("OBLIGATIONS_ORDER_LEAD", "2"))
# Days without an update after which a column counts as stale, by cadence
# ("quarterly:60,standing:180"); a cadence not named keeps its period and a month's grace.
OBLIGATIONS_STALE_AFTER_DAYS = {
    cadence.strip(): int(days)
    for cadence, days in (
        pair.split(":", 1) for pair in env_list("OBLIGATIONS_STALE_AFTER_DAYS", "") if ":" in pair
    )
}
# A village statement's lump 其他支出 line above this share of the period's expenditure and
# above this many yuan is flagged for the village supervision committee.
VILLAGE_LUMP_SHARE = os.environ.get("VILLAGE_LUMP_SHARE", "0.05")
VILLAGE_LUMP_FLOOR = os.environ.get("VILLAGE_LUMP_FLOOR", "2000")

# Public evaluation: an error report (纠错) is answered within this many working days; a county
# may set its own limit ("<county org code>:<days>,…").
ERROR_REPORT_WORKING_DAYS = int(os.environ.get("ERROR_REPORT_WORKING_DAYS", "3"))
ERROR_REPORT_WORKING_DAYS_BY_COUNTY = {
    code.strip().upper(): int(days)
    for code, days in (
        entry.split(":", 1)
        for entry in os.environ.get("ERROR_REPORT_WORKING_DAYS_BY_COUNTY", "").split(",")
        if ":" in entry
    )
}
# Ratings and error reports from one address per hour: past the first number a challenge is
# asked; past the second the address is refused until the hour is over.
EVALUATION_CHALLENGE_AFTER = int(os.environ.get("EVALUATION_CHALLENGE_AFTER", "10"))
EVALUATION_LIMIT_PER_HOUR = int(os.environ.get("EVALUATION_LIMIT_PER_HOUR", "60"))
