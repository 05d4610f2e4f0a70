"""Writes to the indicator catalogue: national indicators (central admin) and a region's own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import may_write
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub.generations import bump_data_generation
from sepakat.datahub.models import Indicator
from sepakat.regions.models import NATIONAL_CODE


@transaction.atomic
def indicator_create(*, user: User, code: str, **fields: Any) -> Indicator:
    """A central admin adds to the national catalogue; a regional admin to the region's own."""
    if user.role == Role.CENTRAL_ADMIN:
        owner = None
    elif user.role == Role.REGIONAL_ADMIN:
        owner = user.region
    else:
        raise UserError(_("Peran Anda tidak dapat menambah indikator."))
    code = code.strip().upper()
    clash = Indicator.objects.filter(code=code, owner_region__isnull=True).exists() or (
        owner is not None and Indicator.objects.filter(code=code, owner_region=owner).exists()
    )
    if clash:
        raise UserError(_("Kode %(code)s sudah dipakai di katalog.") % {"code": code})
    indicator = Indicator(code=code, owner_region=owner, **fields)
    try:
        indicator.full_clean()
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    indicator.save()
    # A new indicator joins the selects and analyses of the regions that see it.
    bump_data_generation([owner.code if owner is not None else NATIONAL_CODE])
    return indicator


def may_edit(user: User, indicator: Indicator) -> bool:
    """The central admin keeps the national catalogue; a regional admin its region's own."""
    if indicator.owner_region_id is None:
        return user.role == Role.CENTRAL_ADMIN
    return may_write(user, indicator.owner_region, (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN))


@transaction.atomic
def indicator_update(*, user: User, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator's description. Its code stays: values and templates refer to it."""
    if not may_edit(user, indicator):
        raise UserError(_("Anda tidak dapat mengubah indikator ini."))
    fields.pop("code", None)
    for name, value in fields.items():
        setattr(indicator, name, value)
    try:
        indicator.full_clean()
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    indicator.save()  # django-auditlog records the before/after of each field
    # Names, units and polarity show in (and steer) the cached analyses.
    owner = indicator.owner_region
    bump_data_generation([owner.code if owner is not None else NATIONAL_CODE])
    return indicator
