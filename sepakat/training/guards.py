"""Who may do what with a training, and the checked save every training service uses.

The national team runs trainings: the central admin manages them (creates, confirms,
revokes), trainers run them (attendance, tests, certificates); a regional admin names the
participants of a training in their own region.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from sepakat.accounts.models import User
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.training.models import Training


def save_checked(obj: Any, **kwargs: Any) -> None:
    """Save after the model's own validation, its errors as a :class:`UserError`."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    obj.save()


def may_manage(user: User) -> None:
    if user.role != Role.CENTRAL_ADMIN:
        raise PermissionDenied


def may_run(user: User) -> None:
    if user.role not in (Role.CENTRAL_ADMIN, Role.TRAINER):
        raise PermissionDenied


def may_register(user: User, training: Training) -> None:
    """The central team, and the region's own admin, name participants."""
    if user.role in (Role.CENTRAL_ADMIN, Role.TRAINER):
        return
    if (
        user.role == Role.REGIONAL_ADMIN
        and user.region is not None
        and user.region.contains(training.region)
    ):
        return
    raise PermissionDenied
