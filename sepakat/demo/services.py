"""Build (or rebuild) the synthetic demo region "Provinsi Contoh" (Kemendagri code 99).

Everything is computed first from one seed (regions and polygons, indicator values, the
survey and registry files, APBD lines), then written in one transaction. A rebuild replaces
only what the demo owns: the regions under code 99, rows whose source is
:data:`DEMO_SOURCE`, the demo microdata files and the ``contoh.*`` accounts. Values that
somebody else stored for the same indicator, region and period are left alone.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sepakat.budgeting.models import ApbdLine
from sepakat.core.audit import record_bulk_change
from sepakat.datahub.generations import bump_data_generation
from sepakat.datahub.models import (
    Dataset,
    Indicator,
    MicrodataFile,
    MicrodataKind,
    Observation,
    ObservationStatus,
)
from sepakat.datahub.podes import PODES_SOURCE
from sepakat.datahub.podes import install as install_podes
from sepakat.datahub.standard import ensure_standard_datasets
from sepakat.demo import apbd, geography, indicators, persons, podes, registry, survey, users
from sepakat.demo.accesses import ensure_demo_accesses
from sepakat.demo.budget_chain import ensure_demo_chain, poverty_tags
from sepakat.demo.files import write_parquet
from sepakat.demo.nomenclature import ensure_demo_nomenclature, ensure_demo_skpds
from sepakat.demo.plan import ensure_demo_plan
from sepakat.demo.profile import YEARS, build_profiles
from sepakat.demo.quarters import ensure_demo_quarter_reports
from sepakat.demo.targets import demo_regencies, ensure_demo_targets
from sepakat.planning.models import Skpd
from sepakat.priorities.catalogue import install as install_catalogue
from sepakat.priorities.models import PriorityIndicator
from sepakat.regions.models import NATIONAL_CODE, CodeCrosswalk, Level, Region, RegionBoundary
from sepakat.regions.services import ensure_national_region

DEFAULT_SEED = 2025
DEMO_SOURCE = "Data contoh SEPAKAT (sintetis)"
PROVINCE_CODE = geography.PROVINCE_CODE
SURVEY_PATH = "demo/susenas_contoh_2025.parquet"
REGISTRY_PATH = "demo/registrasi_sosial_ekonomi_contoh_2025.parquet"
PERSONS_PATH = "demo/susenas_contoh_2025_perorangan.parquet"
_BATCH = 500


class DemoError(RuntimeError):
    """The demo cannot be built here; the message says why and what to do."""


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    region: str
    otpauth_url: str = ""
    note: str = ""


@dataclass
class DemoReport:
    seed: int
    regions: dict[int, int] = field(default_factory=dict)  # level -> count
    indicators: int = 0
    observations: int = 0
    apbd_lines: int = 0
    chain_lines: int = 0  # RKPD to DPA lines written through the budget import
    nomenclature_items: int = 0
    skpds: int = 0
    plan: str = ""  # the approved demo plan, "99.01 2025-2029"
    targets: int = 0  # monitoring targets of the kab/kota
    quarter_reports: int = 0  # verified OPD quarterly report lines of 99.01's plan
    # file key (survey, registry, persons) -> path, rows, sha
    files: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    podes: int = 0  # Podes-like desa observations
    logins: list[DemoLogin] = field(default_factory=list)
    seconds: float = 0.0


def _rng(seed: int, stream: str) -> np.random.Generator:
    """An independent generator per part, so that changing one part leaves the others."""
    return np.random.Generator(np.random.PCG64([seed, zlib.crc32(stream.encode())]))


def _demo_regions() -> Q:
    return Q(code=PROVINCE_CODE) | Q(code__startswith=PROVINCE_CODE + ".")


def build_demo(
    *, seed: int = DEFAULT_SEED, progress: Callable[[str], None] | None = None
) -> DemoReport:
    """Build the demo province from ``seed``; the same seed gives the same data."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    report = DemoReport(seed=seed)
    provenance = {
        "demo": True,
        "seed": seed,
        "generator": "sepakat.demo",
        "note": "data sintetis, bukan data resmi",
    }

    say(_("Membangun wilayah dan batas wilayah..."))
    specs = geography.build_regions(_rng(seed, "geography"))
    profiles = build_profiles(_rng(seed, "profiles"), specs)

    say(_("Menghitung nilai indikator 2015-2025..."))
    values, complete = indicators.generate_values(
        _rng(seed, "indicators"),
        profiles.regencies,
        province_code=PROVINCE_CODE,
        national_code=NATIONAL_CODE,
    )

    say(_("Menulis berkas survei dan registrasi (Parquet)..."))
    microdata_dir = Path(settings.MICRODATA_DIR)
    latest = max(YEARS)
    survey_result = survey.build_survey(
        _rng(seed, "survey"),
        profiles,
        p0={r.code: complete["KMS01", r.code, latest] for r in profiles.regencies},
        poverty_line={r.code: complete["KMS04", r.code, latest] for r in profiles.regencies},
    )
    registry_table = registry.build_registry(
        _rng(seed, "registry"),
        profiles,
        regency_2025={
            (code, r.code): complete[code, r.code, latest]
            for code in ("PLD10", "PLD11", "PLD12", "PLD13", "PLS06")
            for r in profiles.regencies
        },
    )
    local_values = registry.village_indicators(registry_table)
    persons_table = persons.build_persons(_rng(seed, "persons"), survey_result.table)
    podes_values = podes.build_podes(
        _rng(seed, "podes"), profiles, pln_share=_pln_by_desa(local_values)
    )
    # Keyed by file, not by kind: the survey has a household and a person file.
    files = {
        "survey": (
            MicrodataKind.SURVEY,
            SURVEY_PATH,
            survey_result.table,
            survey.COLUMNS,
            _("Susenas contoh Maret 2025 (sintetis)"),
            "2025-03",
        ),
        "registry": (
            MicrodataKind.REGISTRY,
            REGISTRY_PATH,
            registry_table,
            registry.COLUMNS,
            _("Registrasi sosial ekonomi contoh 2025 (sintetis)"),
            "2025",
        ),
        "persons": (
            MicrodataKind.SURVEY,
            PERSONS_PATH,
            persons_table,
            persons.COLUMNS,
            _("Susenas contoh Maret 2025, berkas perorangan (sintetis)"),
            "2025-03",
        ),
    }
    for key, (_kind, relative, table, _columns, _title, _period) in files.items():
        sha = write_parquet(table, microdata_dir / relative)
        report.files[key] = (relative, table.num_rows, sha)

    say(_("Menyusun baris APBD 2023-2025..."))
    lines = apbd.build_apbd(_rng(seed, "apbd"), profiles.regencies, province_code=PROVINCE_CODE)

    say(_("Menyimpan ke basis data..."))
    with transaction.atomic(), disable_auditlog():
        national = ensure_national_region()
        regions = _save_regions(specs, national)
        report.regions = dict(Counter(int(s.level) for s in specs))
        by_code: dict[str, Region] = {NATIONAL_CODE: national, **regions}
        catalogue = _save_indicators()
        report.indicators = len(catalogue)
        report.observations = _save_observations(
            values=values,
            local_values=local_values,
            catalogue=catalogue,
            regions=by_code,
            provenance=provenance,
        )
        # What the migrations wrote may be gone (a test database flushed between tests).
        install_podes(Indicator, Dataset)
        install_catalogue(PriorityIndicator, Indicator)
        report.podes = _save_podes(podes_values, by_code, provenance)
        for key, (kind, relative, table, columns, title, period) in files.items():
            MicrodataFile.objects.update_or_create(
                relative_path=relative,
                defaults={
                    "kind": kind,
                    "title": title,
                    "region": regions[PROVINCE_CODE],
                    "period": period,
                    "row_count": table.num_rows,
                    "sha256": report.files[key][2],
                    "columns": columns,
                    "personal_columns": [],
                    "source": DEMO_SOURCE,
                },
            )
        ensure_standard_datasets()
        report.apbd_lines = _save_apbd(lines, by_code)
        report.nomenclature_items = ensure_demo_nomenclature()
        report.skpds = ensure_demo_skpds(by_code)
        ensure_demo_accesses(regions=by_code)
        say(_("Membuat akun contoh..."))
        for spec, user in users.ensure_demo_users(seed=seed, regions=by_code):
            url = ""
            if user.needs_second_factor:
                url = users.demo_device(spec.username).config_url
            note = ""
            if spec.expired:
                note = _("kedaluwarsa (contoh penolakan)")
            elif spec.is_trial:
                note = _("uji coba sampai %(date)s") % {"date": user.expires_on}
            report.logins.append(
                DemoLogin(
                    username=spec.username,
                    password=spec.password,
                    role=spec.role,
                    region=spec.region_code,
                    otpauth_url=url,
                    note=note,
                )
            )
        say(_("Menyusun set prioritas dan rencana contoh 99.01..."))
        plan = ensure_demo_plan()
        report.plan = str(plan) if plan is not None else ""
        say(_("Menyusun rantai anggaran 2024-2026 kabupaten/kota contoh..."))
        report.chain_lines = ensure_demo_chain(_rng(seed, "budget-chain"), lines, by_code)
        say(_("Menyusun target pemantauan kabupaten/kota contoh..."))
        report.targets = ensure_demo_targets(_rng(seed, "targets"), demo_regencies())
        say(_("Mengisi laporan triwulan OPD contoh 99.01..."))
        report.quarter_reports = ensure_demo_quarter_reports(by_code["99.01"])
        record_bulk_change(
            actor=None,
            model=Region,
            object_repr=f"{DEMO_SOURCE}, seed {seed}",
            summary={
                "demo": [f"seed {seed}"],
                "regions": [str(sum(report.regions.values()))],
                "indicators": [str(report.indicators)],
                "observations": [str(report.observations)],
                "podes": [str(report.podes)],
                "apbd_lines": [str(report.apbd_lines)],
                "nomenclature_items": [str(report.nomenclature_items)],
                "skpds": [str(report.skpds)],
                "microdata": [f"{p} sha256={s}" for p, _n, s in report.files.values()],
                "users": [u.username for u in report.logins],
            },
        )
        # National indicators were rebuilt too: every cached analysis is out of date.
        bump_data_generation([NATIONAL_CODE])
    report.seconds = time.monotonic() - started
    say(_("Selesai dalam %(seconds).1f detik.") % {"seconds": report.seconds})
    return report


