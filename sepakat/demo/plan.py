"""The demo's approved priority set and approved plan for Kabupaten Contoh 99.01.

Built through the same services a TKPKD uses, so later modules (budgeting, monitoring)
find the data they would find in a real region: the demo planner computes the ranking from
the demo person file, keeps its first three problems (in computed order, so no reason is
needed), submits, and the kab/kota admin approves; then the planner drafts the 2025-2029
plan with two sub kegiatan per problem, chosen by the problem's sector from the demo
nomenclature, and the admin approves it.

Targets and budgets are made up but deterministic (no random draw: they follow the
position of the line), and a rebuild keeps what a first build approved: an approved record
is never rewritten, so nothing is duplicated.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.planning.models_plan import Plan, PlanVersion, VersionStatus
from sepakat.planning.plan_import import plan_import_rows
from sepakat.planning.plans import (
    objective_add,
    programme_outcome_add,
    version_approve,
    version_submit,
)
from sepakat.priorities import ranking
from sepakat.priorities.models import PriorityIndicator, PrioritySet, SetStatus
from sepakat.priorities.services import (
    ItemIn,
    priority_set_approve,
    priority_set_save,
    priority_set_submit,
)
from sepakat.regions.models import Level, Region

REGION_CODE = "99.01"
PERIOD = "2025"
PLAN_YEARS = (2025, 2029)
PLANNER = "contoh.9901.perencana"
ADMIN = "contoh.9901.admin"
PROBLEMS = 3

# Two kab/kota sub kegiatan of the demo nomenclature per prioritisation sector, with the
# strategy of the national extreme-poverty acceleration they serve.
SECTOR_INTERVENTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "pendidikan": (("1.01.02.2.01.0027", "beban"), ("1.01.02.2.01.0025", "beban")),
    "kesehatan": (("1.02.02.2.02.0026", "beban"), ("1.02.02.2.02.0004", "beban")),
    "ketenagakerjaan": (("2.07.03.2.01.0001", "pendapatan"), ("2.07.04.2.01.0002", "pendapatan")),
    "infrastruktur_dasar": (("1.03.03.2.01.0005", "kantong"), ("1.04.04.2.02.0003", "kantong")),
    "perlindungan_sosial": (("1.06.05.2.02.0006", "beban"), ("1.06.04.2.01.0002", "beban")),
}


def _skpd_code(sub_kegiatan: str) -> str:
    """The main agency of the bidang (``1.01`` -> Dinas Pendidikan ``1.01.0.00.0.00.01.0000``)."""
    return f"{sub_kegiatan[:4]}.0.00.0.00.01.0000"


def ensure_priority_set(region: Region, planner: User, admin: User) -> PrioritySet:
    existing = (
        PrioritySet.objects.filter(region=region, period=PERIOD, status=SetStatus.APPROVED)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return existing
    run = ranking.priority_run_compute(user=planner, region=region, period=PERIOD)
    codes = ranking.ranked_codes(ranking.rows_for(run, region.code))[:PROBLEMS]
    # The set names the supply-side determinants the catalogue links to each problem
    # (the first two), as a TKPKD picks them on the determinants page.
    catalogue = list(PriorityIndicator.objects.filter(code__in=codes))
    linked = {p.code: tuple(d.code for d in p.determinants.order_by("code")[:2]) for p in catalogue}
    sector = {p.code: p.sector for p in catalogue}
    kecamatan = list(
        Region.objects.filter(parent=region, level=Level.DISTRICT)
        .order_by("code")
        .values_list("code", flat=True)[:2]
    )
    priority_set = priority_set_save(
        user=planner,
        region=region,
        period=PERIOD,
        run=run,
        items=[
            ItemIn(
                code,
                locations=tuple(kecamatan),
                determinant_codes=linked.get(code, ()),
                determinants_text=SECTOR_CAUSES[sector.get(code, "pendidikan")][3],
            )
            for code in codes
        ],
        note=_("Set prioritas contoh, disusun dari peringkat hasil hitungan."),
    )
    priority_set_submit(user=planner, priority_set=priority_set)
    return priority_set_approve(user=admin, priority_set=priority_set)


def matrix_rows(priority_set: PrioritySet, region: Region) -> list[dict[str, str]]:
    """The demo plan's long matrix: two sub kegiatan per problem, a baseline year and five
    yearly targets rising by a fixed step, budgets rising 5 % a year."""
    from sepakat.planning.models import NomenclatureItem

    items = list(priority_set.items.select_related("indicator").order_by("position"))
    wanted = [c for i in items for c, _s in SECTOR_INTERVENTIONS.get(i.indicator.sector, ())]
    outputs = {
        item.code: (item.indicator, item.unit)
        for item in NomenclatureItem.objects.filter(code__in=wanted)
    }
    start, end = PLAN_YEARS
    rows: list[dict[str, str]] = []
    line = 0
    for item in items:
        locations = " ".join(item.locations)
        for code, strategy in SECTOR_INTERVENTIONS.get(item.indicator.sector, ()):
            if code not in outputs:
                continue
            line += 1
            indicator, unit = outputs[code]
            baseline, step, budget = 100 * line, 10 * line, 250_000_000 * line
            for year in range(start - 1, end + 1):
                k = year - start
                rows.append(
                    {
                        "masalah": item.indicator.code,
                        "strategi": strategy,
                        "kode_sub_kegiatan": code,
                        "kode_skpd": _skpd_code(code),
                        "indikator_keluaran": indicator,
                        "satuan": unit,
                        "tahun": str(year),
                        "target": str(baseline + step * (k + 1)) if k >= 0 else str(baseline),
                        "pagu_indikatif": str(round(budget * 1.05**k)) if k >= 0 else "",
                        "lokasi": locations if k >= 0 else "",
                    }
                )
    return rows


# Per sector: two direct causes, a root cause with the evidence a TKPKD would cite, and
# the determinant note of the priority set. The determinants of the trees come from the
# set (its determinant indicators, that note and its locations).
SECTOR_CAUSES: dict[str, tuple[str, str, str, str]] = {
    "pendidikan": (
        "Anak dari keluarga miskin berhenti sekolah karena biaya",
        "Sekolah jauh dari permukiman di desa terpencil",
        "Bantuan pendidikan belum menjangkau semua anak keluarga desil 1-2",
        "Biaya seragam, buku dan transportasi memberatkan keluarga miskin",
    ),
    "kesehatan": (
        "Ibu hamil dan balita keluarga miskin jarang memeriksakan diri",
        "Fasilitas kesehatan jauh dan tenaga kesehatan kurang di desa terpencil",
        "Kepesertaan JKN penerima bantuan iuran belum dimutakhirkan",
        "Posyandu di desa terpencil tidak aktif setiap bulan",
    ),
    "ketenagakerjaan": (
        "Angkatan kerja miskin bekerja di sektor informal berpendapatan rendah",
        "Keterampilan kerja tidak sesuai dengan lapangan kerja yang ada",
        "Pelatihan kerja belum menyasar pemuda dari keluarga miskin",
        "Pekerja informal tidak mengetahui cara mendaftar jaminan sosial",
    ),
    "infrastruktur_dasar": (
        "Rumah tangga miskin belum tersambung layanan dasar",
        "Jaringan layanan belum menjangkau desa terpencil",
        "Perencanaan jaringan tidak memakai data rumah tangga miskin per desa",
        "Biaya sambungan awal tidak terjangkau rumah tangga miskin",
    ),
    "perlindungan_sosial": (
        "Keluarga miskin tidak menerima bantuan sosial yang menjadi haknya",
        "Data penerima bantuan tidak mutakhir",
        "Verifikasi dan validasi data sosial di desa tidak rutin",
        "Pendamping sosial per desa tidak mencukupi",
    ),
}


def build_demo_trees(planner: User, version: PlanVersion) -> None:
    """A small but real problem tree for each problem of the plan's set, through the
    services: the core problem, two direct causes, the set's determinants and locations
    under them, and a root cause with written evidence under each direct cause."""
    from sepakat.planning import tree

    evidence = _("Hasil FGD TKPKD dengan perangkat desa, %(year)s") % {"year": PERIOD}
    for item in version.plan.priority_set.items.select_related("indicator").order_by("position"):
        problem = item.indicator
        first, second, root, _note = SECTOR_CAUSES.get(problem.sector, SECTOR_CAUSES["pendidikan"])
        core = tree.node_add(
            actor=planner,
            version=version,
            problem=problem,
            kind="inti",
            statement=tree.core_statement(problem),
            indicator_code=problem.indicator.code if problem.indicator else "",
            evidence=""
            if problem.indicator
            else _("Skor prioritas pada set prioritas %(set)s")
            % {"set": version.plan.priority_set},
        )
        causes = [
            tree.node_add(
                actor=planner,
                version=version,
                problem=problem,
                kind="langsung",
                parent=core,
                statement=text,
                evidence=_("Analisis kemiskinan %(year)s (Susenas, registrasi sosial)")
                % {"year": PERIOD},
            )
            for text in (first, second)
        ]
        # The set's determinants are supply-side (facilities, distances) and its places
        # are where they are missing: both explain the second cause.
        for offer in tree.offers(version, problem):
            tree.offer_add(
                actor=planner, version=version, problem=problem, key=offer.key, parent=causes[1]
            )
        tree.node_add(
            actor=planner,
            version=version,
            problem=problem,
            kind="akar",
            parent=causes[0],
            statement=root,
            evidence=evidence,
        )


def ensure_demo_plan() -> Plan | None:
    """The approved 2025-2029 plan of 99.01 (and its approved priority set); None when the
    demo region or users are missing."""
    region = Region.objects.filter(code=REGION_CODE).first()
    planner = User.objects.filter(username=PLANNER).first()
    admin = User.objects.filter(username=ADMIN).first()
    if region is None or planner is None or admin is None:
        return None
    plan = Plan.objects.filter(region=region, start_year=PLAN_YEARS[0]).first()
    if plan is not None and plan.versions.filter(status=VersionStatus.APPROVED).exists():
        return plan
    priority_set = ensure_priority_set(region, planner, admin)
    version, result = plan_import_rows(
        actor=planner,
        region=region,
        rows=matrix_rows(priority_set, region),
        source="sepakat.demo",
        start_year=PLAN_YEARS[0],
        end_year=PLAN_YEARS[1],
    )
    if version is None:  # the demo's own data must pass its checks
        raise RuntimeError("; ".join(str(p) for p in result.problems))
    add_chain(version, planner, priority_set)
    build_demo_trees(planner, version)
    version_submit(actor=planner, version=version)
    version_approve(actor=admin, version=version)
    return version.plan


def add_chain(version: PlanVersion, planner: User, priority_set: PrioritySet) -> None:
    """One tujuan (the poverty rate down), one sasaran per priority problem (its coverage
    up) and the outcome of the programme of the problem's first sub kegiatan, so that the
    RPKD draft of the demo shows a whole performance chain. Made-up, deterministic
    figures, as the matrix's."""
    start, end = PLAN_YEARS
    years = range(start, end + 1)
    tujuan = objective_add(
        actor=planner,
        version=version,
        kind="tujuan",
        statement=_("Menurunkan tingkat kemiskinan daerah"),
        indicator=_("Persentase penduduk miskin"),
        unit="%",
        polarity=-1,
        baseline=Decimal("13.68"),
        targets={y: str(Decimal("13.68") - Decimal("0.8") * (y - start + 1)) for y in years},
    )
    first_code: dict[int, str] = {}
    for i in version.interventions.select_related("problem").order_by("position"):
        first_code.setdefault(i.problem_id, i.sub_kegiatan_code)
    for n, item in enumerate(priority_set.items.select_related("indicator").order_by("position")):
        baseline = Decimal(60 + 5 * n)
        sasaran = objective_add(
            actor=planner,
            version=version,
            kind="sasaran",
            statement=_("Meningkatnya capaian: %(problem)s") % {"problem": item.indicator.name_id},
            indicator=item.indicator.name_id,
            unit="%",
            polarity=1,
            baseline=baseline,
            targets={y: str(baseline + 4 * (y - start + 1)) for y in years},
            parent=tujuan,
        )
        code = first_code.get(item.indicator.pk)
        if code is None:
            continue
        programme_outcome_add(
            actor=planner,
            version=version,
            sasaran=sasaran,
            programme_code=code.rsplit(".", 3)[0],
            indicator=_("Persentase kelompok sasaran yang terlayani program"),
            unit="%",
            polarity=1,
            baseline=Decimal(50 + 5 * n),
            targets={y: str(50 + 5 * n + 6 * (y - start + 1)) for y in years},
        )
