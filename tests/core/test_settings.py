"""The settings module refuses to start in production mode without its secrets, and
`check --deploy` is clean when they are given. Each case runs in a fresh interpreter,
because settings are read once per process."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str | None) -> subprocess.CompletedProcess:
    """manage.py in a fresh interpreter with `env` added (None: the variable unset)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update({k: v for k, v in env.items() if v is not None})
    for name in [k for k, v in env.items() if v is None]:
        clean.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_stops_with_a_clear_message():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="werk.example.be")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_clear_message():
    result = _manage("check", DEBUG="false", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="k" * 20 + "Zq8#pL2v!Xw9@rT4$bN7^mC1&hJ6*yD3(fG5)sA0",
        ALLOWED_HOSTS="werk.example.be",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_embedded_default_is_sqlite_eager_console():
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='gewaardeerd.settings';"
        "django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.DEBUG, s.LANGUAGE_CODE)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "DEBUG"}
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "True",
        "nl",
    ], out.stderr


def test_environment_switches_on_postgres_redis_and_smtp():
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='gewaardeerd.settings';"
        "django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND,"
        " s.EMAIL_HOST)"
    )
    env = dict(
        os.environ,
        DATABASE_URL="postgres://u:p@db.example:5432/werk",
        CELERY_BROKER_URL="redis://cache.example:6379/0",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example:587",
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == [
        "django.db.backends.postgresql",
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example",
    ], out.stderr


def test_cache_url_switches_on_the_shared_cache_and_page_cache():
    script = (
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SHARED_CACHE, s.PAGE_CACHE_SECONDS)"
    )
    embedded = _manage("shell", "-c", script, CACHE_URL=None, PAGE_CACHE_SECONDS=None)
    assert embedded.stdout.split()[-3:] == [
        "django.core.cache.backends.locmem.LocMemCache",
        "False",
        "0",
    ], embedded.stderr
    shared = _manage(
        "shell", "-c", script, CACHE_URL="redis://127.0.0.1:6379/1", PAGE_CACHE_SECONDS=None
    )
    assert shared.stdout.split()[-3:] == [
        "core.cache.ForgivingRedisCache",
        "True",
        "300",
    ], shared.stderr
