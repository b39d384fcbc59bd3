"""Glasna's one settings module. Every value comes from the environment (docs/configuration.md),
with safe defaults for the embedded profile: SQLite and a local file store under GLASNA_DATA_DIR."""

import ipaddress
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from glasna.core import logging as glasna_logging
from glasna.core.config import env, env_bool, env_int, env_list, instance_secrets

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env("GLASNA_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

_secrets = instance_secrets(DATA_DIR)
SECRET_KEY = env("GLASNA_SECRET_KEY", _secrets["secret_key"])
# Stable server-side secret for receipt lookups and TOTP secrets at rest. Unlike SECRET_KEY it
# must never rotate casually: changing it makes every receipt unusable (docs/security.md).
GLASNA_INSTANCE_KEY = env("GLASNA_INSTANCE_KEY", _secrets["instance_key"])

DEBUG = env_bool("GLASNA_DEBUG", False)
ALLOWED_HOSTS = env_list("GLASNA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("GLASNA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "glasna.core",
    "glasna.accounts",
    "glasna.intake",
    "glasna.cases",
    "glasna.law",
    "glasna.takedown",
    "glasna.observatory",
    "glasna.evidence",
    "ninja",  # serves its API docs page from local static files instead of a CDN
    "glasna.matching",
    "glasna.networks",
    "glasna.proceedings",
    "glasna.triage",
]

MIDDLEWARE = [
    "glasna.core.logging.RequestLogMiddleware",
    "glasna.core.security_events.RefusalAuditMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "glasna.core.middleware.PlainHttpApiMiddleware",
    "glasna.core.middleware.RefuseTraceMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "glasna.core.middleware.PrivacyHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "glasna.accounts.session_limits.StaffSessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "glasna.core.middleware.RateLimitedMiddleware",
    "glasna.core.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "glasna.urls"
WSGI_APPLICATION = "glasna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "glasna.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'glasna.sqlite3'}"),
        conn_max_age=env_int("GLASNA_DB_CONN_MAX_AGE", 0),
        # A kept connection is checked before each request reuses it, so a restarted database
        # costs one reconnect, not a failed request (connecting costs half a lookup: docs/performance.md).
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and one-time markers must be shared by every web process: the database cache
# works on SQLite and PostgreSQL alike (`glasna createcachetable` runs in `make demo`).
CACHES = {
    "default": {
        "BACKEND": env("GLASNA_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("GLASNA_CACHE_LOCATION", "glasna_cache"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # No composition rules (ASVS 6.2.5): Django's NumericPasswordValidator is left out; weak digit
    # strings are in the common-password list, and context words are refused below.
    {"NAME": "glasna.accounts.password_words.ContextWordsValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "accounts:login"

# Sessions exist only for staff and for a survivor's return visit; the public pages set none.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = env_int("GLASNA_SESSION_SECONDS", 8 * 3600)  # also the limit counted from sign-in
GLASNA_SESSION_IDLE_SECONDS = env_int("GLASNA_SESSION_IDLE_SECONDS", 30 * 60)
# Sessions one staff member may hold at once; signing in ends her least recently used beyond it.
GLASNA_MAX_SESSIONS = max(env_int("GLASNA_MAX_SESSIONS", 3), 1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Leave no trace: a survivor's browser must keep nothing from this site after it is closed, so
# every cookie we set is a session cookie (Django's CSRF cookie otherwise lives a year).
CSRF_COOKIE_AGE = None
LANGUAGE_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_FAILURE_VIEW = "glasna.core.views.csrf_failure"
SECURE_COOKIES = env_bool("GLASNA_SECURE_COOKIES", not DEBUG and env_bool("GLASNA_HTTPS", False))
SESSION_COOKIE_SECURE = SECURE_COOKIES
# Over HTTPS every cookie is named __Host-…: the browser then refuses it unless it is Secure, set
# by this very host (no Domain) for the whole site, so a sibling subdomain cannot plant one.
COOKIE_PREFIX = "__Host-" if SECURE_COOKIES else ""
SESSION_COOKIE_NAME = f"{COOKIE_PREFIX}glasna_session"
CSRF_COOKIE_NAME = f"{COOKIE_PREFIX}csrftoken"
LANGUAGE_COOKIE_NAME = f"{COOKIE_PREFIX}django_language"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Strict"
GLASNA_KEY_COOKIE_NAME = f"{COOKIE_PREFIX}glasna_key"  # accounts/session_keys.py
GLASNA_VISIT_COOKIE_NAME = f"{COOKIE_PREFIX}glasna_visit"  # intake/visit.py
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Load balancers probe the processes themselves over plain HTTP; the health answers hold nothing.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^api/"]  # the API is refused over HTTP instead
if env_bool("GLASNA_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with form posts
# and CSRF protection rightly refuses them. Other sites still receive no referrer.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "media-src": ["blob:"],  # matching/hash-photos.js reads the survivor's own video from a blob: URL
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Eight locales. Montenegrin (cnr) is not one of Django's, so it is described here.
LANG_INFO["cnr"] = {"bidi": False, "code": "cnr", "name": "Montenegrin", "name_local": "crnogorski"}
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("sq", _("Albanian")),
    ("mk", _("Macedonian")),
    ("sr", _("Serbian (Cyrillic)")),
    ("sr-latn", _("Serbian (Latin)")),
    ("bs", _("Bosnian")),
    ("hr", _("Croatian")),
    ("cnr", _("Montenegrin")),
    ("en", _("English")),
]
# The name each language has in its own tongue, for the language switcher.
LANGUAGE_NAMES_LOCAL = {
    "sq": "Shqip",
    "mk": "Македонски",
    "sr": "Српски",
    "sr-latn": "Srpski",
    "bs": "Bosanski",
    "hr": "Hrvatski",
    "cnr": "Crnogorski",
    "en": "English",
}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("GLASNA_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise serves from here after collectstatic
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Encrypted blobs (report files) go through a Django storage. Embedded: local files under the
# data directory. Production: S3-compatible object storage through django-storages (README).
GLASNA_BLOB_DIR = Path(env("GLASNA_BLOB_DIR", str(DATA_DIR / "blobs")))
if env("GLASNA_BLOB_STORAGE", "local") == "s3":
    _blobs = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("GLASNA_S3_BUCKET", "glasna-blobs"),
            "endpoint_url": env("GLASNA_S3_ENDPOINT_URL"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
else:
    _blobs = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(GLASNA_BLOB_DIR), "file_permissions_mode": 0o600},
    }
# Blobs that no record names are deleted once older than this (core/blob_sweep.py): the wait covers
# a request that wrote its files and has not committed the records naming them yet. At least 1.
GLASNA_BLOB_SWEEP_GRACE_HOURS = env_int("GLASNA_BLOB_SWEEP_GRACE_HOURS", 24)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "blobs": _blobs,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: Django spools big uploads to a temp file; ours are validated, encrypted and stored.
GLASNA_MAX_UPLOAD_BYTES = env_int("GLASNA_MAX_UPLOAD_MB", 25) * 1024 * 1024
GLASNA_MAX_FILES_PER_REPORT = env_int("GLASNA_MAX_FILES", 10)
GLASNA_MAX_IMAGE_PIXELS = env_int("GLASNA_MAX_IMAGE_PIXELS", 60_000_000)
GLASNA_MAX_EVIDENCE_BYTES = env_int("GLASNA_MAX_EVIDENCE_MB", 1024) * 1024 * 1024  # streamed, never held whole
GLASNA_MATCH_REFRESH_SECONDS = env_int("GLASNA_MATCH_REFRESH_SECONDS", 30)
# Web processes compile the index kernels at start, on a background thread (matching/warmup.py).
GLASNA_MATCHING_WARMUP = env_bool("GLASNA_MATCHING_WARMUP", True)
# The matching index split across shard server processes (docs/matching.md); 0 = one index in
# every web process. The key authenticates web processes and shard servers to each other: from the
# environment only, and shard mode refuses to start without it.
GLASNA_INDEX_SHARDS = env_int("GLASNA_INDEX_SHARDS", 0)
GLASNA_INDEX_SHARD_SOCKETS = Path(env("GLASNA_INDEX_SHARD_SOCKETS", str(DATA_DIR / "matching" / "shard-sockets")))
GLASNA_INDEX_SHARD_KEY = env("GLASNA_INDEX_SHARD_KEY", "")
GLASNA_INDEX_SHARD_TIMEOUT_SECONDS = env_int("GLASNA_INDEX_SHARD_TIMEOUT_SECONDS", 5)
if GLASNA_INDEX_SHARDS and len(GLASNA_INDEX_SHARD_KEY) < 32:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("GLASNA_INDEX_SHARDS is set: GLASNA_INDEX_SHARD_KEY must hold at least 32 characters")
GLASNA_MAX_VIDEO_SECONDS = env_int("GLASNA_MAX_VIDEO_SECONDS", 3600)
# Triage: image previews scoring at least this (percent) are blurred until a caseworker asks to see them.
GLASNA_TRIAGE_BLUR_PERCENT = env_int("GLASNA_TRIAGE_BLUR_PERCENT", 40)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Requests up to 2 MB stay in memory; larger uploads are sealed piece by piece under a key held only
# in memory into a temp file here, removed when the request ends (core/upload_handlers.py). No clear
# byte of an upload is written to disk. Default: the system temp folder.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "glasna.core.upload_handlers.EncryptedTemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = env("GLASNA_UPLOAD_TEMP_DIR", "") or None
DATA_UPLOAD_MAX_NUMBER_FILES = GLASNA_MAX_FILES_PER_REPORT + 2

# Argon2id cost for keys derived from passwords, recovery codes and receipts. Tests lower it
# (tests/conftest.py); production keeps these or raises them.
GLASNA_ARGON2 = {
    "time_cost": env_int("GLASNA_ARGON2_TIME_COST", 3),
    "memory_cost": env_int("GLASNA_ARGON2_MEMORY_KIB", 64 * 1024),
    "parallelism": 1,
}
# Argon2id hashes one process runs at once (core/crypto/passphrase.py): with threaded workers, the
# others wait for a turn while its threads keep serving cheap pages. Processes x this <= cores.
GLASNA_ARGON2_CONCURRENCY = max(1, env_int("GLASNA_ARGON2_CONCURRENCY", 1))
# The niceness (0-19) the lane's threads take on Linux, so that cheap requests preempt hashing;
# 0 hashes on the request's own thread at its priority (docs/decisions/0013).
GLASNA_ARGON2_NICE = min(19, max(0, env_int("GLASNA_ARGON2_NICE", 10)))
# The receipt's cost is global (a lookup cannot know a per-report cost): never lower it once
# deployed, and raising it makes existing receipts unusable.
GLASNA_RECEIPT_ARGON2 = {
    "time_cost": env_int("GLASNA_RECEIPT_ARGON2_TIME_COST", 3),
    "memory_cost": env_int("GLASNA_RECEIPT_ARGON2_MEMORY_KIB", 64 * 1024),
    "parallelism": 1,
}
GLASNA_RECEIPT_ATTEMPTS_PER_HOUR = env_int("GLASNA_RECEIPT_ATTEMPTS_PER_HOUR", 10)
GLASNA_LOGIN_ATTEMPTS_PER_HOUR = env_int("GLASNA_LOGIN_ATTEMPTS_PER_HOUR", 10)
# How long an invitation link to join an organisation stays valid (accounts/invitations.py).
GLASNA_INVITE_HOURS = env_int("GLASNA_INVITE_HOURS", 72)
# The retention periods an organisation administrator may choose for closed cases (accounts/org_settings.py).
GLASNA_RETENTION_MIN_DAYS = env_int("GLASNA_RETENTION_MIN_DAYS", 30)
GLASNA_RETENTION_MAX_DAYS = env_int("GLASNA_RETENTION_MAX_DAYS", 3650)
# Reverse proxies whose X-Forwarded-For entries are believed (core/client_address.py). Empty: the
# header is ignored and limits key on the socket peer.
GLASNA_TRUSTED_PROXIES = env_list("GLASNA_TRUSTED_PROXIES", [])
for _cidr in GLASNA_TRUSTED_PROXIES:
    ipaddress.ip_network(_cidr, strict=False)  # a typo fails at start-up, not on the first request
GLASNA_SURVIVOR_VISIT_SECONDS = env_int("GLASNA_SURVIVOR_VISIT_SECONDS", 30 * 60)
GLASNA_WIZARD_SECONDS = env_int("GLASNA_WIZARD_SECONDS", 3 * 3600)
# Flood control for reports (intake/flood.py): every report's last step carries a proof-of-work
# challenge, or without JavaScript a short wait; both grow past these hourly counts.
GLASNA_REPORT_POW_BITS = env_int("GLASNA_REPORT_POW_BITS", 14)
GLASNA_REPORT_WAIT_SECONDS = env_int("GLASNA_REPORT_WAIT_SECONDS", 20)
GLASNA_REPORTS_PER_ADDRESS_PER_HOUR = env_int("GLASNA_REPORTS_PER_ADDRESS_PER_HOUR", 10)
GLASNA_REPORTS_PER_HOUR = env_int("GLASNA_REPORTS_PER_HOUR", 100)
# Where the quick-exit control sends a person: a neutral, everyday site.
GLASNA_QUICK_EXIT_URL = env("GLASNA_QUICK_EXIT_URL", "https://www.google.com/search?q=weather")
GLASNA_SITE_URL = env("GLASNA_SITE_URL", "http://127.0.0.1:8000")
# Legal provisions reviewed longer ago than this are reported by `glasna law check`.
GLASNA_LAW_REVIEW_DAYS = env_int("GLASNA_LAW_REVIEW_DAYS", 365)
# Platform directory entries verified longer ago than this, and official figures whose latest period
# ended longer ago than this, are marked on the staff pages and reported by the check commands.
GLASNA_DIRECTORY_REVIEW_DAYS = env_int("GLASNA_DIRECTORY_REVIEW_DAYS", 180)
GLASNA_OFFICIAL_STALE_DAYS = env_int("GLASNA_OFFICIAL_STALE_DAYS", 730)
# Observatory: no published case-derived figure below this; FOI answer deadline when the law data gives none.
GLASNA_DISCLOSURE_THRESHOLD = env_int("GLASNA_DISCLOSURE_THRESHOLD", 5)
GLASNA_FOI_DEFAULT_DAYS = env_int("GLASNA_FOI_DEFAULT_DAYS", 15)

# Takedown: the re-upload watch fetches removed URLs from this server; off unless chosen (docs/takedown.md).
GLASNA_REUPLOAD_WATCH = env_bool("GLASNA_REUPLOAD_WATCH", False)
GLASNA_REUPLOAD_INTERVAL_HOURS = env_int("GLASNA_REUPLOAD_INTERVAL_HOURS", 24)
GLASNA_REUPLOAD_TIMEOUT = env_int("GLASNA_REUPLOAD_TIMEOUT", 5)
# Ranges the server may reach on addresses users gave it, although they are private, loopback or
# otherwise not public (core/outbound.py). Empty: only public addresses.
GLASNA_OUTBOUND_ALLOW = env_list("GLASNA_OUTBOUND_ALLOW", [])
for _cidr in GLASNA_OUTBOUND_ALLOW:
    ipaddress.ip_network(_cidr, strict=False)  # a typo fails at start-up
# Evidence custody log: an RFC 3161 time-stamping authority stamps each signed tree head when set.
# Perpetrator escrow (glasna/networks/ESCROW.md): entries open when this many distinct survivors
# name the same identifier; OPRF evaluations allowed per organisation and day.
GLASNA_ESCROW_THRESHOLD = env_int("GLASNA_ESCROW_THRESHOLD", 2)
GLASNA_ESCROW_OPRF_PER_DAY = env_int("GLASNA_ESCROW_OPRF_PER_DAY", 50)
# Linkage across organisations (glasna/networks/federation.py): this installation's name in the
# records it signs, and the key installations that exchange records agree on (base64; empty: own).
GLASNA_NETWORKS_INSTALLATION = env("GLASNA_NETWORKS_INSTALLATION", "glasna")
GLASNA_NETWORKS_LINKAGE_KEY = env("GLASNA_NETWORKS_LINKAGE_KEY", "")
# Network transport between installations (glasna/networks/peers.py): how often peers' feeds are
# pulled, how long a pull may take, the largest feed accepted, and a CA file for peers' certificates.
GLASNA_FEDERATION_SYNC_MINUTES = env_int("GLASNA_FEDERATION_SYNC_MINUTES", 60)
GLASNA_FEDERATION_TIMEOUT = env_int("GLASNA_FEDERATION_TIMEOUT", 20)
GLASNA_FEDERATION_MAX_BYTES = env_int("GLASNA_FEDERATION_MAX_BYTES", 64 * 1024 * 1024)
GLASNA_FEDERATION_CA_FILE = env("GLASNA_FEDERATION_CA_FILE", "")

GLASNA_TSA_URL = env("GLASNA_TSA_URL", "")
GLASNA_TSA_CA_FILE = env("GLASNA_TSA_CA_FILE", "")  # the TSA's CA certificate (PEM), copied into bundles
# How long an export waits for the TSA to stamp its tree head before saying it is down (docs/evidence.md).
GLASNA_TSA_EXPORT_TIMEOUT = env_int("GLASNA_TSA_EXPORT_TIMEOUT", 15)
# Witnesses across installations (docs/evidence.md, "Witnesses"): comma-separated "URL KEY" pairs, KEY a
# public key or fingerprint. Logs this installation witnesses (their /evidence/tree-heads.json), and
# witnesses whose /evidence/cosignatures.json it collects cosignatures of its own log from.
GLASNA_WITNESS_LOGS = [tuple(pair.split(None, 1)) for pair in env_list("GLASNA_WITNESS_LOGS", [])]
GLASNA_WITNESSES = [tuple(pair.split(None, 1)) for pair in env_list("GLASNA_WITNESSES", [])]

# Backups (`glasna backup`, docs/operations.md) are encrypted to this X25519 public key (base64, from
# `glasna backup_key`); its private key is kept apart from the server and the backups.
GLASNA_BACKUP_PUBLIC_KEY = env("GLASNA_BACKUP_PUBLIC_KEY", "")

# Mail: organisations get a content-free "new report" notice. Embedded: printed to the console;
# with GLASNA_SMTP_HOST set, sent through that SMTP server.
if env("GLASNA_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("GLASNA_SMTP_HOST"),
                "port": env_int("GLASNA_SMTP_PORT", 25),
                "username": env("GLASNA_SMTP_USER", ""),
                "password": env("GLASNA_SMTP_PASSWORD", ""),
                "use_tls": env_bool("GLASNA_SMTP_STARTTLS", False),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("GLASNA_FROM_EMAIL", "glasna@localhost")

# Background jobs: huey. Embedded: a SQLite queue file run by `glasna run_huey` (make demo starts
# it beside the web server). Production: Redis as the broker, workers as separate processes.
_redis_url = env("GLASNA_REDIS_URL")
HUEY = {
    "name": "glasna",
    "immediate": env_bool("GLASNA_JOBS_IMMEDIATE", False),
    "results": False,
    "consumer": {"workers": env_int("GLASNA_WORKERS", 2), "worker_type": "thread"},
}
# Jobs that follow from a stored change wait in the database until the broker has them (core/outbox.py);
# one handed over but not done after this many seconds is handed over again.
GLASNA_OUTBOX_LEASE_SECONDS = env_int("GLASNA_OUTBOX_LEASE_SECONDS", 300)
GLASNA_OUTBOX_KEEP_DAYS = env_int("GLASNA_OUTBOX_KEEP_DAYS", 7)  # done jobs (their arguments) kept this long
if _redis_url:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "jobs.sqlite3")})

# Logs: text by default; GLASNA_LOG_FORMAT=json writes one JSON object a line with a request id
# (core/logging.py). Either way no record attribute that could carry survivor data is written.
LOGGING = glasna_logging.config(env("GLASNA_LOG_FORMAT", "text"), env("GLASNA_LOG_LEVEL", "INFO"))
