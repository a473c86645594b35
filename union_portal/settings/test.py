"""Tests: the real PostgreSQL and Redis, fast password hashing, files in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail sent in the test process lands in mail.outbox at once; tests of the mail task set
# EMAIL_BACKEND back to apps.core.mail.TaskEmailBackend and run a real worker.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
# TEST_MEDIA_ROOT lets a worker started by a fault test (another process) share the test's files.
MEDIA_ROOT = Path(os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="union-portal-test-media-"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# A database name of its own per checkout or helper (TEST_DATABASE_NAME), so parallel runs never collide.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_union_portal")}  # noqa: F405
# Lockout is tested on its own; other tests log in through force_login.
AXES_FAILURE_LIMIT = 3
CELERY_TASK_ALWAYS_EAGER = False
# A Redis database of its own, so that a developer's running worker never takes the tests' tasks;
# one per pytest-xdist worker (gw0, gw1, …), as each has its own test database.
_XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_redis_server, _redis_db = env("TEST_REDIS_URL", default="redis://127.0.0.1:6379/9").rsplit("/", 1)  # noqa: F405
REDIS_URL = f"{_redis_server}/{int(_redis_db) + _XDIST_WORKER}"
CELERY_BROKER_URL = REDIS_URL
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
# Tests sign in with force_login; the second factor's own tests turn it on for their roles.
OTP_REQUIRED_ROLES: list[str] = []
OTP_REQUIRED_FOR_SUPERUSERS = False
