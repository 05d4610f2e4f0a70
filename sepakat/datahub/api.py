"""The machine exchange API (django-ninja): catalogue, observations, submissions.

Authentication is a per-user token in ``Authorization: Bearer <token>`` (made on the
"Token API" page); the token acts with its user's role and region, exactly as the pages
do. Every error is JSON with a ``message`` in the user's language (Bahasa Indonesia by
default). The schema is at ``/api/v1/openapi.json``; the documentation page is served
with the Swagger UI files shipped in django-ninja, so no request leaves the server.
Both are for signed-in users and token holders only: the schema names every endpoint and
field, which an anonymous visitor has no need to map.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps
from pathlib import Path
from typing import Any

import ninja
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import DocsBase
from ninja.security import HttpBearer

from sepakat.accounts.models import User
from sepakat.core.access import scoped
from sepakat.core.errors import UserError, user_message
from sepakat.core.features import has_feature
from sepakat.core.roles import Role
from sepakat.datahub import api_services, selectors
from sepakat.regions.models import Region

READ_SUBMISSION_ROLES = frozenset(
    {Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR}
)
MAX_PAGE = 1000
_ASSETS = Path(ninja.__file__).parent / "static" / "ninja"
_ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "favicon.svg": "image/svg+xml",
}


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; revoked tokens and inactive accounts get 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = api_services.authenticate_token(token.strip())
        # A trial account's package has no API: the token then opens nothing.
        if user is None or not has_feature(user, "data.api"):
            return None
        request.user = user
        return user


class LocalSwagger(DocsBase):
    """Swagger UI from the files shipped with django-ninja, not from a CDN."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        import json

        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            # Swagger UI asks validator.swagger.io for a badge unless told not to.
            "validatorUrl": None,
        }
        return render(
            request,
            "datahub/api_docs.html",
            {"api": api, "swagger_settings": json.dumps(settings)},
        )


def _signed_in_or_token(view: Any) -> Any:
    """The docs page and the schema: a session user, or a valid API token."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        if TokenAuth()(request) is not None:
            return view(request, *args, **kwargs)  # type: ignore[no-any-return]
        if request.path.endswith(".json"):
            return _unauthorised(request, AuthenticationError())
        return redirect_to_login(request.get_full_path())

    return wrapper


api = NinjaAPI(
    title="SEPAKAT API",
    version="1",
    description=(
        "Pertukaran data mesin SEPAKAT: katalog indikator, nilai indikator terverifikasi, "
        "dan pengiriman nilai untuk verifikasi. Kirim token dalam header "
        "`Authorization: Bearer <token>`."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    openapi_url="/v1/openapi.json",
    docs_url="/v1/docs",
    docs=LocalSwagger(),
    docs_decorator=_signed_in_or_token,
)


# ---------------------------------------------------------------- errors as JSON


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"message": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _error(
        request,
        401,
        _(
            "Token tidak ada, tidak sah, sudah dicabut, atau akunnya tidak aktif. Kirim header "
            "'Authorization: Bearer <token>' dengan token dari halaman Token API."
        ),
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    return _error(
        request,
        422,
        _("Permintaan tidak sah. Periksa bagian yang disebut pada 'errors'."),
        errors=exc.errors,
    )


@api.exception_handler(UserError)
def _user_error(request: HttpRequest, exc: UserError) -> HttpResponse:
    # the same text as a page shows, with the location also as fields for a program
    where = {
        k: v
        for k, v in {
            "field": exc.field,
            "file": exc.file,
            "sheet": exc.sheet,
            "row": exc.row,
            "column": exc.column,
        }.items()
        if v is not None
    }
    return _error(request, 400, user_message(exc), **({"location": where} if where else {}))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, str(exc.args[0]) if exc.args else _("Tidak ditemukan."))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, _("Peran Anda tidak dapat melakukan ini."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(api_services.ApiWriteError)
def _write_error(request: HttpRequest, exc: api_services.ApiWriteError) -> HttpResponse:
    return _error(request, exc.status, exc.message, errors=exc.errors)


# ---------------------------------------------------------------- schemas


class Message(Schema):
    message: str


class IndicatorOut(Schema):
    code: str
    name: str
    name_en: str
    area: str
    unit: str
    polarity: int
    kind: str = Field(description="rate, index, count atau money_total")
    decimals: int
    period_type: str
    is_key: bool
    min_value: float | None
    max_value: float | None
    source: str
    local_source: str = Field("", description="Sumber di tingkat kecamatan dan desa")
    owner_region: str | None = Field(None, description="Kode wilayah pemilik; kosong = nasional")


class ObservationOut(Schema):
    indicator: str
    region: str
    region_name: str
    period: str
    value: float
    standard_error: float | None
    source: str
    updated_at: dt.datetime


class ObservationPage(Schema):
    count: int
    limit: int
    offset: int
    next_offset: int | None
    items: list[ObservationOut]


class ValueIn(Schema):
    indicator: str = Field(..., description="Kode indikator, misalnya KES01")
    region: str = Field(..., description="Kode wilayah Kemendagri, misalnya 32.01.01")
    period: str = Field(..., description="2024 atau 2024-03")
    value: float


class ObservationsIn(Schema):
    dataset: str | None = Field(
        None, description="Kode jenis data; boleh kosong bila indikatornya hanya di satu jenis data"
    )
    submit: bool = Field(False, description="Langsung ajukan untuk verifikasi")
    values: list[ValueIn]


class SubmissionValueOut(Schema):
    indicator: str
    region: str
    period: str
    value: float
    previous_value: float | None


class SubmissionOut(Schema):
    id: int
    dataset: str
    region: str
    status: str
    created_by: str
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    return_reason: str
    values: list[SubmissionValueOut]


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


# ---------------------------------------------------------------- endpoints


@api.get("/v1/indicators", response=list[IndicatorOut], tags=["katalog"])
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    """The national catalogue and the user's region's own indicators."""
    return [
        {
            "code": i.code,
            "name": i.name_id,
            "name_en": i.name_en,
            "area": i.area,
            "unit": i.unit,
            "polarity": i.polarity,
            "kind": i.kind,
            "decimals": i.decimals,
            "period_type": i.period_type,
            "is_key": i.is_key,
            "min_value": i.min_value,
            "max_value": i.max_value,
            "source": i.source,
            "local_source": i.local_source,
            "owner_region": i.owner_region.code if i.owner_region else None,
        }
        for i in selectors.indicators_for(_user(request)).order_by("area", "code")
    ]


@api.get(
    "/v1/observations",
    response={200: ObservationPage, 404: Message},
    tags=["nilai"],
)
def list_observations(
    request: HttpRequest,
    indicator: str | None = None,
    region: str | None = None,
    period: str | None = None,
    include_below: bool = False,
    limit: int = Query(100, ge=1, le=MAX_PAGE),  # type: ignore[type-arg]
    offset: int = Query(0, ge=0),  # type: ignore[type-arg]
) -> dict[str, Any]:
    """Verified values in the user's region; ``include_below`` adds the regions under ``region``."""
    user = _user(request)
    values = selectors.verified_observations(user).select_related("indicator", "region")
    if indicator:
        values = values.filter(indicator__in=selectors.indicators_for(user).filter(code=indicator))
    if region:
        place = scoped(Region.objects.all(), user).filter(code=region.strip()).first()
        if place is None:
            raise Http404(_("Wilayah %(code)s tidak ditemukan di wilayah Anda.") % {"code": region})
        if include_below:
            values = values.filter(
                Q(region__code=place.code) | Q(region__code__startswith=place.code + ".")
            )
        else:
            values = values.filter(region=place)
    if period:
        values = values.filter(period=period.strip())
    values = values.order_by("indicator__code", "region__code", "period", "pk")
    count = values.count()
    items = [
        {
            "indicator": o.indicator.code,
            "region": o.region.code,
            "region_name": o.region.name,
            "period": o.period,
            "value": o.value,
            "standard_error": o.standard_error,
            "source": o.source,
            "updated_at": o.updated_at,
        }
        for o in values[offset : offset + limit]
    ]
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if offset + limit < count else None,
        "items": items,
    }