def _save_regions(specs: list[geography.RegionSpec], national: Region) -> dict[str, Region]:
    """Create or update the demo regions level by level; remove demo regions no longer made."""
    existing = {r.code: r for r in Region.objects.filter(_demo_regions())}
    wanted = {s.code for s in specs}
    saved: dict[str, Region] = {}
    parents: dict[str, Region] = {NATIONAL_CODE: national}
    fields = ["bps_code", "name", "level", "kind", "parent", "source", "valid_to"]
    for level in (Level.PROVINCE, Level.REGENCY, Level.DISTRICT, Level.VILLAGE):
        to_create: list[Region] = []
        to_update: list[Region] = []
        for spec in (s for s in specs if s.level == level):
            region = existing.get(spec.code) or Region(code=spec.code)
            region.bps_code, region.name = spec.bps_code, spec.name
            region.level, region.kind = int(spec.level), str(spec.kind)
            region.parent = parents[spec.parent_code]
            region.source, region.valid_to = DEMO_SOURCE, None
            (to_update if region.pk else to_create).append(region)
        Region.objects.bulk_create(to_create, batch_size=_BATCH)
        Region.objects.bulk_update(to_update, fields, batch_size=_BATCH)
        for region in [*to_create, *to_update]:
            saved[region.code] = region
            parents[region.code] = region

    stale = [code for code in existing if code not in wanted]
    if stale:
        stale_q = Q(region__code__in=stale)
        Observation.objects.filter(stale_q, source=DEMO_SOURCE).delete()
        ApbdLine.objects.filter(stale_q, source=DEMO_SOURCE).delete()
        Skpd.objects.filter(stale_q).delete()
        RegionBoundary.objects.filter(stale_q).delete()
        for code in sorted(stale, key=lambda c: -len(c.split("."))):
            Region.objects.filter(code=code).delete()

    RegionBoundary.objects.filter(region__in=saved.values()).delete()
    RegionBoundary.objects.bulk_create(
        [
            RegionBoundary(region=saved[s.code], geometry=s.geometry, source=DEMO_SOURCE)
            for s in specs
        ],
        batch_size=_BATCH,
    )
    CodeCrosswalk.objects.filter(
        Q(kemendagri_code=PROVINCE_CODE) | Q(kemendagri_code__startswith=PROVINCE_CODE + ".")
    ).delete()
    CodeCrosswalk.objects.bulk_create(
        [
            CodeCrosswalk(bps_code=s.bps_code, kemendagri_code=s.code, source=DEMO_SOURCE)
            for s in specs
        ],
        batch_size=_BATCH,
    )
    return saved


