"""A small, real CAS server for the sign-in tests: django-mama-cas (CAS 1.0/2.0/3.0) in its own Django project,
run by tests/signin/cas.py in a second process on a free local port. Its users are campus identities: the
user name is the 工号, first_name the 姓名, last_name the 部门 (released as attributes)."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "cas-test-server-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "mama_cas",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "tests.signin.cas_server.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                           "django.contrib.messages.context_processors.messages"]},
    }
]  # fmt: skip
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["CAS_SERVER_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
STATIC_URL = "/static/"

# Every service on this machine may use it; each gets the campus attributes and single logout.
MAMA_CAS_SERVICES = [
    {
        "SERVICE": r"^http://(127\.0\.0\.1|localhost|testserver)(:\d+)?/",
        "CALLBACKS": ["tests.signin.cas_server.attributes.campus_attributes"],
        "LOGOUT_ALLOW": True,
        "LOGOUT_URL": "",
    }
]
MAMA_CAS_ENABLE_SINGLE_SIGN_OUT = True
MAMA_CAS_FOLLOW_LOGOUT_URL = True
