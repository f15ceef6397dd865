"""Settings for Hamkori, read from the environment with safe development defaults.

HAMKORI_DATA_DIR       SQLite database, uploads and the generated secret key (default ./var)
DATABASE_URL           e.g. postgres://postgres@127.0.0.1:5432/hamkori (SQLite if unset)
HAMKORI_SECRET_KEY     secret key; if unset, one is generated once and kept in the data dir
HAMKORI_DEBUG          "true" for development (default false)
HAMKORI_ALLOWED_HOSTS  comma-separated host names (default 127.0.0.1,localhost)
HAMKORI_HTTPS          "true" behind TLS: secure cookies, HSTS, redirect (default: not debug)
HAMKORI_EMAIL_URL      smtp://user:pass@host:port or smtp+tls://... (unset: files in the data dir)
HAMKORI_EMAIL_FROM     sender address of notifications
HAMKORI_SITE_URL       public address for links in e-mails (default from the first allowed host)
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("HAMKORI_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("HAMKORI_DEBUG", False)
HTTPS = env_bool("HAMKORI_HTTPS", not DEBUG)


def _secret_key() -> str:
    key = os.environ.get("HAMKORI_SECRET_KEY")
    if key:
        return key
    # A key generated once per data directory keeps sessions valid across restarts
    # without ever putting a secret in the repository.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("HAMKORI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]

# The public address, for links in e-mails (which are sent outside any request).
SITE_URL = os.environ.get("HAMKORI_SITE_URL", "").rstrip("/") or (
    f"{'https' if HTTPS else 'http'}://{ALLOWED_HOSTS[0] if ALLOWED_HOSTS else 'localhost'}"
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "hamkori.core",
    "hamkori.rules",
    "hamkori.accounts",
    "hamkori.registry",
    "hamkori.calls",
    "hamkori.applications",
    "hamkori.reviews",
    "hamkori.decisions",
    "hamkori.contracts",
    "hamkori.monitoring",
    "hamkori.councils",
    "hamkori.meetings",
    "hamkori.recommendations",
    "hamkori.dialogue",
    "hamkori.problems",
    "hamkori.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hamkori.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hamkori" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hamkori.core.context_processors.navigation",
            ],
            "builtins": ["django.templatetags.i18n", "hamkori.core.templatetags.hamkori"],
        },
    }
]

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "hamkori.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hamkori.accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "portal:home"

# Lock-out after repeated failed sign-ins (per e-mail address and per client address).
LOGIN_FAILURE_LIMIT = int(os.environ.get("HAMKORI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("HAMKORI_LOGIN_IP_FAILURE_LIMIT", "30"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("HAMKORI_LOGIN_LOCKOUT_SECONDS", "900"))

SESSION_COOKIE_AGE = int(os.environ.get("HAMKORI_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "ru"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("tg", "Тоҷикӣ"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "hamkori" / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Almaty"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "hamkori" / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "files"
HAMKORI_MAX_UPLOAD_BYTES = int(os.environ.get("HAMKORI_MAX_UPLOAD_MB", "20")) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG


def _email_settings(url: str) -> dict:
    if not url:
        # Without SMTP, mail is written to files in the data dir (one file per message), so
        # the demo and development can read what would have been sent.
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": DATA_DIR / "mail",
        }
    parsed = urlparse(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or 25,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_TLS": parsed.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_TIMEOUT": 20,
    }


globals().update(_email_settings(os.environ.get("HAMKORI_EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("HAMKORI_EMAIL_FROM", "Hamkori <noreply@hamkori.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HAMKORI_LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "hamkori.portal.views.csrf_failure"
