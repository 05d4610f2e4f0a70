"""Writes behind the JSON API: per-user tokens, and values sent by machines.

A token is shown once, when it is made; only its SHA-256 is stored. Values sent through
the API take the same road as an uploaded template: they become a draft submission that
the regional admin verifies, never verified observations directly.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.audit import record_bulk_change
from sepakat.core.errors import UserError
from sepakat.core.roles import Role
from sepakat.datahub import verification
from sepakat.datahub.models import (
    ApiToken,
    Dataset,
    DatasetKind,
    Indicator,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
    SubmissionValue,
)
from sepakat.datahub.selectors import indicators_for
from sepakat.datahub.template_spec import MAX_YEAR, MIN_YEAR
from sepakat.regions.codes import normalise_kemendagri_code
from sepakat.regions.models import Region

TOKEN_PREFIX = "skt_"
PREFIX_LENGTH = 12
UPLOAD_ROLES = frozenset({Role.DATA_OPERATOR, Role.REGIONAL_ADMIN, Role.CENTRAL_ADMIN})
MAX_VALUES = 10_000
_PERIOD_RE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?$")
# last_used_at is written at most this often, so that reads do not all write.
_TOUCH_SECONDS = 60


def hash_key(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its plaintext, which is never stored."""
    if not user.is_active:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise UserError(_("Beri nama token, misalnya 'SIPD Bappeda'."))
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name[:100], prefix=plaintext[:PREFIX_LENGTH], key_hash=hash_key(plaintext)
    )
    try:
        token.full_clean()
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    token.save()
    record_bulk_change(
        actor=user,
        model=ApiToken,
        summary={"event": "api_token_created", "token": token.pk, "name": token.name},
        object_repr=_("Token API %(name)s dibuat") % {"name": token.name},
    )
    return token, plaintext


