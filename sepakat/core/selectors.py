from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Count, QuerySet

from sepakat.core.access import region_filter, scoped
from sepakat.core.navigation import modules_for
from sepakat.datahub.models import (
    TEMPLATE_KINDS,
    Dataset,
    Indicator,
    MicrodataFile,
    Observation,
)
from sepakat.regions.models import Level, Region


def public_stats() -> dict[str, int]:
    """Counts shown on the public home page: nothing confidential."""
    counts = dict(
        Region.objects.values_list("level").annotate(n=Count("pk")).values_list("level", "n")
    )
    return {
        "provinces": counts.get(Level.PROVINCE, 0),
        "regencies": counts.get(Level.REGENCY, 0),
        "villages": counts.get(Level.VILLAGE, 0),
        "indicators": Indicator.objects.filter(owner_region__isnull=True).count(),
    }


def public_templates() -> QuerySet[Dataset]:
    """Datasets whose blank template anyone may download from the home page."""
    return Dataset.objects.filter(kind__in=TEMPLATE_KINDS).order_by("ordering", "code")


def dashboard_for(user: Any) -> dict[str, Any]:
    region: Region | None = user.region
    children = Region.objects.filter(parent=region).order_by("code") if region is not None else []
    return {
        "region": region,
        "ancestors": region.ancestors() if region is not None else [],
        "children": children,
        "modules": modules_for(user.role),
        "observation_count": scoped(Observation.objects.all(), user).count(),
        "microdata_files": scoped(MicrodataFile.objects.select_related("region"), user)[:10],
    }


def audit_entries_for(user: Any) -> QuerySet[LogEntry]:
    """Audit rows whose actor belongs to the viewer's region (the centre sees all)."""
    entries: QuerySet[LogEntry] = (
        LogEntry.objects.filter(region_filter(user, "actor__region"))
        .select_related("actor", "content_type")
        .order_by("-timestamp")
    )
    return entries
