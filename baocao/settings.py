"""Settings for baocao: one file, every knob from the environment.

DATABASE_URL    sqlite:///PATH or postgres://... (default: SQLite under var/)
SECRET_KEY      the signing key; without it a random one is made once and kept in var/secret_key
BAOCAO_HTTPS    "1" when served behind HTTPS: Secure cookies, HSTS, redirect to https
DEBUG           "1" to turn on Django's debug pages
ALLOWED_HOSTS   comma separated (default: 127.0.0.1,localhost)
BAOCAO_VAR      folder for the SQLite file, uploads and generated files (default: ./var)
"""

import os
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from baocao import secret_key

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("BAOCAO_VAR", Path.cwd() / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = os.environ.get("DEBUG", "") == "1"
SECRET_KEY = secret_key.load_or_create(VAR_DIR)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "csp",
    "baocao.catalog",
    "baocao.accounts",
    "baocao.reports",
    "baocao.rules",
    "baocao.documents",
    "baocao.importer",
    "django_tasks",
    "django_tasks_db",
    "baocao.web",
    "baocao.analytics",
    "baocao.backup",
    "baocao.offices",
    "baocao.api",
    "baocao.registry",
]
# `baocao extract`, `check FILE` and `render` read a file or the database and write a
# file: cli.py sets BAOCAO_APPS=files for them, and they start without the apps only the
# web and the task worker use (~0.1 s of each such command, issue 18). `baocao serve`
# migrates every app when it starts, so a database first made by one of them is whole.
WEB_ONLY_APPS = {
    "django.contrib.admin", "django.contrib.sessions", "django.contrib.messages",
    "django.contrib.staticfiles", "django.contrib.humanize", "django_htmx", "axes", "csp",
    "django_tasks", "django_tasks_db",
    # Ours that no file command reads: pages, the API, offices, the register of numbers,
    # roles. Not analytics and backup: `check FILE` may migrate (ensure_catalog), and
    # their migrations and migrate hooks keep the triggers on the reports tables.
    "baocao.web", "baocao.api", "baocao.offices", "baocao.registry", "baocao.accounts",
}  # fmt: skip
if os.environ.get("BAOCAO_APPS") == "files":
    INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in WEB_ONLY_APPS]
# django-ninja is not an installed app: importing it (with pydantic) costs every command
# ~0.25 s of start-up. Its Swagger UI page and assets are found through DIRS below
# (baocao/api/main.py renders the page from them; no CDN). find_spec does not import it.
NINJA_DIR = Path(find_spec("ninja").origin).parent

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baocao.accounts.sessions.SlidingSessionMiddleware",  # sliding expiry, few writes
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baocao.api.problems.ProblemMiddleware",  # errors under /api/ as problem+json
    "axes.middleware.AxesMiddleware",  # last: turns a locked login into the lock page
]

ROOT_URLCONF = "baocao.urls"
WSGI_APPLICATION = "baocao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'baocao.sqlite3'}"
    db = dj_database_url.parse(url, conn_max_age=60)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server read while a clerk saves; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue instead of failing with "database is locked".
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        db["CONN_MAX_AGE"] = 0
    elif db["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: analytics' statements over a province's communes are costed above
        # jit_above_cost (~80,000 index seeks) and compiling one took 1.4 s of its 2.6 s
        # at 4x the nation; no query here runs long enough to repay a compilation.
        db.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# django-axes: the backend refuses a locked login before the password is checked, so
# the admin's login is limited too; AxesMiddleware (last) shows the lock page.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static", NINJA_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns when it is missing; files come from the finders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Uploads: reports are a few MB; anything larger is refused before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
BAOCAO_MAX_UPLOAD_BYTES = int(os.environ.get("BAOCAO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# -- Security (README "Running in production") --------------------------------------
# Behind a TLS proxy: cookies only over HTTPS, HSTS, and http redirected to https.
HTTPS = os.environ.get("BAOCAO_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("BAOCAO_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("BAOCAO_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check speaks plain http
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
X_FRAME_OPTIONS = "DENY"
# A working day, sliding: requests move the end, so an idle session ends after 9 hours
# and a clerk at work is never logged out mid-report. The session is written again at
# most every 5 minutes (accounts/sessions.py), not on every request.
SESSION_COOKIE_AGE = 9 * 3600
SESSION_SAVE_EVERY_REQUEST = False

# No inline script anywhere (JS is in static files); inline <style> blocks stay allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login lock-out (django-axes): 5 failures for one name from one address lock that pair
# for 15 minutes; other users and other addresses are not affected. Counting is done in
# the database inside a transaction (select_for_update), so parallel attempts cannot
# slip past the limit (accounts/lockout.py). Behind a reverse proxy, set
# BAOCAO_TRUSTED_PROXIES to the number of proxies in front of the app: the client address
# is then read from X-Forwarded-For (that many hops from the right); without it the
# header is ignored (anyone can forge it).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_USERNAME_CALLABLE = "baocao.accounts.lockout.username"
AXES_VERBOSE = False
BAOCAO_TRUSTED_PROXIES = int(os.environ.get("BAOCAO_TRUSTED_PROXIES", "0") or 0)
AXES_CLIENT_IP_CALLABLE = "baocao.accounts.lockout.client_ip"

# Uploads left by an import that was never finished are removed after this long.
BAOCAO_UPLOAD_MAX_AGE_HOURS = 24

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"baocao": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")}},
}

# Background jobs (the importer's archive import): Django's tasks framework through
# django-tasks. Immediate by default, so `make run` needs no other service; with
# BAOCAO_TASKS=db jobs wait in the database for `baocao db_worker` (django-tasks-db).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("BAOCAO_TASKS") == "db"
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}
