"""Settings shared by every environment.

Deploy-time values come from environment variables (documented in README.md);
the defaults here are safe for local use, and ``production.py`` adds the strict
checks. See https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from .env import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our apps first so their templates override Wagtail's where they overlap.
    "portal",
    "showcase",
    "moderation",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",  # catalogue query log (no personal data) and promoted cases
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portal.admin_site.PortalAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    # django-ninja's bundled Swagger UI (static files and template) for /api/v1/docs: no CDN.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A known catalogue address's search sent to Elasticsearch first: it works while the rest runs (issue 20.1).
    "showcase.catalogue_route.CatalogueSearchFirstMiddleware",
    # After WhiteNoise (static files need no policy), before everything that
    # may answer, so every page, error and 503 carries the headers.
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # Turns "the database is unreachable" into a friendly 503 (no DB access while rendering it).
    "portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): was a second factor given in this session (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    # Staff without a confirmed device reach only the set-up page; a second factor is asked after the password.
    "portal.two_factor.middleware.TwoFactorMiddleware",
    # An admin URL naming somebody else's never-submitted draft answers 404 (issue 13: drafts are private).
    "showcase.admin_guard.PrivateDraftAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The catalogue stamp read once per page request; Wagtail's site remembered under it (showcase/request_site.py).
    "showcase.request_site.RequestSiteMiddleware",
    # An anonymous request for a public page rendered before at the same catalogue stamp is answered
    # from the per-process store before routing and rendering (showcase/http_cache.py, showcase/page_store.py).
    "showcase.http_cache.StoredPublicPageMiddleware",
    # Wagtail's routing of the catalogue's address, remembered until the catalogue's change stamp moves.
    "showcase.catalogue_route.CatalogueRouteMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:pass@db:5432/aishowcase. Unset: a SQLite
# file in the project, so the site runs with no server installed.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches and HTTP caching (portal/settings/caching.py) --------------------
from .caching import *  # noqa: E402, F403

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Our own log-in page for everyone; Wagtail's front-end login (/_util/login/,
# used for attendees-only cases) redirects to it (portal/urls.py).
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "submissions:list"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
# The e-mail verification link works this long (seconds).
PORTAL_VERIFICATION_MAX_AGE = env_int("PORTAL_VERIFICATION_MAX_AGE", 60 * 60 * 48)
# Links in e-mails to submitters start with this (defaults to WAGTAILADMIN_BASE_URL).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL")
# Attempts per IP address and per account: (limit, window in seconds).
PORTAL_RATE_LIMITS = {
    "login-ip": (20, 15 * 60),
    "login-account": (5, 15 * 60),
    "register-ip": (5, 60 * 60),
    "register-account": (3, 60 * 60),
    "resend-account": (3, 60 * 60),
    "reset-account": (3, 60 * 60),
    "problem-report-ip": (5, 60 * 60),  # issue 15: "Report a problem with this case", no account needed
    # Second-factor codes, like passwords: a six-digit code must not be guessable by trying.
    "otp-ip": (20, 15 * 60),
    "otp-account": (5, 15 * 60),
    "otp-recovery-account": (5, 60 * 60),
    # A person's copy of their data (portal/my_data_views.py): a few a day is plenty, each is a heavy query.
    "data-download-account": (5, 60 * 60),
}

# --- The API's per-client rate limit (showcase/api/ratelimit.py, docs/API.md "Rate limit") ---------
#: Requests per window from one IP address (anonymous) or one account (signed in); every /api/v1/ URL counts.
API_RATE_LIMIT_ANONYMOUS = env_int("API_RATE_LIMIT_ANONYMOUS", 120)
API_RATE_LIMIT_SIGNED_IN = env_int("API_RATE_LIMIT_SIGNED_IN", 600)
API_RATE_LIMIT_WINDOW = env_int("API_RATE_LIMIT_WINDOW", 60)  # seconds

# --- Two-factor sign-in (portal/two_factor/, docs/SECURITY.md "Two-factor sign-in") ---
#: Members of these groups (and anyone with admin access) must confirm a TOTP device before the admin opens.
TWO_FACTOR_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", ["Reviewers", "Editors", "Meeting organisers"])
#: The name authenticator apps show next to the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "AI for Law Enforcement showcase")
# django-otp's own per-device delays are off: failed codes count in PORTAL_RATE_LIMITS instead, the one
# rule for passwords and codes (a delay per device would also let anyone lock a colleague's device).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
#: How many single-use recovery codes a person gets at set-up.
TWO_FACTOR_RECOVERY_CODES = 10

# --- Confidential answers encrypted at rest (moderation/encryption.py) -----------------------
#: Fernet keys, comma-separated; the first encrypts, all decrypt (rotation: put a new key first, run
#: `manage.py rotate_encryption_keys`, then drop the old one). Kept apart from database backups
#: (docs/OPERATIONS.md). Unset outside production: a key derived from SECRET_KEY (production refuses that).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
if not FIELD_ENCRYPTION_KEYS:
    import base64 as _base64
    import hashlib as _hashlib

    FIELD_ENCRYPTION_KEYS = [
        _base64.urlsafe_b64encode(_hashlib.sha256(f"field-encryption:{SECRET_KEY}".encode()).digest()).decode()
    ]

# --- Retention (portal/retention.py, docs/PRIVACY.md) ------------------------------------------
#: Months after a decline or withdrawal before the confidential answers are erased.
RETENTION_CLOSED_MONTHS = env_int("RETENTION_CLOSED_MONTHS", 12)
#: Months a draft may stay untouched before it counts as abandoned and its confidential answers are erased.
RETENTION_ABANDONED_DRAFT_MONTHS = env_int("RETENTION_ABANDONED_DRAFT_MONTHS", 12)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
#: English date formats without "p.m." (no double full stop after a time): portal/formats/.
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Complex page models exceed Django's default of 1000 fields in Wagtail's editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "AI for Law Enforcement showcase <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks -----------------------------------------------------
# Index updates and e-mails run as django-tasks. The database backend queues
# them for `manage.py db_worker` (the docker-compose `worker`); TASKS_BACKEND
# may switch to the immediate backend for a single-process deployment.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# --- Scheduled jobs: SCHEDULED_JOBS and the settings of the jobs (portal/settings/jobs.py) ---
from .jobs import *  # noqa: E402, F403

# --- Search ---------------------------------------------------------------
# Wagtail's own admin search always uses the database; the public catalogue
# uses Elasticsearch through our own index when ELASTICSEARCH_URL is set
# (see showcase/search/), and the database search otherwise.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_TIMEOUT = float(env_str("ELASTICSEARCH_TIMEOUT", "2"))
CATALOGUE_INDEX_PREFIX = env_str("CATALOGUE_INDEX_PREFIX", "aishowcase")
# Days the catalogue's query log (texts, filters, result counts per day; no personal data) is kept.
SEARCH_QUERY_RETENTION_DAYS = int(env_str("SEARCH_QUERY_RETENTION_DAYS", "180"))

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "AI for Law Enforcement — Use-case showcase"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_USER_CUSTOM_FIELDS: list[str] = []
# Uploaded images and documents (docs/SECURITY.md, "Media"). Images are served only by
# portal/media.py, which lets a person see an image only if they may see a case using it;
# their files get random names (portal/uploads.py). Documents are always served through
# Wagtail's /documents/ view, which checks collection privacy — never by a redirect to,
# or a link into, the storage (the default would switch to "redirect" on remote storage).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True  # Content-Disposition: attachment, and Wagtail's default-src 'none'
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
TAGGIT_CASE_INSENSITIVE = True

# --- Security defaults that hold everywhere -------------------------------
# docs/SECURITY.md explains each control and names the test that checks it.
# Django's database sessions; portal/sessions.py reads a session by a prepared statement (issue 20.4).
SESSION_ENGINE = "portal.sessions"
SESSION_COOKIE_HTTPONLY = True
# A session lasts at most a working day and ends when the browser closes:
# the portal is used from shared office computers, and every wizard step is
# saved as a draft, so logging in again loses nothing.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form post gets the site's own page, in the reader's language (not Django's developer page).
CSRF_FAILURE_VIEW = "portal.error_views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Seconds a client is asked to wait when the database is unreachable (the 503 page).
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 30)

# Content-Security-Policy (django-csp 4; the policy is chosen per request by
# portal.middleware.ContentSecurityPolicyMiddleware). The public site and the
# portal are strict: no inline script, no inline style, no eval, nothing from
# another origin, never framed. CSP_FRAME_SRC may list video hosts (e.g.
# https://www.youtube-nocookie.com) if editors embed videos in rich text.
_CSP_NONE, _CSP_SELF = "'none'", "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF],
        "style-src": [_CSP_SELF],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        "frame-src": [_CSP_SELF, *env_list("CSP_FRAME_SRC")],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
    }
}
# Wagtail's admin (and the Django admin) still rely on inline scripts, inline
# styles and blob: previews (https://github.com/wagtail/wagtail/issues/1288),
# and the live preview frames the site's own pages. Only signed-in staff reach
# these pages; everything else of the strict policy still holds.
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [_CSP_SELF],
    "script-src": [_CSP_SELF, "'unsafe-inline'"],
    "style-src": [_CSP_SELF, "'unsafe-inline'"],
    "img-src": [_CSP_SELF, "data:", "blob:"],
    "font-src": [_CSP_SELF, "data:"],
    "connect-src": [_CSP_SELF],
    "frame-src": [_CSP_SELF, *env_list("CSP_FRAME_SRC")],
    "object-src": [_CSP_NONE],
    "base-uri": [_CSP_SELF],
    "form-action": [_CSP_SELF],
    "frame-ancestors": [_CSP_SELF],
}
# Staff e-mail addresses are not sent to Gravatar (an MD5 of the address is an identifier),
# and the admin does not call releases.wagtail.org: the admin loads nothing from elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
#: Path prefixes served under ADMIN_CONTENT_SECURITY_POLICY.
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
# Permissions-Policy: the site uses no device feature at all.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per request to Elasticsearch at INFO would drown the log.
        "elastic_transport": {"level": "WARNING"},
    },
}

# Demo data (manage.py seed_demo) uses public passwords: never on a real site.
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", False)

# --- Catalogue content (showcase: use-case pages, taxonomies, tag pages) ---
# django-countries supplies the ISO 3166 country list and the multi-country
# field of a case; routable_page serves the tag pages under the catalogue
# (/cases/tags/<slug>/).
INSTALLED_APPS += [
    "django_countries",
    "wagtail.contrib.routable_page",
]

# Stable case numbers (issue 15): PREFIX-YEAR-SEQUENCE, e.g. AILE-2026-0042, given at first publication.
CASE_NUMBER_PREFIX = env_str("CASE_NUMBER_PREFIX", "AILE").strip().upper() or "AILE"

# --- Moderation (moderation app: the responsible-use review workflow) ------
# Final sign-off publishes the case, records the decision and lets the portal
# tell the submitter (moderation/workflow.py). Wagtail's own workflow e-mails
# reach staff only (moderation/notifications.py); submitters hear from the portal.
WAGTAIL_FINISH_WORKFLOW_ACTION = "moderation.workflow.publish_and_notify"
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
WAGTAILADMIN_NOTIFICATION_USE_HTML = True