def valid_range(d: indicators.IndicatorDef) -> tuple[float | None, float | None]:
    """What an upload may contain: shares lie in 0-100 and ratios in 0-1, levels are >= 0.

    Rates of change (growth, inflation) may be negative and are left open; the demo's own
    clipping bounds tell which is which.
    """
    low = 0.0 if d.bounds[0] >= 0 else None
    if d.unit == "%" and d.bounds[1] <= 100:
        return low, 100.0
    if d.unit == "rasio" and d.bounds[1] <= 1:
        return low, 1.0
    return low, None


def _save_indicators() -> dict[str, Indicator]:
    existing = {
        i.code: i
        for i in Indicator.objects.filter(
            owner_region__isnull=True, code__in=[d.code for d in indicators.CATALOGUE]
        )
    }
    fields = [
        "name_id",
        "name_en",
        "area",
        "unit",
        "polarity",
        "kind",
        "decimals",
        "definition",
        "source",
        "local_source",
        "levels",
        "is_key",
        "min_value",
        "max_value",
    ]
    to_create: list[Indicator] = []
    to_update: list[Indicator] = []
    for d in indicators.CATALOGUE:
        indicator = existing.get(d.code) or Indicator(code=d.code)
        indicator.min_value, indicator.max_value = valid_range(d)
        for name in fields[:-2]:
            value: Any = list(d.levels) if name == "levels" else getattr(d, name)
            setattr(indicator, name, str(value) if name == "area" else value)
        (to_update if indicator.pk else to_create).append(indicator)
    Indicator.objects.bulk_create(to_create)
    Indicator.objects.bulk_update(to_update, fields)
    by_code = {i.code: i for i in [*to_create, *to_update]}
    # Companions point at rows that exist only now.
    for d in indicators.CATALOGUE:
        by_code[d.code].companion = by_code[d.companion] if d.companion else None
    Indicator.objects.bulk_update(list(by_code.values()), ["companion"])
    return by_code


