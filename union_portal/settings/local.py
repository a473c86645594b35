"""Development on one machine: static files found without collectstatic; debug only when asked (DEBUG=1),
so that `make run` shows the portal's own error pages, as users will see them."""

from .base import *  # noqa: F403
from .base import env, env_or_fail

DEBUG = env_or_fail(env.bool, "DEBUG", default=False)
ALLOWED_HOSTS = env_or_fail(env.list, "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# The demo's officer and administrator sign in with their password alone unless asked (docs/sign-in.md).
OTP_REQUIRED_ROLES = env_or_fail(env.list, "OTP_REQUIRED_ROLES", default=[])
OTP_REQUIRED_FOR_SUPERUSERS = env_or_fail(env.bool, "OTP_REQUIRED_FOR_SUPERUSERS", default=False)
