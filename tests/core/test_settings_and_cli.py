"""Settings come from the environment and fail loudly; the command wraps Django's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sepakat.cli import _django_argv
from sepakat.env import EnvironmentError_, env_bool, env_int


def test_env_bool_refuses_an_unclear_value(monkeypatch):
    monkeypatch.setenv("SEPAKAT_X", "ya")
    with pytest.raises(EnvironmentError_, match="SEPAKAT_X"):
        env_bool("SEPAKAT_X")
    monkeypatch.setenv("SEPAKAT_X", "on")
    assert env_bool("SEPAKAT_X") is True


def test_env_int_names_the_variable(monkeypatch):
    monkeypatch.setenv("SEPAKAT_N", "lima")
    with pytest.raises(EnvironmentError_, match="SEPAKAT_N"):
        env_int("SEPAKAT_N", 5)


def _settings_process(
    tmp_path: Path, prints: str, *, without_redis: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    """Load the settings in a fresh interpreter with only the given environment (and,
    when asked, as if the redis package were not installed), and print ``prints``."""
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))
    }
    full_env.update({"SEPAKAT_DATA_DIR": str(tmp_path), **env})
    code = (
        ("import sys; sys.modules['redis'] = None;" if without_redis else "")
        + "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sepakat.settings';"
        "django.setup();"
        "from django.conf import settings as s;" + prints
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, check=False
    )


def run_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return _settings_process(
        tmp_path, "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.DATABASES['default']['ENGINE'])", **env
    )


def test_no_setting_at_all_gives_sqlite_in_the_data_folder(tmp_path):
    result = run_settings(tmp_path)
    # DEBUG stays off unless a developer sets SEPAKAT_DEBUG=1.
    assert result.stdout.split() == ["False", "False", "django.db.backends.sqlite3"]


def test_importing_the_settings_writes_no_file(tmp_path):
    # A test run or a django-admin call must leave nothing in the folder it runs from.
    data_dir = tmp_path / "not-yet"
    result = run_settings(tmp_path, SEPAKAT_DATA_DIR=str(data_dir))
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_command_makes_the_data_folder_and_keeps_the_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))}
    env["SEPAKAT_DATA_DIR"] = str(tmp_path / "data")
    code = "from sepakat.cli import main; main(['manage', 'check'])"
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
    key_file = tmp_path / "data" / "secret_key"
    assert len(key_file.read_text()) > 40
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_production_needs_a_secret_key(tmp_path):
    result = run_settings(tmp_path, SEPAKAT_PRODUCTION="1")
    assert result.returncode != 0
    assert "SEPAKAT_SECRET_KEY must be set" in result.stderr


def test_production_switches_on_secure_settings_and_postgresql(tmp_path):
    result = run_settings(
        tmp_path,
        SEPAKAT_PRODUCTION="1",
        SEPAKAT_SECRET_KEY="x" * 50,
        SEPAKAT_ALLOWED_HOSTS="sepakat.example.go.id",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/sepakat",
    )
    assert result.stdout.split() == ["False", "True", "django.db.backends.postgresql"]


def test_the_command_maps_imports_to_management_commands():
    assert _django_argv(["import", "regions", "f.csv"]) == ["import_regions", "f.csv"]
    assert _django_argv(["worker"]) == ["db_worker"]
    assert _django_argv(["manage", "migrate"]) == ["migrate"]


def test_an_import_without_a_kind_exits_2_with_a_message():
    result = subprocess.run(
        [sys.executable, "-m", "sepakat", "import"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "regions" in result.stderr


@pytest.mark.slow
def test_production_settings_serve_pages_after_collectstatic(tmp_path):
    """The production switch gives a site that passes Django's deployment checks and serves
    the home page with hashed static files over HTTPS."""
    # A clean environment: the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is exactly what the
    # deployment checks refuse.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SEPAKAT_", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(
        SEPAKAT_DATA_DIR=str(tmp_path),
        SEPAKAT_PRODUCTION="1",
        SEPAKAT_SECRET_KEY="k" * 30 + "-production-secret-for-the-test-0123456789",
        SEPAKAT_ALLOWED_HOSTS="sepakat.contoh.go.id",
    )

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sepakat", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    migrate = run("manage", "migrate", "-v0")
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    deploy = run("manage", "check", "--deploy", "--fail-level", "WARNING")
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    collect = run("manage", "collectstatic", "--noinput", "-v0")
    assert collect.returncode == 0, collect.stderr[-3000:]
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='sepakat.settings';"
        "django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='sepakat.contoh.go.id');"
        "r = c.get('/', secure=True); print(r.status_code, r['Strict-Transport-Security']);"
        "print('sepakat.' in r.content.decode() and '.css' in r.content.decode());"
        "print(c.get('/', secure=False).status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    lines = result.stdout.split("\n")
    assert lines[0].startswith("200 max-age="), result.stderr[-2000:]
    assert lines[1] == "True", result.stdout + result.stderr[-2000:]
    assert lines[2] == "301", result.stdout  # plain HTTP is redirected to HTTPS


def _analysis_cache(
    tmp_path: Path, *, without_redis: bool = False, **env: str
) -> subprocess.CompletedProcess[str]:
    return _settings_process(
        tmp_path,
        "c = s.CACHES['analysis'];"
        "print(c['BACKEND'].rsplit('.', 1)[1], c.get('LOCATION', ''), c.get('KEY_PREFIX', ''))",
        without_redis=without_redis,
        **env,
    )


def test_the_analysis_cache_is_a_folder_of_the_data_folder_unless_redis_is_named(tmp_path):
    # A folder every server process shares, with nothing to install.
    default = _analysis_cache(tmp_path).stdout.split()
    assert default == ["FileBasedCache", str(tmp_path / "cache" / "analysis")]
    assert not (tmp_path / "cache").exists()  # made when first written, not on import
    assert _analysis_cache(tmp_path, SEPAKAT_CACHE_URL="off").stdout.split() == ["DummyCache"]
    # Two sites on one Redis server: each database names its own entries.
    one = _analysis_cache(tmp_path, SEPAKAT_CACHE_URL="redis://127.0.0.1:6379/1").stdout.split()
    other = _analysis_cache(
        tmp_path,
        SEPAKAT_CACHE_URL="redis://127.0.0.1:6379/1",
        DATABASE_URL="postgres://u:p@127.0.0.1:5432/sepakat_latihan",
    ).stdout.split()
    assert one[0] == other[0] == "RedisCache" and one[2] != other[2]


def test_redis_named_without_its_package_is_refused_at_start(tmp_path):
    result = _analysis_cache(
        tmp_path, without_redis=True, SEPAKAT_CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert result.returncode != 0
    assert "pip install 'sepakat[redis]'" in result.stderr


def test_an_unknown_cache_address_is_refused_by_name(tmp_path):
    result = _analysis_cache(tmp_path, SEPAKAT_CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "SEPAKAT_CACHE_URL='memcached://127.0.0.1:11211'" in result.stderr
