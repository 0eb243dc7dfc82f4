"""One settings module, driven by the environment.

DJANGO_ENV=production switches on the production hardening; DATABASE_URL selects the
database (SQLite under var/ by default); CELERY_BROKER_URL selects the broker (tasks run
eagerly without one).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PROFROST_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    return int(os.environ.get(name, default))


def env_days(name, default):
    """A retention term in days: a whole number, 0 for «keep for ever», empty for the default.
    A wrong value stops the start with a message naming the variable (docs/deploy.md)."""
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit():
        raise ImproperlyConfigured(
            f"{name}: срок хранения указывается целым числом дней (0 — хранить бессрочно), "
            f"а задано «{value}»."
        )
    return int(value)


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "dev-insecure-key-not-for-production-use-only-on-a-developer-machine"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's own widget templates, found by the TemplatesSetting renderer below.
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "profrost.core",
    "profrost.accounts",
    "profrost.registry",
    "profrost.competences",
    "profrost.diagnostics",
    "profrost.programs",
    "profrost.routes",
    "profrost.methodists",
    "profrost.network",
    "profrost.mentoring",
    "profrost.achievements",
    "profrost.practices",
    "profrost.staffing",
    "profrost.monitoring",
    "profrost.datarequests",
    "profrost.notifications",
    "profrost.consents",
    "profrost.demo",
    "profrost.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "profrost.core.middleware.LoginRequiredMiddleware",
    "profrost.core.middleware.NoStoreMiddleware",
    "profrost.core.middleware.ForbiddenAuditMiddleware",
    "profrost.accounts.second_factor.SecondFactorRequiredMiddleware",
    # After the second factor: the consent text is shown once after a login (consents/prompt.py).
    "profrost.consents.prompt.ConsentPromptMiddleware",
    # Last, as axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "profrost.urls"
# Widgets render through the project's templates, so profrost/templates/django/forms/ overrides
# Django's (an empty choice reads «— не выбрано —», not «---------»).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
CSRF_FAILURE_VIEW = "profrost.core.views_errors.csrf_failure"
WSGI_APPLICATION = "profrost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "profrost" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "profrost.core.context_processors.navigation",
                "profrost.core.context_processors.choices",
                "profrost.notifications.context_processors.bell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'profrost.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# Axes first: it refuses a locked-out login before the password is checked. Allauth's backend
# takes a login or an e-mail address (docs/accounts.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): made from the registry, never by signing up; a person logs in
# with the login or the e-mail address of the account.
ACCOUNT_ADAPTER = "profrost.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
# The second factor: TOTP with recovery codes. MFA_REQUIRED_FOR names who must set it up before
# anything else ("superuser" and role names of core.roles.Role); everyone else may.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ПрофРост"
MFA_REQUIRED_FOR = env_list(
    "MFA_REQUIRED_FOR", "superuser,regional_admin" if PRODUCTION else "superuser"
)
ACCOUNT_RATE_LIMITS = {
    # Failed logins are counted by axes (below), not by allauth's own limit.
    "login_failed": None,
    # A school or an office logs in from one address, a seminar's 60 people at once.
    "login": "120/m/ip",
}
ACCOUNT_PREVENT_ENUMERATION = True
# Single sign-on through the region's OpenID Connect provider (Keycloak or another broker of
# ЕСИА; docs/accounts.md, «Единый вход»). Configured by the environment alone: without
# OIDC_SERVER_URL there is no provider and no button. It only logs in to an existing account,
# found by e-mail or СНИЛС (accounts/social.py), and never creates one or gives a role.
SOCIALACCOUNT_ADAPTER = "profrost.accounts.social.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matching is ours, social.py
SOCIALACCOUNT_STORE_TOKENS = False
OIDC_PROVIDER_ID = "region"
OIDC_SNILS_CLAIM = os.environ.get("OIDC_SNILS_CLAIM", "snils")
OIDC_DEFAULT_NAME = "Вход через региональный портал"


def oidc_apps(server_url, client_id, secret, name=OIDC_DEFAULT_NAME, scopes=""):
    """The SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] list of one provider (none
    without a server URL); the tests build theirs with it too."""
    if not server_url:
        return []
    app_settings = {"server_url": server_url, "oauth_pkce_enabled": True}
    if scopes:
        app_settings["scope"] = scopes.split()
    return [
        {
            "provider_id": OIDC_PROVIDER_ID,
            "name": name,
            "client_id": client_id,
            "secret": secret,
            "settings": app_settings,
        }
    ]


SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": oidc_apps(
            os.environ.get("OIDC_SERVER_URL", ""),
            os.environ.get("OIDC_CLIENT_ID", ""),
            os.environ.get("OIDC_CLIENT_SECRET", ""),
            os.environ.get("OIDC_NAME") or OIDC_DEFAULT_NAME,
            os.environ.get("OIDC_SCOPES", "openid profile email"),
        )
    }
}
# How long the one-time link of an invitation letter works (docs/accounts.md).
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing (docs/architecture.md, «Вход»): failures are counted per account and per
# address until LOGIN_LOCKOUT_MINUTES pass without one; at its limit the account or the
# address is refused for that long, the right password included.
LOGIN_FAILURE_LIMITS = {
    "username": env_int("LOGIN_FAILURE_LIMIT", 10),
    # One school or office behind one address: a higher bar than for a single account.
    "ip_address": env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 30),
}
AXES_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", True)
AXES_HANDLER = "profrost.core.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = list(LOGIN_FAILURE_LIMITS)
# Axes itself compares every count with this one limit: set to the larger, it never locks
# sooner than our handler, which applies each parameter's own (core/lockout.py).
AXES_FAILURE_LIMIT = max(LOGIN_FAILURE_LIMITS.values())
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# A refused attempt does not prolong the lockout: the owner may come back when it was said.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "profrost.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "profrost.core.lockout.client_ip"
# One account, one count, whether its login or its e-mail address was typed.
AXES_USERNAME_CALLABLE = "profrost.core.lockout.account_key"
# How many proxies of ours stand before gunicorn, each adding to X-Forwarded-For (docs/deploy.md).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0)

# A session ends after this long without a request; each request starts the count anew.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
SESSION_SAVE_EVERY_REQUEST = True
# An API token is refused this many days after its issue; POST /api/token/ then issues a new
# one. Logging out revokes it (core/receivers.py).
API_TOKEN_LIFETIME = timedelta(days=env_int("API_TOKEN_LIFETIME_DAYS", 30))

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
STATICFILES_DIRS = [BASE_DIR / "profrost" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Bounds of an imported file, checked before and while it is read so that a hostile file is
# refused at the first bound it crosses (docs/import.md).
IMPORT_MAX_FILE_SIZE = env_int("IMPORT_MAX_FILE_SIZE", 10 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_SIZE = env_int("IMPORT_MAX_UNCOMPRESSED_SIZE", 100 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_SHEETS = env_int("IMPORT_MAX_SHEETS", 50)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELL_LENGTH = env_int("IMPORT_MAX_CELL_LENGTH", 2_000)
# An uploaded file (СНИЛС, birth dates) is kept only until its preview is confirmed, or this
# long; then the batch keeps the summary and the errors.
IMPORT_PREVIEW_RETENTION_HOURS = env_int("IMPORT_PREVIEW_RETENTION_HOURS", 24)
# A file larger than this is checked and written by a background job, not inside the request.
IMPORT_BACKGROUND_SIZE = env_int("IMPORT_BACKGROUND_SIZE", 512 * 1024)
# A confirmed file of more rows than this is written by a background job with a progress bar.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 2_000)
# A list export of more rows than this is written by a background job into EXPORT_ROOT (a
# folder no URL serves), downloaded by the user who asked for it and removed after
# EXPORT_RETENTION_HOURS (docs/exports.md).
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 20_000)
EXPORT_RETENTION_HOURS = env_int("EXPORT_RETENTION_HOURS", 24)
EXPORT_ROOT = Path(os.environ.get("PROFROST_EXPORT_ROOT", VAR_DIR / "exports"))
# Retention of personal data (docs/personal-data.md, «Сроки хранения»), applied daily by
# consents.tasks.apply_retention_task or `manage.py apply_retention`; 0 keeps for ever.
# Dismissed staff: days after the end of the last employment of a person who works nowhere.
RETENTION_DISMISSED_STAFF_DAYS = env_days("RETENTION_DISMISSED_STAFF_DAYS", 3 * 365)
# What an import batch keeps of its file (rows, errors, values): the file itself goes within
# IMPORT_PREVIEW_RETENTION_HOURS; the counts stay.
RETENTION_IMPORT_FILES_DAYS = env_days("RETENTION_IMPORT_FILES_DAYS", 90)
# Entries of the audit journal.
RETENTION_AUDIT_DAYS = env_days("RETENTION_AUDIT_DAYS", 3 * 365)
# The importer of each ImportBatch.kind, for the background jobs: core names no domain app.
IMPORTERS = {
    "organizations": "profrost.registry.importers.OrganizationImporter",
    "staff": "profrost.registry.importers.StaffImporter",
    "programs": "profrost.programs.importers.ProgramImporter",
    "results": "profrost.diagnostics.importers.ResultImporter",
}

# Builders of `manage.py seed_demo` (profrost/demo/), in order; each area appends its own.
DEMO_BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.consents.build_demo_consents",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.programs.build.build_demo_programs",
    "profrost.demo.mentoring.build.build_demo_mentoring",
    "profrost.demo.network.build.build_demo_network",
    "profrost.demo.practices.build.build_demo_practices",
    "profrost.demo.staffing.build_demo_staffing",
    "profrost.demo.achievements.build.build_demo_achievements",
    "profrost.demo.methodists.build_demo_methodists",
    "profrost.demo.routes.build_demo_routes",
    "profrost.demo.datarequests.build_demo_datarequests",
    "profrost.demo.monitoring.build_demo_monitoring",
    "profrost.demo.notifications.build_demo_notifications",
    "profrost.demo.programs.register.build_demo_register",
]

# Content-Security-Policy (docs/deploy.md, «Заголовки»): every script, style sheet, font and
# image comes from this site; no inline script, no eval. Inline style attributes are allowed
# (`style-src-attr`): the templates size bars and columns with them, and Bootstrap's and
# Chart.js' code sets them; they cannot run code. `data:` images are Bootstrap's own icons (the
# select arrow, the check mark). No form-action: single sign-on posts to us and is redirected
# to the region's provider, which the browser would count against it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "profrost.api.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "profrost.api.filtering.FilterBackend",
        "profrost.api.search.FoldedSearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ПрофРост API",
    "DESCRIPTION": "API реестра организаций и педагогических работников ПрофРост.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

# Mail (invitations, password reset) leaves through a Celery task (profrost/accounts/tasks.py).
# Under `make run` letters are written as files into var/mail/; production sends them over SMTP
# (docs/deploy.md).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ПрофРост <noreply@localhost>")
# The site's address for links in letters sent without a request (notifications, digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-abandoned-imports": {
        "task": "profrost.core.tasks.purge_abandoned_imports_task",
        "schedule": 60 * 60,  # hourly, so no file outlives its preview by more than an hour
    },
    "purge-old-exports": {
        "task": "profrost.core.tasks.purge_old_exports_task",
        "schedule": 60 * 60,  # hourly, so no export file outlives its day by more than an hour
    },
    "notification-digests": {
        "task": "profrost.notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),  # daily, before the working day (CELERY_TIMEZONE)
    },
    "apply-retention": {
        "task": "profrost.consents.tasks.apply_retention_task",
        "schedule": crontab(hour=3, minute=30),  # daily, at night (CELERY_TIMEZONE)
    },
    "clear-sessions": {
        "task": "profrost.core.tasks.clear_sessions_task",
        "schedule": crontab(hour=3, minute=45),  # daily, after the retention run
    },
    "notification-reminders": {
        "task": "profrost.notifications.tasks.send_reminders",
        # Daily, before the digests, so that a digest user reads the day's reminders in it.
        "schedule": crontab(hour=6, minute=30),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
FORMAT_MODULE_PATH = ["profrost.formats"]
