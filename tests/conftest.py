"""Shared fixtures: a small region tree and named personas.

- nation "ID" > province 98 "Provinsi Uji" > kab A (98.01) and kab B (98.02)
- alice: planner of kab A          - bob: regional admin of kab A (has a second factor)
- charlie: planner of kab B (the outsider for A)
- diana: central admin             - erin: data operator of kab A
- frank: viewer of kab A           - grace: trainer
- hana: regional admin of the province
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Every test run keeps its files (secret key, uploads, Parquet) out of the work tree.
if "SEPAKAT_DATA_DIR" not in os.environ:
    import tempfile

    os.environ["SEPAKAT_DATA_DIR"] = tempfile.mkdtemp(prefix="sepakat-test-")
# Settings make no folder when imported; WhiteNoise wants its (empty) static folder.
Path(os.environ["SEPAKAT_DATA_DIR"], "static").mkdir(parents=True, exist_ok=True)

PASSWORD = "sandi-uji-yang-panjang-1"


@pytest.fixture(autouse=True)
def _test_settings(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> None:
    """Each test keeps its files in its own folder, and uses a fast password hasher
    (Argon2 is deliberately slow) unless it checks hashing itself."""

    settings.MEDIA_ROOT = tmp_path / "files"
    settings.MICRODATA_DIR = tmp_path / "microdata"
    # The database is rolled back after each test, so a cache that outlived the test would
    # serve one test's analyses to the next: each test gets an empty one of its own.
    settings.CACHES = {
        **settings.CACHES,
        "analysis": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    if request.node.get_closest_marker("real_hashers") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts and ends in the default language (Bahasa Indonesia).

    Django's LocaleMiddleware activates the request's language on the running thread and
    leaves it there; a test that asked for English would otherwise leak English into
    every later test that calls gettext outside a request, so a result depended on the
    order the tests ran in.
    """
    from django.conf import settings

    if not settings.configured:  # the analytics library's tests run without Django too
        yield
        return
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def regions(db: Any) -> dict[str, Any]:
    from sepakat.regions.models import Kind, Level, Region
    from sepakat.regions.services import ensure_national_region

    nation = ensure_national_region()
    province = Region.objects.create(
        code="98", bps_code="98", name="Provinsi Uji", level=Level.PROVINCE, parent=nation
    )
    kab_a = Region.objects.create(
        code="98.01",
        bps_code="9801",
        name="Alfa",
        level=Level.REGENCY,
        kind=Kind.KABUPATEN,
        parent=province,
    )
    kab_b = Region.objects.create(
        code="98.02",
        bps_code="9802",
        name="Beta",
        level=Level.REGENCY,
        kind=Kind.KABUPATEN,
        parent=province,
    )
    kec_a = Region.objects.create(
        code="98.01.01", name="Alfa Utara", level=Level.DISTRICT, parent=kab_a
    )
    kec_b = Region.objects.create(
        code="98.02.01", name="Beta Selatan", level=Level.DISTRICT, parent=kab_b
    )
    return {
        "nation": nation,
        "province": province,
        "kab_a": kab_a,
        "kab_b": kab_b,
        "kec_a": kec_a,
        "kec_b": kec_b,
    }


@pytest.fixture
def personas(regions: dict[str, Any]) -> dict[str, Any]:
    from sepakat.accounts.services import totp_device_create, user_create
    from sepakat.core.roles import Role

    spec = {
        "alice": (Role.PLANNER, "kab_a"),
        "bob": (Role.REGIONAL_ADMIN, "kab_a"),
        "charlie": (Role.PLANNER, "kab_b"),
        "diana": (Role.CENTRAL_ADMIN, "nation"),
        "erin": (Role.DATA_OPERATOR, "kab_a"),
        "frank": (Role.VIEWER, "kab_a"),
        "grace": (Role.TRAINER, "nation"),
        "hana": (Role.REGIONAL_ADMIN, "province"),
    }
    users = {}
    for name, (role, region_key) in spec.items():
        user = user_create(
            username=name,
            password=PASSWORD,
            role=role,
            region=regions[region_key],
            email=f"{name}@contoh.go.id",
            first_name=name.capitalize(),
        )
        if user.needs_second_factor:
            totp_device_create(user=user)
        users[name] = user
    return users


@pytest.fixture
def login_as(client: Any) -> Callable[[Any], Any]:
    """Log a persona in; admin roles get an OTP-verified session, as after a real login."""

    def _login(user: Any) -> Any:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
        return client

    return _login


@pytest.fixture
def reference_dir() -> Path:
    from django.conf import settings

    path = Path(settings.REFERENCE_DIR)
    if not path.is_dir():
        pytest.skip(f"reference data folder not found at {path} (set SEPAKAT_REFERENCE_DIR)")
    return path


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Run the real background worker once over the queued jobs, in this process.

    The worker closes "old" database connections as it wakes up; inside a test that would
    close the test's own connection (PostgreSQL; SQLite's in-memory test database is never
    closed), so only that housekeeping call is switched off.
    """

    def _run() -> None:
        from django.core.management import call_command

        monkeypatch.setattr(
            "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
        )
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    return _run
