"""Configuration comes from the environment; bad values fail at start and name the variable."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "union_portal.settings.production",
    "SECRET_KEY": "k" * 30 + "-production-secret-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "union.example.edu.cn",
}


def manage(*args, **env):
    # A clean start: no settings module chosen, and no test-only switches (the browser tests set one).
    inherited = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {key: value for key, value in os.environ.items() if key not in inherited}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_invalid_value_fails_at_start_naming_the_variable():
    result = manage("check", DEBUG="maybe", SESSION_COOKIE_AGE="eight hours")
    assert result.returncode != 0
    assert "SESSION_COOKIE_AGE" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    result = manage("check", **env, SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_an_unknown_storage_backend_is_named():
    result = manage("check", STORAGE_BACKEND="ftp")
    assert result.returncode != 0
    assert "STORAGE_BACKEND" in result.stderr


def test_the_defaults_are_chinese_in_shanghai_time():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_s3_storage_is_configured_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.core.files.storage import storages; "
        'print(type(storages["default"]).__name__, storages["default"].bucket_name)',
        STORAGE_BACKEND="s3",
        S3_BUCKET="union-files",
        S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert result.returncode == 0, result.stderr
    assert "S3Storage union-files" in result.stdout


def test_s3_storage_without_a_bucket_names_the_variable():
    result = manage("check", STORAGE_BACKEND="s3")
    assert result.returncode != 0
    assert "S3_BUCKET" in result.stderr
