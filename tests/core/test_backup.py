"""`sepakat backup` and `sepakat restore`: one archive moves a region's whole database and
its files between databases of either kind, checked by row counts and SHA-256 checksums.

Each side is a real `sepakat` process on its own data folder and database, as an operator
runs it; the rows are written through the project's own services.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SEED = r"""
import datetime as dt, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "sepakat.settings"
from sepakat.settings import prepare_data_dir
prepare_data_dir()
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from sepakat.core.roles import Role
from sepakat.accounts.services import totp_device_create, user_create
from sepakat.library.models import Resource
from sepakat.regions.models import Level, Region
from sepakat.regions.services import ensure_national_region

nation = ensure_national_region()
province = Region.objects.create(code="98", bps_code="98", name="Provinsi Uji", level=Level.PROVINCE, parent=nation)
admin = user_create(username="bob", password="sandi-uji-yang-panjang-1", role=Role.REGIONAL_ADMIN,
                    region=province, email="bob@contoh.go.id", first_name="Bob")
totp_device_create(user=admin)
group = Group.objects.create(name="Tim TKPK")
admin.groups.add(group)
resource = Resource(slug="panduan", title="Panduan Analisis", kind="guide", created_by=admin)
resource.file.save("panduan.pdf", ContentFile(b"%PDF-1.4 panduan\n" * 100))
# an old creation time must come back as it was, not as the time of the restore
Resource.objects.filter(pk=resource.pk).update(created_at=dt.datetime(2024, 5, 1, 8, 0, tzinfo=dt.UTC))
microdata = settings.MICRODATA_DIR / "98" / "1"
microdata.mkdir(parents=True)
(microdata / "analysis.parquet").write_bytes(os.urandom(50_000))
(settings.DATA_DIR / "microdata-masuk" / "abc").mkdir(parents=True)
(settings.DATA_DIR / "microdata-masuk" / "abc" / "analysis.parquet").write_bytes(b"menunggu")
"""

COUNT = r"""
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "sepakat.settings"
django.setup()
from sepakat.core.backup import backed_up_models
from sepakat.library.models import Resource
counts = {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}
resource = Resource.objects.get(slug="panduan")
print(json.dumps({"counts": counts, "created_at": resource.created_at.isoformat(),
                  "groups": list(resource.created_by.groups.values_list("name", flat=True))}))
