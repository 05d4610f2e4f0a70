"""Writes of the resource library: a resource, and new versions of it.

A new version is a new row with the same slug; only the newest is ``is_current``, so the
history stays downloadable by its id while lists show the latest.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sepakat.accounts.models import Role, User
from sepakat.library.models import Resource


class LibraryError(ValueError):
    """The message is for the user."""


def _check(user: User) -> None:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied


def _save(resource: Resource) -> Resource:
    if not resource.file and not resource.url:
        raise LibraryError(_("Lampirkan berkas atau isi tautannya."))
    try:
        resource.full_clean()
    except ValidationError as exc:
        raise LibraryError(" ".join(str(m) for m in exc.messages)) from exc
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
