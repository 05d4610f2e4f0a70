"""Writes to the indicator catalogue: national indicators (central admin) and a region's own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import Role, User
from sepakat.datahub.models import Indicator


class IndicatorError(ValueError):
    """The indicator cannot be saved; the message is for the user."""


@transaction.atomic
def indicator_create(*, user: User, code: str, **fields: Any) -> Indicator:
    """A central admin adds to the national catalogue; a regional admin to the region's own."""
    if user.role == Role.CENTRAL_ADMIN:
        owner = None
    elif user.role == Role.REGIONAL_ADMIN:
        owner = user.region
    else:
        raise IndicatorError(_("Peran Anda tidak dapat menambah indikator."))
    code = code.strip().upper()
    clash = Indicator.objects.filter(code=code, owner_region__isnull=True).exists() or (
        owner is not None and Indicator.objects.filter(code=code, owner_region=owner).exists()
    )
    if clash:
        raise IndicatorError(_("Kode %(code)s sudah dipakai di katalog.") % {"code": code})
    indicator = Indicator(code=code, owner_region=owner, **fields)
    try:
        indicator.full_clean()
    except ValidationError as exc:
        raise IndicatorError(" ".join(exc.messages)) from exc
    indicator.save()
    return indicator
