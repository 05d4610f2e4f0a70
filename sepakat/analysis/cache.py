"""Computed analyses, cached so that fifty planners on the same pages do not recompute them.

What is cached: what a page computes from verified data (the dashboard's figures, an
indicator's analysis with its chart specs, a map with its classes, the decile profile),
not the page: the menu, messages and CSRF token stay the request's own.

The key names everything the computation depends on:
* the page and its query string (region, year, indicator, comparator, classes...);
* the region analysed and the user's role and region: the catalogue and a region's own
  indicators are read through the user's scope, so a province user and a kab/kota user
  never share an entry, nor do users of two regions;
* the language, because titles, labels and number formats in the specs are translated;
* the generation of the region's data (``sepakat.datahub.generations``): verifying data,
  registering a microdata file or editing the catalogue starts a new one, so the next
  request computes afresh and the old entries are never read again.

The region check happens before the cache is consulted (the view builds the frame first,
which answers 404 outside the user's scope), so a cached entry is only ever served to a
user who may see it. Entries also expire after :data:`TIMEOUT_SECONDS`, which bounds the
cache's size and how long a change made outside the services (a database edited by hand)
can go unseen. A cache that fails (Redis down) is skipped: the page is computed as if
nothing were cached.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.http import QueryDict
from django.utils.translation import get_language

from sepakat.datahub.generations import CACHE_ALIAS, data_generation

TIMEOUT_SECONDS = 15 * 60
# Raised when what is cached changes shape, so that entries of an older version are not read.
VERSION = 1

T = TypeVar("T")
log = logging.getLogger(__name__)


def analysis_key(*, page: str, user: Any, region_code: str, params: QueryDict) -> str:
    language = get_language() or settings.LANGUAGE_CODE
    query = sorted((name, sorted(values)) for name, values in params.lists())
    scope = f"{getattr(user, 'role', '')}:{getattr(user, 'region_id', '')}"
    digest = hashlib.sha256(repr((scope, query)).encode()).hexdigest()[:32]
    generation = data_generation(region_code)
    return f"analysis:{VERSION}:{page}:{region_code}:{language}:{generation}:{digest}"


def cached(
    *, page: str, user: Any, region_code: str, params: QueryDict, compute: Callable[[], T]
) -> T:
    """What ``compute`` returns for this page, region, user scope, language, query and data
    generation: from the cache when there, else computed and stored."""
    cache = caches[CACHE_ALIAS]
    try:
        key = analysis_key(page=page, user=user, region_code=region_code, params=params)
        hit: Any = cache.get(key)
    except Exception:
        log.warning("analysis cache unavailable; computing without it", exc_info=True)
        return compute()
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    try:
        cache.set(key, value, TIMEOUT_SECONDS)
    except Exception:
        log.warning("analysis cache unavailable; result not stored", exc_info=True)
    return value
