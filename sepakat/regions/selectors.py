"""Reads of the region hierarchy, always limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from sepakat.core.access import get_for_user, scoped, user_may_see
from sepakat.regions.models import NATIONAL_CODE, Region, RegionBoundary

CHILDREN_PER_PAGE = 50
SEARCH_LIMIT = 50
MAP_FEATURE_LIMIT = 500


def home_region_for(user: Any) -> Region | None:
    """Where browsing starts: the user's own region (the nation for the central team)."""
    region: Region | None = getattr(user, "region", None)
    if region is None and getattr(user, "is_central", False):
        return Region.objects.filter(code=NATIONAL_CODE).first()
    return region


def region_for_user(user: Any, code: str) -> Region:
    """The region with this Kemendagri code, or 404 when it is outside the user's region."""
    return get_for_user(Region.objects.select_related("parent"), user, code=code)


def breadcrumb(user: Any, region: Region) -> list[Region]:
    """The ancestors the user may open, from the top down."""
    return [a for a in region.ancestors() if user_may_see(user, a)]


def children_page(region: Region, page_number: str | int | None) -> Page[Region]:
    children = (
        Region.objects.children_of(region)
        .annotate(
            n_children=Count("children"),
            has_boundary=Exists(RegionBoundary.objects.filter(region=OuterRef("pk"))),
        )
        .order_by("code")
    )
    return Paginator(children, CHILDREN_PER_PAGE).get_page(page_number)


def search_regions(user: Any, query: str, *, limit: int = SEARCH_LIMIT) -> QuerySet[Region]:
    """Regions the user may see whose name contains ``query`` or whose code starts with it."""
    query = query.strip()
    if not query:
        return Region.objects.none()
    match = Q(name__icontains=query) | Q(code__startswith=query) | Q(bps_code=query)
    return (
        scoped(Region.objects.all(), user)
        .filter(match)
        .select_related("parent")
        .order_by("level", "code")[:limit]
    )


def map_features(region: Region) -> list[dict[str, Any]]:
    """GeoJSON features: the region's own polygon and those of its children, if stored."""
    features: list[dict[str, Any]] = []
    boundaries = (
        RegionBoundary.objects.filter(Q(region=region) | Q(region__parent=region))
        .select_related("region")
        .order_by("region__code")[: MAP_FEATURE_LIMIT + 1]
    )
    for boundary in boundaries:
        r = boundary.region
        features.append(
            {
                "type": "Feature",
                "geometry": boundary.geometry,
                "properties": {
                    "code": r.code,
                    "name": r.display_name,
                    "self": r.pk == region.pk,
                },
            }
        )
    return features