def _submission_out(submission: Any) -> dict[str, Any]:
    values = submission.values.select_related("indicator", "region").order_by(
        "region__code", "indicator__code", "period"
    )
    return {
        "id": submission.pk,
        "dataset": submission.dataset.code,
        "region": submission.region.code,
        "status": submission.status,
        "created_by": submission.created_by.username,
        "created_at": submission.created_at,
        "submitted_at": submission.submitted_at,
        "reviewed_at": submission.reviewed_at,
        "return_reason": submission.return_reason,
        "values": [
            {
                "indicator": v.indicator.code,
                "region": v.region.code,
                "period": v.period,
                "value": v.value,
                "previous_value": v.previous_value,
            }
            for v in values
        ],
    }


@api.post(
    "/v1/observations",
    response={201: SubmissionOut, 403: Message, 422: Message},
    tags=["nilai"],
)
def create_observations(request: HttpRequest, payload: ObservationsIn) -> Status[Any]:
    """Send values: they become a draft submission for the regional admin to verify."""
    submission = api_services.submission_create_from_values(
        user=_user(request),
        values=[
            api_services.ValueIn(v.indicator, v.region, v.period, v.value) for v in payload.values
        ],
        dataset_code=payload.dataset,
        submit=payload.submit,
    )
    return Status(201, _submission_out(submission))


@api.get(
    "/v1/submissions/{submission_id}",
    response={200: SubmissionOut, 403: Message, 404: Message},
    tags=["nilai"],
)
def get_submission(request: HttpRequest, submission_id: int) -> Any:
    user = _user(request)
    if user.role not in READ_SUBMISSION_ROLES:
        raise PermissionDenied
    submission = selectors.submissions_for(user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404(_("Pengajuan %(id)d tidak ditemukan.") % {"id": submission_id})
    return _submission_out(submission)


@api.get("/v1/docs/aset/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """The Swagger UI files, served from the installed django-ninja package."""
    if name not in _ASSET_TYPES:
        raise Http404(_("Tidak ditemukan."))
    response = FileResponse((_ASSETS / name).open("rb"), content_type=_ASSET_TYPES[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response
