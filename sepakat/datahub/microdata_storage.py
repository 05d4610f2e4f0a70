"""Where microdata files live (staging, registered) and who may manage them."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from sepakat.accounts.models import User
from sepakat.core.access import may_write
from sepakat.core.roles import Role
from sepakat.datahub.models import MicrodataFile, MicrodataIncoming, MicrodataManifest
from sepakat.regions.models import Region


def microdata_root() -> Path:
    path = Path(settings.MICRODATA_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def staging_root() -> Path:
    """Where received files wait, apart from MICRODATA_DIR, which holds registered files only."""
    path = Path(settings.DATA_DIR) / "microdata-masuk"
    path.mkdir(parents=True, exist_ok=True)
    return path


def staging_path(incoming: MicrodataIncoming) -> Path:
    return staging_root() / incoming.staging_dir


def analysis_path(file: MicrodataFile) -> Path:
    return microdata_root() / file.relative_path


def personal_path(file: MicrodataFile) -> Path | None:
    manifest: MicrodataManifest | None = getattr(file, "manifest", None)
    if manifest is None or not manifest.personal_path:
        return None
    return microdata_root() / manifest.personal_path


def may_manage(user: User, region: Region) -> bool:
    """The centre for any region; a regional admin for their own region and below."""
    return may_write(user, region, (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN))


def may_export_personal(user: User, file: MicrodataFile) -> bool:
    return may_manage(user, file.region)


def max_bytes() -> int:
    return int(getattr(settings, "SEPAKAT_MICRODATA_MAX_MB", 4096)) * 1024 * 1024
