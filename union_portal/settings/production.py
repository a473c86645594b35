"""Production: secrets required, HTTPS assumed behind a proxy, hardened cookies and headers."""

from .base import *  # noqa: F403
from .base import env, env_or_fail

DEBUG = False
SECRET_KEY = env_or_fail(env.str, "SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "Invalid value for environment variable SECRET_KEY: production needs a random key of 50+ characters"
    )
ALLOWED_HOSTS = env_or_fail(env.list, "ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_or_fail(env.bool, "SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_or_fail(env.int, "SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# /healthz is probed over plain HTTP by the container orchestrator.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
