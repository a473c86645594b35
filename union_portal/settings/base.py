"""Settings shared by every environment; values that differ come from the environment (django-environ)."""

from datetime import timedelta
from pathlib import Path

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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
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
