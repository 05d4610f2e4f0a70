"""Generations of verified data: what a cached analysis checks to know it is still true.

Pages that compute from verified values (the analysis dashboard, indicator analysis, map,
decile profile) cache what they compute. Rather than finding and deleting every entry a
change touches, each entry's key names the *generation* of the data it was computed from,
and every write that changes verified data starts a new generation: older entries are
never read again and expire on their own.

Granularity: one generation per province (its kab/kota, their desa and the province
itself), plus one for national data. A kab/kota's analysis compares it with the other
kab/kota of its province, the province and the nation, so a value verified anywhere in
the province, or nationally, can change it; values of another province never can. The
generation is a random token, not a counter: two processes starting a new one at the same
moment both make the old one unreachable, which is all that matters, and the cache needs
no atomic increment (the file cache has none).

A new generation is started at once *and* again when the transaction commits: a page
computed between the two from the not yet committed state would otherwise be cached
under the new generation and shown after the commit.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.cache import caches
from django.db import transaction

from sepakat.regions.models import NATIONAL_CODE

CACHE_ALIAS = "analysis"
_PREFIX = "data-generation:"


def scope_of(region_code: str) -> str:
    """The generation a region's data belong to: its province's, or the national one."""
    if not region_code or region_code == NATIONAL_CODE:
        return NATIONAL_CODE
    return region_code.split(".", 1)[0]


def data_generation(region_code: str) -> str:
    """The national and the province generation of the data an analysis of
    ``region_code`` reads, as one token for a cache key."""
    cache = caches[CACHE_ALIAS]
    keys = [_PREFIX + NATIONAL_CODE, _PREFIX + scope_of(region_code)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # No generation yet (or the cache was emptied): start one; add() keeps a token
            # that another process set in the meantime.
            cache.add(key, secrets.token_hex(8), timeout=None)
            found[key] = cache.get(key) or ""
    return ".".join(str(found[k]) for k in dict.fromkeys(keys))


def _bump(scopes: set[str]) -> None:
    caches[CACHE_ALIAS].set_many(
        {_PREFIX + scope: secrets.token_hex(8) for scope in scopes}, timeout=None
    )


def bump_data_generation(region_codes: Iterable[str]) -> None:
    """Start new generations for the data of these regions (national data: every region).

    Call it inside the transaction that changes verified values, registered microdata
    files or the catalogue."""
    scopes = {scope_of(code) for code in region_codes}
    if not scopes:
        return
    _bump(scopes)
    transaction.on_commit(lambda: _bump(scopes))
