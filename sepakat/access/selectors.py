"""Reads of the access process, always limited to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from sepakat.access.models import (
    AccessRequest,
    Consultation,
    ExpiryReminder,
    Extension,
    ExtensionStatus,
    RegionAccess,
    RequestStatus,
    Worksheet,
    WorksheetAnswer,
    WorksheetQuestion,
    WorksheetSection,
    WorksheetStatus,
    WorksheetTemplate,
)
from sepakat.accounts.models import User
from sepakat.core.access import region_filter, scoped
from sepakat.datahub.models import Indicator, Observation, ObservationStatus
from sepakat.library.models import Resource, ResourceKind
from sepakat.library.selectors import resources_for
from sepakat.regions.models import Level, Region


def requests_for(user: Any, status: str = "") -> QuerySet[AccessRequest]:
    qs = scoped(AccessRequest.objects.select_related("region"), user)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def request_by_token(token: str) -> AccessRequest:
    request = (
        AccessRequest.objects.select_related("region").filter(token=token).first()
        if token
        else None
    )
    if request is None:
        raise Http404
    return request


def status_counts() -> dict[str, int]:
    from django.db.models import Count

    rows = AccessRequest.objects.values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def requesting_regions() -> list[tuple[str, list[tuple[int, str]]]]:
    """Provinces and their kab/kota, grouped by province, for the request form."""
    regions = Region.objects.filter(level__in=[Level.PROVINCE, Level.REGENCY]).order_by("code")
    groups: dict[str, list[tuple[int, str]]] = {}
    names: dict[str, str] = {}
    for region in regions:
        province = region.code.split(".")[0]
        if region.level == Level.PROVINCE:
            names[province] = region.display_name
        groups.setdefault(province, []).append((region.pk, f"{region.code} {region.display_name}"))
    return [(names.get(code, code), options) for code, options in groups.items()]


def response_letter_context(request: AccessRequest, *, today: dt.date) -> dict[str, Any]:
    access = RegionAccess.objects.filter(request=request).first()
    return {
        "request": request,
        "access": access,
        "today": today,
        "approved": request.status == RequestStatus.APPROVED,
        "support_contact": settings.SEPAKAT_SUPPORT_CONTACT,
        "signatory": {
            "title": settings.SEPAKAT_SIGNATORY_TITLE,
            "name": settings.SEPAKAT_SIGNATORY_NAME,
            "nip": settings.SEPAKAT_SIGNATORY_NIP,
        },
    }


def consultations_of(region: Region) -> QuerySet[Consultation]:
    return Consultation.objects.filter(region=region).select_related("recorded_by")


def region_access(region: Region | None) -> RegionAccess | None:
    if region is None:
        return None
    return (
        RegionAccess.objects.filter(region=region, is_active=True).select_related("region").first()
    )


def extensions_of(access: RegionAccess | None) -> QuerySet[Extension]:
    if access is None:
        return Extension.objects.none()
    return (
        Extension.objects.filter(access__region=access.region)
        .select_related("worksheet__template", "requested_by", "decided_by")
        .order_by("-requested_at")
    )


def pending_extensions() -> QuerySet[Extension]:
    return (
        Extension.objects.filter(status=ExtensionStatus.REQUESTED)
        .select_related("access__region", "worksheet__template", "requested_by")
        .order_by("requested_at")
    )


def extension_for_central(user: Any, pk: int) -> Extension:
    qs = Extension.objects.select_related("access__region", "worksheet")
    try:
        return qs.filter(region_filter(user, "access__region")).get(pk=pk)
    except Extension.DoesNotExist as exc:
        raise Http404 from exc


# Materials -------------------------------------------------------------------------------

# What the usage policy lists for a region given access, in this order.
MATERIAL_KINDS = (
    ResourceKind.MANUAL,
    ResourceKind.PRESENTATION,
    ResourceKind.VIDEO,
    ResourceKind.BOOKLET,
    ResourceKind.WORKSHEET,
)


@dataclass
class MaterialGroup:
    kind: str
    label: str
    items: list[tuple[Resource, str]] = field(default_factory=list)


def _resource_link(resource: Resource) -> str:
    """Files go through the library's permission-checked download; videos may live on
    another server of the ministry, so their address is shown as given."""
    if resource.file:
        return reverse("library:download", args=[resource.pk])
    return resource.url


def materials_for(user: Any) -> list[MaterialGroup]:
    """The policy's materials for a region with access: manual and presentation, video
    tutorials, booklet or brochure, and the analysis worksheet."""
    groups = {kind: MaterialGroup(kind, str(kind.label)) for kind in MATERIAL_KINDS}
    for resource in resources_for(user).filter(kind__in=MATERIAL_KINDS).order_by("title"):
        groups[ResourceKind(resource.kind)].items.append((resource, _resource_link(resource)))
    return list(groups.values())


# Account lifetimes ---------------------------------------------------------------------


@dataclass
class ExpiringAccount:
    user: User
    days_left: int
    reminders: list[int]


def expiring_accounts(
    viewer: Any, *, today: dt.date | None = None, days: int = 120
) -> list[ExpiringAccount]:
    """Accounts with an end date within ``days`` (and those already expired in the last
    ``days``), soonest first, with the reminders already sent for the current date."""
    today = today or timezone.localdate()
    users = list(
        User.objects.filter(region_filter(viewer, "region"))
        .filter(
            is_active=True,
            expires_on__isnull=False,
            expires_on__gte=today - dt.timedelta(days=days),
            expires_on__lte=today + dt.timedelta(days=days),
        )
        .select_related("region")
        .order_by("expires_on", "region__code", "username")
    )
    sent: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    for user_id, expires_on, before in ExpiryReminder.objects.filter(user__in=users).values_list(
        "user_id", "expires_on", "days_before"
    ):
        sent[(user_id, expires_on)].append(before)
    out = []
    for user in users:
        assert user.expires_on is not None
        out.append(
            ExpiringAccount(
                user=user,
                days_left=(user.expires_on - today).days,
                reminders=sorted(sent[(user.pk, user.expires_on)], reverse=True),
            )
        )
    return out


# Worksheets ------------------------------------------------------------------------------


def worksheets_for(user: Any) -> QuerySet[Worksheet]:
    return scoped(
        Worksheet.objects.select_related("template", "region", "created_by"), user
    ).order_by("-updated_at")


def worksheets_to_review() -> QuerySet[Worksheet]:
    return (
        Worksheet.objects.filter(status=WorksheetStatus.SUBMITTED)
        .select_related("template", "region")
        .order_by("submitted_at")
    )


def active_templates() -> QuerySet[WorksheetTemplate]:
    return WorksheetTemplate.objects.filter(is_active=True).order_by("-created_at")


def worksheets_for_extension(region: Region | None) -> QuerySet[Worksheet]:
    """Submitted or accepted worksheets: the centre approves once the worksheet is accepted."""
    return Worksheet.objects.filter(
        region=region, status__in=[WorksheetStatus.SUBMITTED, WorksheetStatus.ACCEPTED]
    ).select_related("template")


def embeddable_indicators(region: Region) -> QuerySet[Indicator]:
    """Indicators with verified values for the region: what an answer may show."""
    ids = Observation.objects.filter(region=region, status=ObservationStatus.VERIFIED).values(
        "indicator_id"
    )
    return Indicator.objects.filter(pk__in=ids).order_by("area", "code")


def indicator_series(region: Region, indicator_ids: set[int]) -> dict[int, list[tuple[str, float]]]:
    """Verified values (period, value) of the region for these indicators, in one query."""
    series: dict[int, list[tuple[str, float]]] = defaultdict(list)
    if not indicator_ids:
        return series
    rows = (
        Observation.objects.filter(
            region=region, indicator_id__in=indicator_ids, status=ObservationStatus.VERIFIED
        )
        .order_by("indicator_id", "period")
        .values_list("indicator_id", "period", "value")
    )
    for indicator_id, period, value in rows:
        series[indicator_id].append((period, value))
    return series


@dataclass
class AnsweredQuestion:
    question: WorksheetQuestion
    answer: WorksheetAnswer | None
    series: list[tuple[str, float]]
    bars: list[tuple[str, float, float]]  # period, value, width in percent


@dataclass
class AnsweredSection:
    section: WorksheetSection
    questions: list[AnsweredQuestion]


def worksheet_content(worksheet: Worksheet) -> list[AnsweredSection]:
    """Sections, questions, answers and the embedded indicator values, in three queries."""
    sections = list(
        WorksheetSection.objects.filter(template=worksheet.template).prefetch_related(
            Prefetch("questions", queryset=WorksheetQuestion.objects.order_by("order"))
        )
    )
    answers = {a.question_id: a for a in worksheet.answers.select_related("indicator").all()}
    series = indicator_series(
        worksheet.region, {a.indicator_id for a in answers.values() if a.indicator_id}
    )
    out = []
    for section in sections:
        rows = []
        for question in section.questions.all():
            answer = answers.get(question.pk)
            values = series.get(answer.indicator_id, []) if answer and answer.indicator_id else []
            top = max((abs(v) for _, v in values), default=0) or 1
            rows.append(
                AnsweredQuestion(
                    question=question,
                    answer=answer,
                    series=values,
                    bars=[(p, v, round(abs(v) / top * 100, 1)) for p, v in values],
                )
            )
        out.append(AnsweredSection(section=section, questions=rows))
    return out
