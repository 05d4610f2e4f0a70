"""The one permission-checked way to read objects for a user.

Every model whose rows belong to a region declares ``REGION_LOOKUP``, the lookup path
from the model to its :class:`~sepakat.regions.models.Region` (``"region"``,
``"submission__region"``...). :func:`scoped` limits a queryset to what a user may see:
their own region and everything below it; the central team sees everything.
:func:`get_for_user` fetches one object and answers 404, never 403, when it exists in
another region, so that an outsider learns nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponseBase

from sepakat.regions.models import Level, Region

M = TypeVar("M", bound=models.Model)


def region_filter(user: Any, lookup: str) -> Q:
    """A filter on ``lookup`` (a path to a Region) for what ``user`` may see."""
    region: Region | None = getattr(user, "region", None)
    if not getattr(user, "is_authenticated", False) or region is None:
        return Q(pk__in=[])
    if region.level == Level.NATIONAL:
        return Q()
    prefix = f"{lookup}__" if lookup else ""
    return Q(**{f"{prefix}code": region.code}) | Q(
        **{f"{prefix}code__startswith": region.code + "."}
    )


def scoped(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """The rows of ``queryset`` that lie in ``user``'s region."""
    model = queryset.model
    lookup: str | None = "" if model is Region else getattr(model, "REGION_LOOKUP", None)
    if lookup is None:
        raise TypeError(f"{model.__name__} has no REGION_LOOKUP; it cannot be scoped")
    return queryset.filter(region_filter(user, lookup))


def get_for_user(queryset: models.QuerySet[M] | type[M], user: Any, **lookup: Any) -> M:
    """One object of ``queryset`` that ``user`` may see, or 404."""
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset._default_manager.all()
    try:
        return scoped(qs, user).get(**lookup)
    except qs.model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Log in first; then a user whose role is not listed gets 403 with an explanation."""
    allowed = frozenset(roles)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.role not in allowed:  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)  # type: ignore[return-value]

    return decorator


def region_of(user: Any) -> Region:
    """The user's own region; a user without one (misconfigured) may do nothing."""
    region: Region | None = getattr(user, "region", None)
    if region is None:
        raise PermissionDenied
    return region


def user_may_see(user: Any, region: Region) -> bool:
    """Whether ``region`` is the user's own or lies below it."""
    own: Region | None = getattr(user, "region", None)
    return own is not None and own.contains(region)


def may_write(user: Any, region: Region | None, writers: Iterable[str]) -> bool:
    """Whether ``user`` may change (verify, discard, approve, edit) something of ``region``.

    The one rule every write permission starts from, beside :func:`get_for_user` for reads:
    the user's role is one of ``writers`` and ``region`` lies in the user's own region
    (a province's admin acts for its kab/kota, the centre for all). Each app names its
    writers (``REVIEWER_ROLES``...) and adds its own conditions on top (the uploader only,
    not the submitter), never a region check of its own.
    """
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    return getattr(user, "role", None) in frozenset(writers) and user_may_see(user, region)


def require_write(user: Any, region: Region | None, writers: Iterable[str]) -> None:
    """:func:`may_write` or 403 (the object was already found with get_for_user)."""
    if not may_write(user, region, writers):
        raise PermissionDenied


def roles(*values: Iterable[str]) -> frozenset[str]:
    return frozenset(v for group in values for v in group)
