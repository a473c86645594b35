"""Settings shared by every environment; values that differ come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_or_fail(reader, name: str, **kwargs):
    """Read a variable, and fail at start with a message that names it when it is malformed."""
    try:
        return reader(name, **kwargs)
    except (ValueError, TypeError, ImproperlyConfigured, KeyError) as exc:
        raise ImproperlyConfigured(f"Invalid value for environment variable {name}: {exc}") from exc


SECRET_KEY = env_or_fail(env.str, "SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env_or_fail(env.bool, "DEBUG", default=False)
ALLOWED_HOSTS = env_or_fail(env.list, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_or_fail(env.list, "CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "simple_history",
    "rules",
    "csp",
    "django_celery_results",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_cas_ng",
    "apps.core",
    "apps.people",
    "apps.accounts",
    "apps.activities",
    "apps.welfare",
    "apps.proposals",
    "apps.purchases",
    "apps.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.SecondFactorMiddleware",
    "apps.core.replica.ReplicaPinMiddleware",
    "apps.core.figures_cache.FiguresChangedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.SecurityHeadersMiddleware",
]

# Content-Security-Policy (django-csp): only our own files; no inline script or style anywhere, so text a
# user typed can never run. The Django admin (superusers only) keeps its own inline bits.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "union_portal.urls"
WSGI_APPLICATION = "union_portal.wsgi.application"
ASGI_APPLICATION = "union_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env_or_fail(env.db_url, "DATABASE_URL", default="postgres:///union_portal")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_or_fail(env.int, "CONN_MAX_AGE", default=60)
# A connection the server ended (restart, failover, pg_terminate_backend) is replaced before the next request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction mode (DATABASE_TRANSACTION_POOLING=True) a connection is shared between
# transactions: no server-side cursors (exports then read in client-side chunks); the portal keeps no other
# session state (the one setting it changes, the trigram threshold, is SET LOCAL to its transaction).
if env_or_fail(env.bool, "DATABASE_TRANSACTION_POOLING", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A read replica (PostgreSQL streaming replication), when configured: reports, dashboards and exports read from
# it unless it lags or is down, or the user has just written (apps/core/replica.py; docs/scaling.md).
if env("REPLICA_DATABASE_URL", default=""):
    DATABASES["replica"] = env_or_fail(env.db_url, "REPLICA_DATABASE_URL")
    DATABASES["replica"].update(CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"], CONN_HEALTH_CHECKS=True)
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["apps.core.replica.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env_or_fail(env.float, "REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_PIN_SECONDS = env_or_fail(env.int, "REPLICA_PIN_SECONDS", default=10)
REPLICA_RETRY_SECONDS = env_or_fail(env.int, "REPLICA_RETRY_SECONDS", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

# How people sign in (docs/sign-in.md): AUTH_METHODS lists "local" (the portal's own accounts), "cas"
# (the campus 统一身份认证) and "ldap" (the campus directory), tried in that order. A campus identity is
# the 工号: it signs in the member with that staff number.
AUTH_METHOD_BACKENDS = {
    "local": "django.contrib.auth.backends.ModelBackend",
    "cas": "apps.accounts.cas.CampusCASBackend",
    "ldap": "apps.accounts.ldap.CampusLDAPBackend",
}
AUTH_METHODS = env_or_fail(env.list, "AUTH_METHODS", default=["local"])
if not AUTH_METHODS or set(AUTH_METHODS) - set(AUTH_METHOD_BACKENDS) or len(set(AUTH_METHODS)) < len(AUTH_METHODS):
    raise ImproperlyConfigured(
        f"Invalid value for environment variable AUTH_METHODS: {','.join(AUTH_METHODS)!r} "
        "(a comma-separated list of local, cas, ldap)"
    )
# Django-axes first: it refuses a locked-out name and address before any method is asked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    *(AUTH_METHOD_BACKENDS[method] for method in AUTH_METHODS),
]

# CAS (django-cas-ng), protocol 3.0 by default: the service ticket is validated against CAS_SERVER_URL.
CAS_SERVER_URL = env_or_fail(env.str, "CAS_SERVER_URL", default="")
if "cas" in AUTH_METHODS and not CAS_SERVER_URL:
    raise ImproperlyConfigured("Invalid value for environment variable CAS_SERVER_URL: AUTH_METHODS has cas")
CAS_VERSION = env_or_fail(env.str, "CAS_VERSION", default="3")
# The attributes the campus server releases: 工号 (when the CAS user name is something else), 姓名, 部门.
CAS_EMPLOYEE_NO_ATTRIBUTE = env_or_fail(env.str, "CAS_EMPLOYEE_NO_ATTRIBUTE", default="")
CAS_NAME_ATTRIBUTE = env_or_fail(env.str, "CAS_NAME_ATTRIBUTE", default="cn")
CAS_DEPARTMENT_ATTRIBUTE = env_or_fail(env.str, "CAS_DEPARTMENT_ATTRIBUTE", default="department")
CAS_ROOT_PROXIED_AS = env_or_fail(env.str, "CAS_ROOT_PROXIED_AS", default="") or None
CAS_CHECK_NEXT = True  # a next= that leaves the portal is refused
CAS_LOGOUT_COMPLETELY = True  # the portal's logout ends the CAS session too
CAS_CREATE_USER = False  # accounts are made from the roster by apps.accounts.identity, never from a bare name
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_REDIRECT_URL = "/"
CAS_STORE_NEXT = True  # next= is kept in the session through the round trip (checked on the way in)
CAS_IGNORE_REFERER = True  # never send someone back to the page they came from on another site
CAS_VERIFY_SSL_CERTIFICATE = True
if CAS_SERVER_URL:
    # The logout form's redirect to the CAS server's logout page is a form action too.
    _cas = urlsplit(CAS_SERVER_URL)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_cas.scheme}://{_cas.netloc}")

# LDAP (django-auth-ldap): the user's 工号 and password are checked by binding as the entry the search finds.
LDAP_SERVER_URI = env_or_fail(env.str, "LDAP_SERVER_URI", default="")
if "ldap" in AUTH_METHODS and not LDAP_SERVER_URI:
    raise ImproperlyConfigured("Invalid value for environment variable LDAP_SERVER_URI: AUTH_METHODS has ldap")
AUTH_LDAP_SERVER_URI = LDAP_SERVER_URI
AUTH_LDAP_START_TLS = env_or_fail(env.bool, "LDAP_START_TLS", default=False)
AUTH_LDAP_BIND_DN = env_or_fail(env.str, "LDAP_BIND_DN", default="")
AUTH_LDAP_BIND_PASSWORD = env_or_fail(env.str, "LDAP_BIND_PASSWORD", default="")
LDAP_SEARCH_BASE = env_or_fail(env.str, "LDAP_SEARCH_BASE", default="")
LDAP_SEARCH_FILTER = env_or_fail(env.str, "LDAP_SEARCH_FILTER", default="(uid=%(user)s)")
LDAP_NAME_ATTRIBUTE = env_or_fail(env.str, "LDAP_NAME_ATTRIBUTE", default="cn")
LDAP_DEPARTMENT_ATTRIBUTE = env_or_fail(env.str, "LDAP_DEPARTMENT_ATTRIBUTE", default="ou")
LDAP_TIMEOUT = env_or_fail(env.int, "LDAP_TIMEOUT", default=5)  # seconds, so a directory that is down answers fast
LDAP_CA_CERT_FILE = env_or_fail(env.str, "LDAP_CA_CERT_FILE", default="")
AUTH_LDAP_ALWAYS_UPDATE_USER = False
AUTH_LDAP_CACHE_TIMEOUT = 0
AUTH_LDAP_NO_NEW_USERS = False
AUTH_LDAP_REFRESH_DN_ON_BIND = True

# The second factor (django-otp, TOTP with recovery codes) for the roles that read private welfare records,
# hardship and illness details or the whole roster; and superusers (the Django admin site reads everything).
OTP_REQUIRED_ROLES = env_or_fail(env.list, "OTP_REQUIRED_ROLES", default=["officer", "admin"])
OTP_REQUIRED_FOR_SUPERUSERS = env_or_fail(env.bool, "OTP_REQUIRED_FOR_SUPERUSERS", default=True)
OTP_TOTP_ISSUER = env_or_fail(env.str, "OTP_TOTP_ISSUER", default="工会门户")
OTP_RECOVERY_CODES = 10
# Whom a refused campus identity is told to contact (a member not in the roster, a disabled account).
SIGNIN_CONTACT = env_or_fail(env.str, "SIGNIN_CONTACT", default="校工会办公室")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after eight idle hours, or when the browser closes.
SESSION_COOKIE_AGE = env_or_fail(env.int, "SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout after repeated failed logins (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env_or_fail(env.int, "AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_or_fail(env.str, "STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_or_fail(env.str, "MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Files go through the storage API: local disk by default, S3-compatible storage when
# STORAGE_BACKEND=s3 so that several web and worker machines share them.
STORAGE_BACKEND = env_or_fail(env.str, "STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    DEFAULT_FILE_STORAGE_CONFIG = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_or_fail(env.str, "S3_BUCKET"),
            "endpoint_url": env_or_fail(env.str, "S3_ENDPOINT_URL", default=None),
            "access_key": env_or_fail(env.str, "S3_ACCESS_KEY", default=None),
            "secret_key": env_or_fail(env.str, "S3_SECRET_KEY", default=None),
            "region_name": env_or_fail(env.str, "S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    DEFAULT_FILE_STORAGE_CONFIG = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(
        f"Invalid value for environment variable STORAGE_BACKEND: {STORAGE_BACKEND!r} (use 'local' or 's3')"
    )
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_CONFIG,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads larger than this are refused with a message (imports, attachments).
MAX_UPLOAD_SIZE = env_or_fail(env.int, "MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_SIZE + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

EMAIL_CONFIG = env_or_fail(env.email_url, "EMAIL_URL", default="consolemail://")
globals().update(EMAIL_CONFIG)
# Every mail goes out through a Celery task (apps/core/mail.py) that delivers it with the backend EMAIL_URL
# names, giving up on a mail server after EMAIL_TIMEOUT seconds and retrying later.
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set from EMAIL_URL just above
EMAIL_BACKEND = "apps.core.mail.TaskEmailBackend"
EMAIL_TIMEOUT = env_or_fail(env.int, "EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env_or_fail(env.str, "DEFAULT_FROM_EMAIL", default="工会门户 <union-portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: Redis broker, results in PostgreSQL (only for the periodic jobs that keep one), periodic schedule in
# the database. Every task uses apps.core.tasks.PortalTask: acknowledged late, handed back when its worker dies,
# queued after commit with primary keys. docs/jobs.md tells the whole story.
REDIS_URL = env_or_fail(env.str, "REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
# Django's cache: the dashboard's and previews' figures (apps/core/figures_cache.py). By default on the broker's
# Redis under a key prefix; CACHE_URL gives it a database of its own (a cache.clear() then cannot touch the queues).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_or_fail(env.str, "CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": "portal",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_IGNORE_RESULT = True  # job state lives on the job's own row; tasks whose result is read say so
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that then vanished whole is handed out again after this long: a little above the
# longest hard time limit, so a task still legitimately running is never delivered twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60, "socket_connect_timeout": 2}
# Publishing gives up quickly when Redis is down, so the page says so instead of hanging.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# Queues by kind, so PDF workers and bulk workers scale apart (docker-compose.yml runs one service per kind).
CELERY_QUEUE_NAMES = ("default", "pdf", "bulk", "mail")
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "apps.reports.tasks.render_report_version": {"queue": "pdf"},
    "apps.welfare.tasks.run_distribution": {"queue": "bulk"},
    "apps.core.tasks.send_email": {"queue": "mail"},
}
# A PDF worker's process is replaced after its task once it holds more than this (KiB; 0 = never).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_or_fail(env.int, "CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=0) or None

# Leases on running jobs (apps/core/jobs.py): a job whose heartbeat stopped this long ago is done again.
JOB_LEASE_SECONDS = env_or_fail(env.int, "JOB_LEASE_SECONDS", default=60)
JOB_HEARTBEAT_SECONDS = env_or_fail(env.float, "JOB_HEARTBEAT_SECONDS", default=15)
JOB_SWEEP_SECONDS = env_or_fail(env.float, "JOB_SWEEP_SECONDS", default=30)
# A job whose worker died this many times is marked failed instead of being tried again (a job that kills its worker).
JOB_MAX_ATTEMPTS = env_or_fail(env.int, "JOB_MAX_ATTEMPTS", default=3)

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic jobs, declared in one place (synced into django-celery-beat's tables).
CELERY_BEAT_SCHEDULE: dict = {
    # welfare: on the 1st, prepare next month's birthday greetings for officers to confirm.
    "welfare-prepare-next-month-birthdays": {
        "task": "apps.welfare.tasks.prepare_next_month_birthdays",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    # proposals: every morning, tell the committee and lead departments about overdue proposals.
    "proposals-notify-overdue": {"task": "apps.proposals.tasks.notify_overdue", "schedule": crontab(minute=30, hour=8)},
    # jobs whose worker died: queue them again once their lease has expired.
    "reports-requeue-expired-leases": {
        "task": "apps.reports.tasks.requeue_expired_leases",
        "schedule": timedelta(seconds=JOB_SWEEP_SECONDS),
    },
    "welfare-requeue-expired-leases": {
        "task": "apps.welfare.tasks.requeue_expired_leases",
        "schedule": timedelta(seconds=JOB_SWEEP_SECONDS),
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_or_fail(env.str, "LOG_LEVEL", default="INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# The union's own name, used in titles and on the annual report.
UNION_NAME = env_or_fail(env.str, "UNION_NAME", default="示范大学工会委员会")