def _save_observations(
    *,
    values: dict[tuple[str, str, int], float],
    local_values: dict[tuple[str, str], float],
    catalogue: dict[str, Indicator],
    regions: dict[str, Region],
    provenance: dict[str, Any],
) -> int:
    region_ids = [r.pk for r in regions.values()]
    indicator_ids = [i.pk for i in catalogue.values()]
    mine = Observation.objects.filter(indicator_id__in=indicator_ids, region_id__in=region_ids)
    mine.filter(source=DEMO_SOURCE).delete()
    # Values somebody else stored (an upload in the demo region, real national data) stay.
    taken = set(mine.values_list("indicator_id", "region_id", "period"))

    rows = [(code, region, str(year), value) for (code, region, year), value in values.items()]
    rows += [
        (code, region, str(max(YEARS)), value) for (code, region), value in local_values.items()
    ]
    sources = {d.code: d.source for d in indicators.CATALOGUE}
    local_sources = {d.code: d.local_source or d.source for d in indicators.CATALOGUE}
    objects = []
    for code, region_code, period, value in sorted(rows):
        indicator, region = catalogue[code], regions[region_code]
        if (indicator.pk, region.pk, period) in taken:
            continue
        level = "nasional" if region_code == NATIONAL_CODE else "daerah"
        # Below kab/kota a value comes from another source (the registry, village data).
        below = region.level > Level.REGENCY
        pattern = local_sources[code] if below else sources[code]
        objects.append(
            Observation(
                indicator=indicator,
                region=region,
                period=period,
                value=value,
                status=ObservationStatus.VERIFIED,
                source=DEMO_SOURCE,
                provenance={**provenance, "pattern": pattern, "level": level},
            )
        )
    Observation.objects.bulk_create(objects, batch_size=_BATCH)
    return len(objects)


