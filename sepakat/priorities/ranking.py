"""The ranked list of priority problems: computed once from a survey person file, stored.

:func:`priority_run_compute` reads the region's latest person file for the year (a survey
file whose mapping names a ``person_id``), builds the spec from the active catalogue
(:class:`~sepakat.priorities.models.PriorityIndicator`: code, ``status_<code>`` column,
target, sector, name), and runs :func:`sepakat.analytics.priorities.priority_scores` and
:func:`~sepakat.analytics.priorities.priority_sensitivity` with DuckDB over the Parquet
file, by kab/kota domain, with the file's design and a lonely PSU handled as ``centered``
(the analysis module's default). The result is a :class:`PriorityRun` with its provenance
and one audit record, in one transaction; pages read it and never recompute.

Choices the method leaves open, written down here:

* **In the request, not in the background.** 60 indicators x 3 kab/kota domains x 20,000
  persons with standard errors, the ranking and its sensitivity (four passes of the
  computation) take about 2 s on a two-core machine; a kab/kota's share of a
  Susenas round is a few thousand persons. A queue would add a page to wait on for no
  gain; a province-wide or national file (1.2 M persons) is the case for the background
  job of the analysis module, and the service is written so that a task can call it.
* **Deciles 1-4.** A person file has no registry decile; unless the mapping names a
  ``decile`` column, the decile is the person's rank in per-capita expenditure among the
  persons of the region, weighted by the person weight (deciles of the region's own
  distribution, as BPS's "40 % terbawah").
* **Which kab/kota.** The domain is the first two parts of the Kemendagri code the data hub
  added to the file (``sepakat_kode_wilayah``), else of the mapped ``region_code``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.core.access import user_may_see
from sepakat.core.audit import record_bulk_change
from sepakat.core.roles import Role
from sepakat.datahub.microdata import KEMENDAGRI_COLUMN, analysis_path
from sepakat.datahub.models import Area, MicrodataFile, MicrodataKind
from sepakat.priorities.models import PriorityIndicator, PriorityRun
from sepakat.regions.models import Level, Region

LONELY_PSU = "centered"
MIN_PERSONS = 30
MAX_RSE = 0.25
Z95 = 1.959963984540054
ENGINE = "duckdb"
COMPUTE_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER})
DOMAIN = "_domain"
DECILE = "_decile"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def person_files(region: Region, period: str) -> QuerySet[MicrodataFile]:
    """Survey person files of the year that cover ``region`` (its own, its province's or
    the nation's), the newest first."""
    codes = [a.code for a in region.ancestors()] + [region.code]
    return (
        MicrodataFile.objects.filter(
            kind=MicrodataKind.SURVEY,
            region__code__in=codes,
            period__startswith=period,
            columns__has_key="person_id",
        )
        .select_related("region")
        .order_by("-created_at", "-pk")
    )


def active_catalogue() -> list[PriorityIndicator]:
    return list(PriorityIndicator.objects.filter(active=True))


@dataclass(frozen=True)
class Method:
    """What the method text says, kept as parameters so that it reads in either language."""

    params: dict[str, Any]

    def lines(self) -> list[str]:
        p = self.params
        design = (
            _("strata kolom %(strata)s, PSU kolom %(psu)s, PSU tunggal: %(lonely)s")
            % {"strata": p.get("strata") or "-", "psu": p.get("psu") or "-", "lonely": LONELY_PSU}
            if p.get("strata") or p.get("psu")
            else _("tanpa desain sampel (galat baku tidak dihitung)")
        )
        return [
            _(
                "Skor = D × (T − A) / (1 − A) bila A < T, selain itu 0. A: capaian (bagian "
                "populasi rujukan yang sudah tercapai, tertimbang penimbang orang); D: deprivasi "
                "tertimbang kesejahteraan, setiap orang yang belum tercapai dihitung "
                "rata-rata pengeluaran per kapita dibagi pengeluaran per kapitanya sendiri; "
                "T: target (100 % atau target SPM/TPB)."
            ),
            _("Data: %(title)s, tahun %(year)s, %(n)s orang, SHA-256 %(sha)s.")
            % {
                "title": p.get("file_title", ""),
                "year": p.get("year", ""),
                # grouped in the reader's language: "2.578 orang", not "2578"
                "n": number_format(p["persons"], 0, force_grouping=True)
                if isinstance(p.get("persons"), int)
                else p.get("persons", ""),
                "sha": str(p.get("sha256", ""))[:12],
            },
            _(
                "Penimbang: kolom %(weight)s (penimbang orang); kesejahteraan: kolom "
                "%(welfare)s (pengeluaran per kapita); desain: %(design)s."
            )
            % {"weight": p.get("weight", ""), "welfare": p.get("welfare", ""), "design": design},
            _(
                "Galat baku dengan linearisasi Taylor; selang kepercayaan 95 %% = nilai ± 1,96 × "
                "galat baku. Diperingkat hanya bila populasi rujukan paling sedikit %(min)s "
                "orang dan galat baku relatif skor paling besar %(rse)s %% (aturan BPS)."
            )
            % {"min": p.get("min_persons", MIN_PERSONS), "rse": round(100 * MAX_RSE)},
            _(
                "Kepekaan: peringkat tanpa bobot kesejahteraan (kekurangan biasa), dengan bobot "
                "SEPAKAT, dan hanya desil 1-4 (%(decile)s)."
            )
            % {
                "decile": _("kolom %(col)s") % {"col": p["decile"]}
                if p.get("decile")
                else _("desil pengeluaran per kapita penduduk wilayah ini, tertimbang")
            },
        ]

    def text(self) -> str:
        return " ".join(self.lines())


def method_of(run: PriorityRun) -> Method:
    return Method(run.params)


def _relation(
    con: duckdb.DuckDBPyConnection, file: MicrodataFile, region: Region, period: str
) -> tuple[duckdb.DuckDBPyRelation, str | None]:
    """The persons of ``region`` in the file, with their kab/kota and (if the mapping has
    none) their weighted expenditure decile."""
    columns = file.columns or {}
    source = "read_parquet('" + str(analysis_path(file)).replace("'", "''") + "')"
    names = {r[0] for r in con.sql(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    code_col = KEMENDAGRI_COLUMN if KEMENDAGRI_COLUMN in names else columns.get("region_code")
    if not code_col or code_col not in names:
        raise ValidationError({"file": _("Berkas ini belum memetakan kolom kode wilayah.")})
    code = f"CAST({_quote(code_col)} AS VARCHAR)"
    kab = f"array_to_string(list_slice(string_split({code}, '.'), 1, 2), '.')"
    where = ["TRUE"]
    if region.level != Level.NATIONAL:
        literal = region.code.replace("'", "''")
        where.append(f"({kab} = '{literal}' OR {kab} LIKE '{literal}.%')")
    if columns.get("year") and columns["year"] in names:
        where.append(f"CAST({_quote(columns['year'])} AS INTEGER) = {int(period)}")
    base = f"SELECT *, {kab} AS {DOMAIN} FROM {source} WHERE {' AND '.join(where)}"
    decile = columns.get("decile") or None
    if decile is None:
        w = _quote(columns["weight"])
        y = _quote(columns["welfare"])
        base = (
            f"SELECT *, LEAST(10, GREATEST(1, CAST(CEIL(10 * SUM({w}) OVER (ORDER BY {y}, "
            f"{_quote(columns['person_id'])} ROWS UNBOUNDED PRECEDING) / SUM({w}) OVER ()) "
            f"AS INTEGER))) AS {DECILE} FROM ({base})"
        )
    return con.sql(base), decile


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def priority_run_compute(*, user: User, region: Region, period: str) -> PriorityRun:
    """Compute and keep the ranked list of ``region`` for ``period``; planners and regional
    admins of the region (or above) and the central team."""
    from sepakat.analytics import AnalyticsError
    from sepakat.analytics.priorities import priority_scores, priority_sensitivity

    if user.role not in COMPUTE_ROLES or not user_may_see(user, region):
        raise PermissionDenied
    if not (len(period) == 4 and period.isdigit()):
        raise ValidationError({"period": _("Tahun harus empat angka, misalnya 2025.")})
    file = person_files(region, period).first()
    if file is None:
        raise ValidationError(
            {
                "file": _(
                    "Belum ada berkas survei tingkat orang (dengan kolom id orang) tahun "
                    "%(year)s untuk %(region)s. Unggah dan petakan berkasnya di Data > Mikrodata."
                )
                % {"year": period, "region": region.display_name}
            }
        )
    columns = file.columns or {}
    missing_roles = [r for r in ("welfare", "weight", "person_id") if not columns.get(r)]
    if missing_roles:
        raise ValidationError(
            {
                "file": _(
                    "Pemetaan kolom berkas %(title)s belum lengkap (%(roles)s); lengkapi di "
                    "Data > Mikrodata."
                )
                % {"title": file.title, "roles": ", ".join(missing_roles)}
            }
        )
    started = time.perf_counter()
    with duckdb.connect() as con:
        relation, decile = _relation(con, file, region, period)
        present = set(relation.columns)
        catalogue = active_catalogue()
        used = [i for i in catalogue if i.status_column in present]
        absent = [i.code for i in catalogue if i.status_column not in present]
        if not used:
            raise ValidationError(
                {
                    "file": _(
                        "Berkas %(title)s tidak memuat satu pun kolom status indikator "
                        "prioritisasi (status_<kode>). Tambahkan kolomnya lalu unggah ulang."
                    )
                    % {"title": file.title}
                }
            )
        n_persons = len(relation)
        if not n_persons:
            raise ValidationError(
                {
                    "file": _("Berkas %(title)s tidak memuat orang di %(region)s tahun %(year)s.")
                    % {"title": file.title, "region": region.display_name, "year": period}
                }
            )
        spec = [
            {
                "code": i.code,
                "column": i.status_column,
                "target": i.target,
                "sector": i.sector,
                "name": i.name_id,
            }
            for i in used
        ]
        options: dict[str, Any] = {
            "welfare": columns["welfare"],
            "weight": columns["weight"],
            "strata": columns.get("strata") or None,
            "psu": columns.get("psu") or None,
            "by": [DOMAIN],
            # A kab/kota is its only domain; a province (or the nation) adds its kab/kota
            # to its own overall row.
            "grouping": [[DOMAIN]] if region.level == Level.REGENCY else "rollup",
            "lonely_psu": LONELY_PSU,
            "min_persons": MIN_PERSONS,
            "max_rse": MAX_RSE,
            "engine": ENGINE,
        }
        try:
            scores = priority_scores(relation, spec=spec, **options)
            sensitivity = priority_sensitivity(
                relation, spec=spec, decile=decile or DECILE, **options
            )
        except AnalyticsError as exc:
            raise ValidationError(
                {"file": _("Berkas %(title)s: %(error)s") % {"title": file.title, "error": exc}}
            ) from exc
    seconds = time.perf_counter() - started
    names = {i.code: i.name_id for i in used}
    results = [
        {
            **{k: _clean(v) for k, v in row.items() if k != DOMAIN},
            "domain": row[DOMAIN] or region.code,
            "name": names.get(row["code"], ""),
        }
        for row in scores.to_dicts()
    ]
    moved = [
        {
            **{k: _clean(v) for k, v in row.items() if k != DOMAIN},
            "domain": row[DOMAIN] or region.code,
            "name": names.get(row["code"], ""),
        }
        for row in sensitivity.to_dicts()
    ]
    params = {
        "year": period,
        "file_title": file.title,
        "file": file.relative_path,
        "sha256": file.sha256,
        "persons": n_persons,
        "welfare": columns["welfare"],
        "weight": columns["weight"],
        "strata": columns.get("strata") or "",
        "psu": columns.get("psu") or "",
        "decile": decile or "",
        "lonely_psu": LONELY_PSU,
        "min_persons": MIN_PERSONS,
        "max_rse": MAX_RSE,
        "indicators": [i.code for i in used],
        "absent": absent,
        "method": "sepakat.analytics.priorities.priority_scores (weighting=sepakat)",
    }
    with translation.override("id"):
        method = Method(params).text()
    with transaction.atomic():
        run = PriorityRun.objects.create(
            region=region,
            period=period,
            file=file,
            params=params,
            results=results,
            sensitivity=moved,
            method=method,
            engine=ENGINE,
            seconds=round(seconds, 3),
            created_by=user,
        )
        record_bulk_change(
            actor=user,
            model=PriorityRun,
            object_repr=_("Peringkat masalah prioritas %(region)s %(year)s dihitung")
            % {"region": region.code, "year": period},
            summary={
                "event": ["priority ranking computed"],
                "priority_run": [str(run.pk)],
                "region": [region.code],
                "period": [period],
                "file": [f"{file.relative_path} sha256={file.sha256}"],
                "indicators": [str(len(used))],
                "persons": [str(n_persons)],
            },
        )
    return run


def rows_for(run: PriorityRun, domain: str) -> list[dict[str, Any]]:
    """The rows of one domain with their 95 % confidence intervals, ranked first."""
    sectors = dict(Area.choices)
    out = []
    for row in run.results:
        if row["domain"] != domain:
            continue
        r = dict(row)
        r["sector_label"] = str(sectors.get(r.get("sector") or "", r.get("sector") or ""))
        for key, se_key in (("achievement", "achievement_se"), ("score", "score_se")):
            value, se = r.get(key), r.get(se_key)
            r[f"{key}_low"] = None if value is None or se is None else value - Z95 * se
            r[f"{key}_high"] = None if value is None or se is None else value + Z95 * se
        out.append(r)
    return sorted(out, key=lambda r: (r["rank"] is None, r["rank"] or 0))


def localise_names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The catalogue's English names in an English session (one query); the stored run
    keeps the Indonesian names, which are the record."""
    if not (translation.get_language() or "id").startswith("en"):
        return rows
    english = dict(
        PriorityIndicator.objects.filter(code__in=[r["code"] for r in rows])
        .exclude(name_en="")
        .values_list("code", "name_en")
    )
    return [{**r, "name": english.get(r["code"], r["name"])} for r in rows]


def domains_of(run: PriorityRun) -> list[str]:
    return sorted({r["domain"] for r in run.results})


def sensitivity_for(run: PriorityRun, domain: str) -> list[dict[str, Any]]:
    rows = [r for r in run.sensitivity if r["domain"] == domain]
    return sorted(rows, key=lambda r: (r.get("rank_sepakat") is None, r.get("rank_sepakat") or 0))


def ranked_codes(rows: Sequence[dict[str, Any]]) -> list[str]:
    return [r["code"] for r in rows if r.get("rank") is not None]


def reason_text(reason: str) -> str:
    """Why an indicator is not ranked, in words (the analytics library's stable codes)."""
    return {
        "": "",
        "few_persons": _("populasi rujukan kurang dari %(n)s orang") % {"n": MIN_PERSONS},
        "imprecise": _("galat baku relatif skor di atas %(rse)s %%")
        % {"rse": round(100 * MAX_RSE)},
        "target_reached": _("target sudah tercapai"),
    }.get(reason, reason)