"""


class Site:
    """One installation: a data folder and a database."""

    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.data_dir = data_dir
        self.database_url = database_url

    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))
        }
        env["SEPAKAT_DATA_DIR"] = str(self.data_dir)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def python(self, code: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result

    def sepakat(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "sepakat", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )

    def state(self) -> dict[str, object]:
        return dict(json.loads(self.python(COUNT).stdout))

    def files(self) -> dict[str, bytes]:
        """Every stored file, by its path in the data folder (not the database or key)."""
        skip = {"secret_key", "sepakat.sqlite3", "sepakat.sqlite3-wal", "sepakat.sqlite3-shm"}
        return {
            path.relative_to(self.data_dir).as_posix(): path.read_bytes()
            for path in sorted(self.data_dir.rglob("*"))
            if path.is_file() and path.name not in skip and "static" not in path.parts
        }


def postgres_server_url() -> str | None:
    """The server of DATABASE_URL when it is PostgreSQL, else the loopback one (trust
    authentication); None if none answers."""
    try:
        import psycopg
    except ImportError:
        return None
    url = "postgresql://postgres@127.0.0.1:5432/postgres"
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        url = configured.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(url, connect_timeout=3):
            return url
    except psycopg.Error:
        return None


@pytest.fixture
def fresh_postgres() -> Iterator[str]:
    """A uniquely named, empty PostgreSQL database, dropped afterwards."""
    server = postgres_server_url()
    if server is None:
        pytest.skip("no PostgreSQL reachable at postgres@127.0.0.1:5432 (trust authentication)")
    import psycopg

    name = f"sepakat_pulih_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def source(tmp_path: Path) -> Site:
    site = Site(tmp_path / "sumber", None)
    site.python(SEED)
    return site


def backup_of(site: Site, tmp_path: Path) -> Path:
    archive = tmp_path / "cadangan.zip"
    result = site.sepakat("backup", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Cadangan ditulis ke" in result.stdout
    return archive


def assert_same_site(source: Site, target: Site) -> None:
    before, after = source.state(), target.state()
    counts_before, counts_after = before["counts"], after["counts"]
    assert isinstance(counts_before, dict) and isinstance(counts_after, dict)
    # The restore leaves exactly one audit entry of its own, and nothing else differs.
    assert counts_after.pop("auditlog.logentry") == counts_before.pop("auditlog.logentry") + 1
    assert counts_after == counts_before
    assert counts_before["accounts.user"] == 1 and counts_before["library.resource"] == 1
    assert after["created_at"] == before["created_at"] == "2024-05-01T08:00:00+00:00"
    assert after["groups"] == ["Tim TKPK"]
    assert target.files() == source.files()
    assert "microdata/98/1/analysis.parquet" in target.files()
    assert "microdata-masuk/abc/analysis.parquet" in target.files()


@pytest.mark.slow
def test_round_trip_on_sqlite(source, tmp_path):
    archive = backup_of(source, tmp_path)
    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    rows = {entry["model"]: entry["rows"] for entry in manifest["tables"]}
    assert rows["accounts.user"] == 1 and rows["accounts.user_groups"] == 1
    assert {entry["member"] for entry in manifest["files"]} >= {
        "files/microdata/98/1/analysis.parquet",
        "files/data/microdata-masuk/abc/analysis.parquet",
    }
    # the development secret key never travels in a backup
    assert not any("secret_key" in name for name in zipfile.ZipFile(archive).namelist())

    target = Site(tmp_path / "tujuan", None)
    result = target.sepakat("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "jumlah dan checksum cocok" in result.stdout
    assert_same_site(source, target)
    audit = sqlite3.connect(target.data_dir / "sepakat.sqlite3").execute(
        "select object_repr, changes from auditlog_logentry order by id desc limit 1"
    )
    repr_, changes = audit.fetchone()
    assert repr_ == "Pemulihan dari cadangan cadangan.zip"
    assert json.loads(changes)["baris"] == sum(rows.values())


@pytest.mark.slow
def test_a_non_empty_target_is_refused_unless_forced(source, tmp_path):
    archive = backup_of(source, tmp_path)
    source.python(SEED.split("nation = ")[0] + "Group.objects.create(name='Baru')")
    before_state, before_files = source.state(), source.files()

    result = source.sepakat("restore", str(archive))
    assert result.returncode != 0
    assert "tujuan tidak kosong" in result.stderr and "--force" in result.stderr
    assert source.state() == before_state
    assert source.files() == before_files

    forced = source.sepakat("restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert source.state()["counts"]["auth.group"] == 1  # type: ignore[index]
    assert source.files() == before_files


@pytest.mark.slow
def test_a_damaged_archive_is_refused_and_nothing_is_written(source, tmp_path):
    archive = backup_of(source, tmp_path)
    damaged = tmp_path / "rusak.zip"
    with zipfile.ZipFile(archive) as good, zipfile.ZipFile(damaged, "w") as bad:
        for info in good.infolist():
            data = good.read(info)
            if info.filename.endswith("accounts.user.jsonl"):
                data = data.replace(b'"bob"', b'"eve"')
            bad.writestr(info, data)

    target = Site(tmp_path / "tujuan", None)
    result = target.sepakat("restore", str(damaged))
    assert result.returncode != 0
    assert "Checksum SHA-256 anggota db/" in result.stderr
    assert "accounts.user.jsonl" in result.stderr
    assert target.files() == {}
    # refused before the database was created
    assert not (target.data_dir / "sepakat.sqlite3").exists()

    truncated = tmp_path / "terpotong.zip"
    truncated.write_bytes(archive.read_bytes()[:5000])
    result = target.sepakat("restore", str(truncated))
    assert result.returncode != 0
    assert "bukan arsip ZIP yang utuh" in result.stderr


@pytest.mark.slow
def test_sqlite_moves_to_postgresql(source, tmp_path, fresh_postgres):
    archive = backup_of(source, tmp_path)
    target = Site(tmp_path / "tujuan", fresh_postgres)
    result = target.sepakat("restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert_same_site(source, target)
    # Sequences follow the restored ids: a new row gets a new id, not a clash.
    target.python(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE']='sepakat.settings'; django.setup()\n"
        "from django.contrib.auth.models import Group; Group.objects.create(name='Setelah pulih')"
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="DATABASE_URL does not point to PostgreSQL (CI's second run does)",
)
def test_round_trip_on_postgresql(tmp_path, fresh_postgres):
    source = Site(tmp_path / "sumber", fresh_postgres)
    source.python(SEED)
    archive = backup_of(source, tmp_path)
    import psycopg

    server = fresh_postgres.rsplit("/", 1)[0]
    name = f"sepakat_pulih_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        target = Site(tmp_path / "tujuan", f"{server}/{name}")
        result = target.sepakat("restore", str(archive))
        assert result.returncode == 0, result.stderr
        assert_same_site(source, target)
    finally:
        with psycopg.connect(server + "/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SNAPSHOT = r"""
import os, sqlite3, django
os.environ["DJANGO_SETTINGS_MODULE"] = "sepakat.settings"
django.setup()
from django.conf import settings
from django.contrib.auth.models import Group
from sepakat.core.backup import snapshot
with snapshot():
    before = Group.objects.count()
    # the site goes on writing meanwhile, from another connection, without waiting
    other = sqlite3.connect(settings.DATABASES["default"]["NAME"], timeout=0)
    other.execute("insert into auth_group (name) values ('ditulis selama pencadangan')")
    other.commit()
    during = Group.objects.count()
after = Group.objects.count()
print(before, during, after)
"""


@pytest.mark.slow
def test_the_snapshot_does_not_stop_the_site_writing_and_sees_one_moment(source):
    before, during, after = map(int, source.python(SNAPSHOT).stdout.split())
    assert (before, during, after) == (1, 1, 2)


@pytest.mark.slow
def test_a_backup_inside_the_data_folder_does_not_swallow_itself(source, tmp_path):
    archive = source.data_dir / "cadangan.zip"
    for _ in range(2):
        result = source.sepakat("backup", str(archive))
        assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(archive).namelist()
    assert not any(name.endswith(".zip") or "sebagian" in name for name in names)
    # and a restore with --force on the same site keeps the archive it reads
    result = source.sepakat("restore", "--force", str(archive))
    assert result.returncode == 0, result.stderr
    assert archive.is_file()