def _save_apbd(lines: list[apbd.LineSpec], regions: dict[str, Region]) -> int:
    demo_region_ids = [regions[code].pk for code in {line.region_code for line in lines}]
    mine = ApbdLine.objects.filter(region_id__in=demo_region_ids)
    mine.filter(source=DEMO_SOURCE).delete()
    taken = set(
        mine.values_list("region_id", "year", "stage", "skpd_code", "sub_kegiatan_code", "account")
    )
    objects = []
    for line in lines:
        region = regions[line.region_code]
        key = (
            region.pk,
            line.year,
            line.stage,
            line.skpd_code,
            line.sub_kegiatan_code,
            line.account,
        )
        if key in taken:
            continue
        objects.append(
            ApbdLine(
                region=region,
                year=line.year,
                stage=line.stage,
                skpd_code=line.skpd_code,
                skpd_name=line.skpd_name,
                sub_kegiatan_code=line.sub_kegiatan_code,
                urusan_name=line.urusan_name,
                program_name=line.program_name,
                kegiatan_name=line.kegiatan_name,
                sub_kegiatan_name=line.sub_kegiatan_name,
                account=line.account,
                amount=line.amount,
                realisation=line.realisation,
                tags=poverty_tags(line.sub_kegiatan_code),
                source=DEMO_SOURCE,
            )
        )
    ApbdLine.objects.bulk_create(objects, batch_size=_BATCH)
    return len(objects)


def _pln_by_desa(local_values: dict[tuple[str, str], float]) -> dict[str, float]:
    """The registry's share of households with PLN electricity by desa (PLD13), which the
    Podes-like share of families with PLN follows, so the two sources agree."""
    return {region: value for (code, region), value in local_values.items() if code == "PLD13"}


def _save_podes(
    values: dict[tuple[str, str], float], regions: dict[str, Region], provenance: dict[str, Any]
) -> int:
    """The Podes-like desa values, as verified observations of the Podes indicators that
    migration ``datahub.0012_podes`` put in the catalogue. Replaces only the demo's own."""
    catalogue = {
        i.code: i
        for i in Indicator.objects.filter(
            owner_region__isnull=True, code__in={code for code, _region in values}
        )
    }
    mine = Observation.objects.filter(
        indicator__in=catalogue.values(), region_id__in={regions[r].pk for _c, r in values}
    )
    mine.filter(source=DEMO_SOURCE).delete()
    taken = set(mine.values_list("indicator_id", "region_id", "period"))
    objects = []
    for (code, region_code), value in sorted(values.items()):
        indicator, region = catalogue[code], regions[region_code]
        if (indicator.pk, region.pk, podes.PODES_YEAR) in taken:
            continue
        objects.append(
            Observation(
                indicator=indicator,
                region=region,
                period=podes.PODES_YEAR,
                value=value,
                status=ObservationStatus.VERIFIED,
                source=DEMO_SOURCE,
                provenance={**provenance, "pattern": PODES_SOURCE, "level": "daerah"},
            )
        )
    Observation.objects.bulk_create(objects, batch_size=_BATCH)
    return len(objects)
