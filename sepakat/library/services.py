"""Writes of the resource library: a resource, and new versions of it.

A new version is a new row with the same slug; only the newest is ``is_current``, so the
history stays downloadable by its id while lists show the latest.

What a file may be: the library serves materials to read or fill in - PDF, Word, Excel,
PowerPoint, their OpenDocument twins, CSV or text, PNG and JPEG pictures - up to
``SEPAKAT_LIBRARY_MAX_MB`` (25 MB by default; a video belongs on a video site, linked).
The content must be what the name says: an executable, a script, or a page a browser
would run (HTML, SVG, PHP) is refused whatever its name, and so is a PDF with JavaScript.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.core.files import pdf_active_content, sniff
from sepakat.core.roles import Role
from sepakat.library.models import Resource


def _check(user: User) -> None:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied


# The name's extension and the content kind it must have (see sepakat.core.files.sniff).
ALLOWED_FILES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pptx": "pptx",
    ".odt": "odf",
    ".ods": "odf",
    ".odp": "odf",
    ".csv": "text",
    ".txt": "text",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
}


def library_max_bytes() -> int:
    return int(getattr(settings, "SEPAKAT_LIBRARY_MAX_MB", 25)) * 1024 * 1024


def check_file(file: UploadedFile[Any]) -> None:
    """Refuse a file the library cannot serve safely, before anything is written."""
    name = file.name or ""
    limit = library_max_bytes()
    if file.size is not None and file.size > limit:
        raise UserError(
            _(
                "Berkas %(name)s berukuran %(size).1f MB; batasnya %(limit)d MB. Perkecil "
                "berkasnya (misalnya kompres gambar di PDF) atau unggah ke server lain dan isi "
                "tautannya."
            )
            % {"name": name, "size": file.size / 2**20, "limit": limit // 2**20}
        )
    extension = Path(name).suffix.lower()
    expected = ALLOWED_FILES.get(extension)
    if expected is None:
        raise UserError(
            _(
                "Jenis berkas %(name)s tidak diterima pustaka. Unggah PDF, Word, Excel, "
                "PowerPoint, OpenDocument, CSV, teks, PNG atau JPEG."
            )
            % {"name": name}
        )
    file.seek(0)
    content = file.read(limit + 1)
    file.seek(0)
    if sniff(content) != expected:
        raise UserError(
            _(
                "Isi berkas %(name)s tidak sesuai dengan akhiran namanya (%(ext)s). Simpan ulang "
                "berkasnya dari aplikasi aslinya lalu unggah kembali."
            )
            % {"name": name, "ext": extension}
        )
    if expected == "pdf" and (active := pdf_active_content(content)) is not None:
        raise UserError(
            _(
                "Berkas %(name)s memuat isi aktif PDF (%(feature)s). Cetak ulang ke PDF "
                "(Print to PDF) tanpa skrip lalu unggah kembali."
            )
            % {"name": name, "feature": active}
        )


def _save(resource: Resource) -> Resource:
    if not resource.file and not resource.url:
        raise UserError(_("Lampirkan berkas atau isi tautannya."))
    try:
        resource.full_clean()
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    resource.save()
    return resource


@transaction.atomic
def resource_create(
    *,
    user: User,
    title: str,
    kind: str,
    audience: str,
    description: str = "",
    file: UploadedFile[Any] | None = None,
    url: str = "",
) -> Resource:
    _check(user)
    if file is not None:
        check_file(file)
    base = slugify(title)[:70] or "bahan"
    slug = base
    n = 2
    while Resource.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    resource = Resource(
        slug=slug,
        version=1,
        title=title.strip(),
        kind=kind,
        audience=audience,
        description=description.strip(),
        url=url.strip(),
        created_by=user,
    )
    if file is not None:
        resource.file = file
    return _save(resource)


@transaction.atomic
def resource_new_version(
    *,
    user: User,
    resource: Resource,
    file: UploadedFile[Any] | None = None,
    url: str = "",
    description: str = "",
    audience: str | None = None,
) -> Resource:
    """Publish a new version; the previous ones stay, no longer current."""
    _check(user)
    if file is not None:
        check_file(file)
    versions = Resource.objects.select_for_update(of=("self",)).filter(slug=resource.slug)
    latest = versions.aggregate(n=Max("version"))["n"] or 0
    current = versions.filter(is_current=True).first() or resource
    new = Resource(
        slug=resource.slug,
        version=latest + 1,
        title=current.title,
        kind=current.kind,
        audience=audience or current.audience,
        description=description.strip() or current.description,
        url=url.strip(),
        created_by=user,
    )
    if file is not None:
        new.file = file
    for old in versions.filter(is_current=True):
        old.is_current = False
        old.save(update_fields=["is_current"])
    return _save(new)
