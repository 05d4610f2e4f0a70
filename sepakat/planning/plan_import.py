"""``sepakat plan import``: an intervention matrix into a new draft version, all or nothing.

The file (CSV, or xlsx with the same header) is long: one row per sub kegiatan and year,
with exactly the columns of :data:`COLUMNS`. Rows with the same problem, strategy, sub
kegiatan, SKPD, output indicator and unit are one intervention; each of its rows is a year.

Choices where the regulation is silent (written down for the planner and the integrator):

- ``masalah`` is the code of a problem in the plan's priority set (e.g. ``PND01``); a
  problem of the set with no intervention is a warning, not a refusal;
- ``strategi`` is ``beban`` (reduce the spending burden), ``pendapatan`` (raise income) or
  ``kantong`` (reduce poverty pockets), the three strategies of Inpres 4/2022;
- ``tahun`` runs over the plan period; the year before it is the baseline (kondisi awal)
  and its target is the value the later targets are checked against;
- ``target`` moves in the direction of the output indicator's polarity: higher is better,
  except indicators that count a harm (``Prevalensi``, ``Angka Kematian``, ``Angka Putus
  Sekolah``, ``Jumlah Kasus``, ``Tingkat Pengangguran``...), where lower is better;
- ``pagu_indikatif`` is whole rupiah without thousand separators; required in the period,
  optional in the baseline year;
- ``lokasi`` lists kecamatan/desa codes of the region separated by spaces; empty means the
  whole region;
- every intervention is tagged for extreme poverty (it is in the poverty plan), and for
  stunting when the sub kegiatan or its indicator names stunting or nutrition (gizi); the
  fund source is ``APBD``; the intervention's page changes it.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.planning.checks import (
    Catalogue,
    check_level,
    check_location,
    check_opd,
    check_sub_kegiatan_in_force,
    check_target,
    parse_number,
)
from sepakat.planning.codes import normalise_code
from sepakat.planning.models import Skpd
from sepakat.planning.models_plan import (
    Intervention,
    InterventionYear,
    Plan,
    PlanVersion,
    Strategy,
)
from sepakat.planning.plans import audit, may_edit, next_version, plan_create
from sepakat.planning.selectors import catalogue_for, skpd_lookup
from sepakat.planning.tables import (
    ImportResult,
    Sheet,
    doubled_header_problem,
    find_header,
    header_key,
    read_sheets,
)
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.importers.report import ImportFileError
from sepakat.regions.models import Region

COLUMNS = (
    "masalah",
    "strategi",
    "kode_sub_kegiatan",
    "kode_skpd",
    "indikator_keluaran",
    "satuan",
    "tahun",
    "target",
    "pagu_indikatif",
    "lokasi",
)
LOWER_IS_BETTER = (
    "prevalensi",
    "angka kematian",
    "angka putus sekolah",
    "angka kesakitan",
    "jumlah kasus",
    "tingkat pengangguran",
    "persentase penduduk miskin",
)
STUNTING_WORDS = ("stunting", "gizi")


def output_polarity(indicator: str) -> int:
    """+1 (more is better) for an output, -1 for an indicator that counts a harm."""
    return -1 if indicator.strip().lower().startswith(LOWER_IS_BETTER) else 1


@dataclass
class Row:
    line: int
    values: dict[str, str]
    year: int = 0
    target: Decimal = Decimal(0)
    budget: Decimal | None = None
    locations: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, ...]:
        v = self.values
        return (
            v["masalah"],
            v["strategi"],
            v["kode_sub_kegiatan"],
            v["kode_skpd"],
            v["indikator_keluaran"],
            v["satuan"],
        )


@dataclass
class _Context:
    plan: Plan
    region: Region
    problems: dict[str, PriorityIndicator]
    catalogue: Catalogue
    skpds: dict[str, tuple[str, bool]]
    places: Container[str]


def _read(path: Path, file: str, result: ImportResult) -> tuple[Sheet, list[Row]] | None:
    try:
        sheets = read_sheets(path, file=file)
    except ImportFileError as exc:
        result.problem(exc.message, row=exc.row)
        return None
    wanted = {c: (c,) for c in COLUMNS}
    for sheet in sheets:
        found = find_header(sheet, wanted, {})
        if found is None:
            continue
        start, columns, header = found
        if doubled_header_problem(sheet, start, columns, header, result):
            return None
        extra = [h for h in header if h.strip() and header_key(h) not in COLUMNS]
        if extra:
            result.problem(
                _("Kolom %(extra)s tidak dikenal. Kolom berkas harus tepat: %(columns)s.")
                % {"extra": ", ".join(extra), "columns": ",".join(COLUMNS)},
                sheet=sheet.name,
                row=sheet.rows[start][0],
            )
            return None
        rows = []
        for line, cells in sheet.rows[start + 1 :]:
            values = {c: (cells[i].strip() if i < len(cells) else "") for c, i in columns.items()}
            rows.append(Row(line=line, values=values))
        return sheet, rows
    result.problem(
        _("Judul kolom tidak ditemukan. Baris pertama harus berisi: %(columns)s.")
        % {"columns": ",".join(COLUMNS)}
    )
    return None


def _check_row(row: Row, ctx: _Context, result: ImportResult, sheet: str) -> bool:
    """Normalise ``row`` in place; every problem of the row is listed; True when clean."""
    before = result.problem_count
    v = row.values

    def bad(column: str, message: str) -> None:
        result.problem(message, sheet=sheet, row=row.line, column=column)

    plan = ctx.plan
    if v["masalah"] not in ctx.problems:
        bad(
            "masalah",
            _(
                "Masalah '%(code)s' tidak ada dalam set prioritas %(set)s. Tulis kode masalah "
                "prioritas dari set yang disetujui (%(codes)s)."
            )
            % {
                "code": v["masalah"] or "-",
                "set": plan.priority_set,
                "codes": ", ".join(ctx.problems),
            },
        )
    if v["strategi"] not in Strategy.values:
        bad(
            "strategi",
            _("Strategi '%(value)s' tidak dikenal; tulis salah satu: %(choices)s.")
            % {"value": v["strategi"] or "-", "choices": ", ".join(Strategy.values)},
        )
    v["kode_sub_kegiatan"] = code = normalise_code(v["kode_sub_kegiatan"])
    failure = check_sub_kegiatan_in_force(
        code=code, catalogue=ctx.catalogue, on=date(plan.start_year, 1, 1)
    )
    entry = ctx.catalogue.find(code) if failure is None else None
    if entry is not None:
        failure = check_level(entry=entry, region_level=ctx.region.level)
    if failure is not None:
        bad("kode_sub_kegiatan", failure.message)
    v["kode_skpd"] = normalise_code(v["kode_skpd"])
    failure = check_opd(
        skpd_code=v["kode_skpd"], skpds=ctx.skpds, region_name=ctx.region.display_name
    )
    if failure is not None:
        bad("kode_skpd", failure.message)
    for column in ("indikator_keluaran", "satuan"):
        if not v[column]:
            bad(column, _("Kolom %(column)s kosong; isi sesuai nomenklatur.") % {"column": column})
    years = range(plan.start_year - 1, plan.end_year + 1)
    if not (v["tahun"].isdigit() and int(v["tahun"]) in years):
        bad(
            "tahun",
            _(
                "Tahun '%(value)s' di luar periode rencana %(start)s-%(end)s; tulis tahun "
                "periode, atau %(base)s untuk kondisi awal."
            )
            % {
                "value": v["tahun"] or "-",
                "start": plan.start_year,
                "end": plan.end_year,
                "base": plan.start_year - 1,
            },
        )
    else:
        row.year = int(v["tahun"])
    target = parse_number(v["target"])
    if target is None:
        bad(
            "target",
            _("Target '%(value)s' bukan angka. Tulis angka saja, mis. 12,5.")
            % {"value": v["target"] or "-"},
        )
    else:
        row.target = target
    if v["pagu_indikatif"] or row.year != plan.start_year - 1:
        budget = parse_number(v["pagu_indikatif"])
        if budget is None or budget < 0:
            bad(
                "pagu_indikatif",
                _(
                    "Pagu indikatif '%(value)s' bukan angka rupiah. Tulis angka tanpa titik "
                    "ribuan, mis. 150000000."
                )
                % {"value": v["pagu_indikatif"] or "-"},
            )
        else:
            row.budget = budget
    row.locations = list(dict.fromkeys(v["lokasi"].split()))
    for location in row.locations:
        failure = check_location(
            location_code=location, region_code=ctx.region.code, known_codes=ctx.places
        )
        if failure is not None:
            bad("lokasi", failure.message)
    return result.problem_count == before


def _check_groups(
    rows: list[Row], ctx: _Context, result: ImportResult, sheet: str
) -> dict[tuple[str, ...], list[Row]]:
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(row.key, []).append(row)
    base_year = ctx.plan.start_year - 1
    for group in groups.values():
        seen: dict[int, int] = {}
        for row in group:
            if row.year in seen:
                result.problem(
                    _(
                        "Sub kegiatan %(code)s untuk masalah %(problem)s tahun %(year)s sudah ada "
                        "di baris %(first)s; setiap tahun hanya sekali."
                    )
                    % {
                        "code": row.values["kode_sub_kegiatan"],
                        "problem": row.values["masalah"],
                        "year": row.year,
                        "first": seen[row.year],
                    },
                    sheet=sheet,
                    row=row.line,
                    column="tahun",
                )
            seen.setdefault(row.year, row.line)
        baseline = next((r.target for r in group if r.year == base_year), None)
        polarity = output_polarity(group[0].values["indikator_keluaran"])
        for row in group:
            if row.year == base_year:
                continue
            failure = check_target(
                target=row.target,
                baseline=baseline,
                polarity=polarity,
                unit=row.values["satuan"],
                indicator=row.values["indikator_keluaran"],
            )
            if failure is not None:
                result.problem(failure.message, sheet=sheet, row=row.line, column="target")
    return groups


def _context(plan: Plan, codes: list[str]) -> _Context:
    region = plan.region
    problems = {
        item.indicator.code: item.indicator
        for item in plan.priority_set.items.select_related("indicator").order_by("position")
    }
    places = set(
        Region.objects.filter(code__startswith=region.code + ".").values_list("code", flat=True)
    )
    places.add(region.code)
    return _Context(
        plan=plan,
        region=region,
        problems=problems,
        catalogue=catalogue_for(plan.nomenclature, codes),
        skpds=skpd_lookup(region),
        places=places,
    )


def check_rows(plan: Plan, rows: Sequence[Mapping[str, str]]) -> tuple[list[Row], ImportResult]:
    """The import's checks, for the rows (one per year) of one intervention typed in the
    plan page, so that the page and the file refuse the same things with the same words.
    Row numbers count from 2 as in :func:`plan_import_rows`; nothing is written."""
    result = ImportResult(file="")
    read = [
        Row(line=n, values={c: str(row.get(c, "")).strip() for c in COLUMNS})
        for n, row in enumerate(rows, start=2)
    ]
    ctx = _context(plan, [normalise_code(r.values["kode_sub_kegiatan"]) for r in read])
    clean = [_check_row(row, ctx, result, "") for row in read]
    _check_groups([r for r, ok in zip(read, clean, strict=True) if ok], ctx, result, "")
    return read, result


def plan_import(
    *,
    actor: User | None,
    region: Region,
    path: Path,
    file: str,
    start_year: int | None = None,
    end_year: int | None = None,
) -> tuple[PlanVersion | None, ImportResult]:
    """Load the matrix into a new draft version of the region's plan (the plan starting in
    ``start_year``, created from the approved priority set when missing; else the latest
    plan). Nothing is written unless every row passes."""
    result = ImportResult(file=file)
    read = _read(path, file, result)
    if read is None:
        return None, result
    sheet, rows = read
    return _import_rows(
        actor=actor,
        region=region,
        rows=rows,
        result=result,
        sheet=sheet.name,
        start_year=start_year,
        end_year=end_year,
    )


def plan_import_rows(
    *,
    actor: User | None,
    region: Region,
    rows: Sequence[Mapping[str, str]],
    source: str,
    start_year: int | None = None,
    end_year: int | None = None,
) -> tuple[PlanVersion | None, ImportResult]:
    """The same as :func:`plan_import` for rows already read (the demo, a page's form):
    each row maps the :data:`COLUMNS` to text; row numbers count the header as 1."""
    result = ImportResult(file=source)
    read = [
        Row(line=n, values={c: str(row.get(c, "")).strip() for c in COLUMNS})
        for n, row in enumerate(rows, start=2)
    ]
    return _import_rows(
        actor=actor,
        region=region,
        rows=read,
        result=result,
        sheet="",
        start_year=start_year,
        end_year=end_year,
    )


def _import_rows(
    *,
    actor: User | None,
    region: Region,
    rows: list[Row],
    result: ImportResult,
    sheet: str,
    start_year: int | None,
    end_year: int | None,
) -> tuple[PlanVersion | None, ImportResult]:
    plans = Plan.objects.filter(region=region).select_related(
        "region", "priority_set", "nomenclature"
    )
    plan = plans.filter(start_year=start_year).first() if start_year else plans.first()
    result.rows_read = len(rows)
    if not may_edit(actor, region):
        result.problem(
            _(
                "Pengguna %(user)s tidak berhak menyusun rencana %(region)s; impor dijalankan "
                "oleh perencana atau admin daerah wilayah itu."
            )
            % {"user": getattr(actor, "username", "-"), "region": region.display_name}
        )
        return None, result
    if not rows:
        result.problem(_("Berkas tidak berisi satu pun baris intervensi."))
        return None, result
    try:
        with transaction.atomic():
            if plan is None:
                if start_year is None:
                    raise ValidationError(
                        _(
                            "%(region)s belum memiliki rencana. Sebutkan periodenya, mis. "
                            "--period 2025-2029."
                        )
                        % {"region": region.display_name}
                    )
                plan = plan_create(
                    actor=actor,
                    region=region,
                    start_year=start_year,
                    end_year=end_year or start_year + 4,
                )
            ctx = _context(plan, [normalise_code(r.values["kode_sub_kegiatan"]) for r in rows])
            clean = [_check_row(row, ctx, result, sheet) for row in rows]
            groups = _check_groups(
                [r for r, ok in zip(rows, clean, strict=True) if ok], ctx, result, sheet
            )
            if not result.ok:
                transaction.set_rollback(True)
                return None, result
            version = _write(actor, ctx, groups, result.file)
            missing = [code for code in ctx.problems if code not in {k[0] for k in groups}]
            for code in missing:
                result.notes.append(
                    _(
                        "Peringatan: masalah prioritas %(code)s (%(name)s) belum mempunyai "
                        "intervensi."
                    )
                    % {"code": code, "name": ctx.problems[code].name_id}
                )
            result.created = len(groups)
    except ValidationError as exc:
        for message in exc.messages:
            result.problem(message)
        return None, result
    return version, result


def _write(
    actor: User | None, ctx: _Context, groups: dict[tuple[str, ...], list[Row]], file: str
) -> PlanVersion:
    version = next_version(actor=actor, plan=ctx.plan, source=file)
    skpds = {s.code: s for s in Skpd.objects.filter(region=ctx.region)}
    interventions = []
    for position, key in enumerate(groups, start=1):
        problem, strategy, code, skpd, indicator, unit = key
        entry = ctx.catalogue.find(code)
        name = entry.name if entry is not None else ""
        text = f"{name} {indicator}".lower()
        interventions.append(
            Intervention(
                version=version,
                position=position,
                problem=ctx.problems[problem],
                strategy=strategy,
                sub_kegiatan_code=code,
                sub_kegiatan_name=name,
                skpd=skpds[skpd],
                output_indicator=indicator,
                unit=unit,
                polarity=output_polarity(indicator),
                tag_stunting=any(w in text for w in STUNTING_WORDS),
            )
        )
    created = Intervention.objects.bulk_create(interventions)
    InterventionYear.objects.bulk_create(
        InterventionYear(
            intervention=intervention,
            year=row.year,
            target=row.target,
            budget=row.budget,
            locations=row.locations,
        )
        for intervention, group in zip(created, groups.values(), strict=True)
        for row in sorted(group, key=lambda r: r.year)
    )
    audit(
        actor,
        version,
        "plan version imported",
        file=[file],
        interventions=[str(len(created))],
        rows=[str(sum(len(g) for g in groups.values()))],
    )
    return version