@transaction.atomic
def token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Revoke one of the user's own tokens; a revoked token stays listed, unusable."""
    token = ApiToken.objects.select_for_update(of=("self",)).get(pk=token.pk)
    if token.user_id != user.pk:
        raise PermissionDenied
    if token.revoked_at is not None:
        raise UserError(_("Token ini sudah dicabut."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_bulk_change(
        actor=user,
        model=ApiToken,
        summary={"event": "api_token_revoked", "token": token.pk, "name": token.name},
        object_repr=_("Token API %(name)s dicabut") % {"name": token.name},
    )
    return token


def authenticate_token(plaintext: str) -> User | None:
    """The user of a valid token: not revoked, account active and not expired."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__region")
        .filter(key_hash=hash_key(plaintext), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    user = token.user
    if not user.is_active or user.is_expired() or user.region is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > _TOUCH_SECONDS:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user


# ---------------------------------------------------------------- values sent through the API


@dataclass(frozen=True)
class ValueIn:
    indicator: str
    region: str
    period: str
    value: float


@dataclass
class ApiWriteError(Exception):
    """Values refused; ``status`` 403 (outside the user's region or role) or 422."""

    status: int
    message: str
    errors: list[dict[str, Any]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def _error(row: int, field_name: str, value: Any, message: str) -> dict[str, Any]:
    return {"row": row, "field": field_name, "value": str(value)[:60], "message": message}


def _resolve_indicators(user: User, codes: set[str]) -> dict[str, Indicator]:
    """Code -> indicator visible to the user; a national indicator wins over a region's own."""
    found: dict[str, Indicator] = {}
    for indicator in indicators_for(user).filter(code__in=codes).order_by("owner_region__code"):
        current = found.get(indicator.code)
        if current is None or (current.owner_region_id and indicator.owner_region_id is None):
            found[indicator.code] = indicator
    return found


def _resolve_dataset(code: str | None, indicators: list[Indicator]) -> Dataset:
    datasets = Dataset.objects.filter(kind=DatasetKind.INDICATORS)
    if code:
        dataset = datasets.filter(code=code).first()
        if dataset is None:
            raise ApiWriteError(
                422, _("Jenis data %(code)s tidak ada di katalog.") % {"code": code}
            )
        return dataset
    wanted = {i.pk for i in indicators}
    members: dict[int, set[int]] = {}
    for dataset_id, indicator_id in Dataset.indicators.through.objects.filter(
        indicator_id__in=wanted, dataset__kind=DatasetKind.INDICATORS
    ).values_list("dataset_id", "indicator_id"):
        members.setdefault(dataset_id, set()).add(indicator_id)
    candidates = [pk for pk, ids in members.items() if ids >= wanted]
    if len(candidates) == 1:
        return datasets.get(pk=candidates[0])
    names = ", ".join(datasets.filter(pk__in=candidates).values_list("code", flat=True))
    raise ApiWriteError(
        422,
        _(
            "Sebutkan jenis data (kolom 'dataset'): indikator yang dikirim termasuk dalam "
            "%(n)d jenis data %(names)s."
        )
        % {"n": len(candidates), "names": names or "-"},
    )


@transaction.atomic
def submission_create_from_values(
    *, user: User, values: list[ValueIn], dataset_code: str | None = None, submit: bool = False
) -> Submission:
    """Check values as the template reader does and keep them as a draft submission."""
    if user.role not in UPLOAD_ROLES or user.region is None:
        raise ApiWriteError(
            403,
            _(
                "Peran Anda (%(role)s) tidak dapat mengirim data. Hanya operator data, admin "
                "daerah dan admin pusat yang dapat mengirim nilai."
            )
            % {"role": user.get_role_display()},
        )
    if not values:
        raise ApiWriteError(422, _("Tidak ada nilai yang dikirim."))
    if len(values) > MAX_VALUES:
        raise ApiWriteError(
            422,
            _("Paling banyak %(n)d nilai per permintaan; kirim dalam beberapa bagian.")
            % {"n": MAX_VALUES},
        )
    errors: list[dict[str, Any]] = []
    outside: list[dict[str, Any]] = []
    indicators = _resolve_indicators(user, {v.indicator.strip() for v in values})
    codes = {v.region: normalise_kemendagri_code(v.region) or "" for v in values}
    regions = {r.code: r for r in Region.objects.filter(code__in=set(codes.values()) - {""})}
    seen: dict[tuple[int, int, str], int] = {}
    rows: list[tuple[Indicator, Region, str, float]] = []
    for number, item in enumerate(values, start=1):
        indicator = indicators.get(item.indicator.strip())
        region = regions.get(codes[item.region])
        period = item.period.strip()
        row_errors = []
        if indicator is None:
            row_errors.append(
                _error(
                    number,
                    "indicator",
                    item.indicator,
                    _("Indikator %(code)s tidak ada di katalog.") % {"code": item.indicator},
                )
            )
        if region is None:
            row_errors.append(
                _error(
                    number,
                    "region",
                    item.region,
                    _(
                        "Kode wilayah %(code)s tidak dikenal. Tulis kode Kemendagri bertitik, "
                        "misalnya 32.01.01."
                    )
                    % {"code": item.region},
                )
            )
        elif not user.region.contains(region):
            outside.append(
                _error(
                    number,
                    "region",
                    item.region,
                    _(
                        "Kode wilayah %(code)s milik daerah lain; Anda hanya dapat mengirim data "
                        "wilayah Anda sendiri."
                    )
                    % {"code": item.region},
                )
            )
            continue
        match = _PERIOD_RE.match(period)
        if not match or not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR:
            row_errors.append(
                _error(
                    number,
                    "period",
                    item.period,
                    _(
                        "Periode harus tahun (2024) atau tahun-bulan (2024-03) antara %(low)d dan %(high)d."
                    )
                    % {"low": MIN_YEAR, "high": MAX_YEAR},
                )
            )
        if not math.isfinite(item.value):
            row_errors.append(_error(number, "value", item.value, _("Nilai harus berupa angka.")))
        elif indicator is not None and (
            (indicator.min_value is not None and item.value < indicator.min_value)
            or (indicator.max_value is not None and item.value > indicator.max_value)
        ):
            row_errors.append(
                _error(
                    number,
                    "value",
                    item.value,
                    _("%(name)s di luar rentang sah %(low)s sampai %(high)s (%(unit)s).")
                    % {
                        "name": indicator.name_id,
                        "unit": indicator.unit,
                        "low": "-" if indicator.min_value is None else f"{indicator.min_value:g}",
                        "high": "-" if indicator.max_value is None else f"{indicator.max_value:g}",
                    },
                )
            )
        if row_errors or indicator is None or region is None:
            errors.extend(row_errors)
            continue
        key = (indicator.pk, region.pk, period)
        if key in seen:
            errors.append(
                _error(
                    number,
                    "region",
                    item.region,
                    _("Nilai ganda: sama dengan baris %(first)d.") % {"first": seen[key]},
                )
            )
            continue
        seen[key] = number
        rows.append((indicator, region, period, float(item.value)))
    if outside:
        raise ApiWriteError(
            403,
            _("%(n)d nilai untuk wilayah di luar wilayah Anda; tidak ada yang disimpan.")
            % {"n": len(outside)},
            outside + errors,
        )
    if errors:
        raise ApiWriteError(
            422,
            _("%(n)d nilai tidak sah; tidak ada yang disimpan. Perbaiki baris yang disebut.")
            % {"n": len(errors)},
            errors,
        )
    dataset = _resolve_dataset(dataset_code, list({r[0].pk: r[0] for r in rows}.values()))
    in_dataset = set(dataset.indicators.values_list("pk", flat=True))
    foreign = [
        _error(
            number,
            "indicator",
            item.indicator,
            _("Indikator %(code)s bukan bagian jenis data %(dataset)s.")
            % {"code": item.indicator, "dataset": dataset.code},
        )
        for number, (item, row) in enumerate(zip(values, rows, strict=False), start=1)
        if row[0].pk not in in_dataset
    ]
    if foreign:
        raise ApiWriteError(422, _("Ada indikator di luar jenis data ini."), foreign)

    stored = {
        (o.indicator_id, o.region_id, o.period): o
        for o in Observation.objects.filter(
            Q(status=ObservationStatus.VERIFIED),
            indicator_id__in={r[0].pk for r in rows},
            region_id__in={r[1].pk for r in rows},
            period__in={r[2] for r in rows},
        )
    }
    locked = []
    to_write = []
    for indicator, region, period, value in rows:
        previous = stored.get((indicator.pk, region.pk, period))
        if previous is not None and previous.value == value:
            continue
        if previous is not None and previous.locked:
            locked.append(
                _error(
                    seen[(indicator.pk, region.pk, period)],
                    "value",
                    value,
                    _(
                        "Nilai %(code)s %(region)s %(period)s sudah terverifikasi dan terkunci. "
                        "Minta admin daerah membukanya kembali."
                    )
                    % {"code": indicator.code, "region": region.code, "period": period},
                )
            )
            continue
        to_write.append((indicator, region, period, value, previous))
    if locked:
        raise ApiWriteError(422, _("Ada nilai yang terkunci; tidak ada yang disimpan."), locked)
    if not to_write:
        raise ApiWriteError(
            422, _("Semua nilai sama dengan nilai terverifikasi; tidak ada yang perlu diajukan.")
        )
    submission = Submission.objects.create(
        dataset=dataset,
        region=user.region,
        agency=user.agency,
        created_by=user,
        status=SubmissionStatus.DRAFT,
    )
    SubmissionValue.objects.bulk_create(
        [
            SubmissionValue(
                submission=submission,
                indicator=indicator,
                region=region,
                period=period,
                value=value,
                previous_value=None if previous is None else previous.value,
            )
            for indicator, region, period, value, previous in to_write
        ],
        batch_size=2000,
    )
    record_bulk_change(
        actor=user,
        model=Submission,
        summary={
            "event": "api_values_received",
            "submission": submission.pk,
            "dataset": dataset.code,
            "values": len(to_write),
            "unchanged": len(rows) - len(to_write),
        },
        object_repr=_("Nilai dari API disimpan sebagai draf (%(dataset)s)")
        % {"dataset": dataset.code},
    )
    if submit:
        verification.submit(submission=submission, user=user)
    return submission
