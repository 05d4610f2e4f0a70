"""The datasets regions send before a training, as the usage policy lists them.

Indicator datasets get an Excel template with one column per indicator; budget datasets
(RKA, APBD lampiran IV) are tables of spending lines. The indicator lists name catalogue
codes; a code missing from the catalogue is skipped, so a smaller catalogue still works.

A template has one row level. The kecamatan and desa templates carry what an agency knows
below the kab/kota; the "(angka kabupaten/kota)" templates carry the figures an agency
publishes only for the whole kab/kota: dropout rates (Dapodik), maternal and infant
mortality (rates from a handful of deaths are meaningless per kecamatan), JKN coverage,
each social assistance programme's coverage of deciles 1-4 with its leakage to deciles
7-10 (Dinas Sosial, from DTSEN and SIKS-NG), and birth certificates and NIK (Dukcapil).
Indicators that come from BPS surveys (Susenas: P0 and its urban/rural split, extreme and
near-poor rates, APK, literacy, PoU; IPM components) are in no regional template: BPS
publishes them and the central team loads them, as it does P0.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from sepakat.datahub.models import Dataset, DatasetKind, Indicator
from sepakat.regions.models import Level


@dataclass(frozen=True)
class DatasetSpec:
    code: str
    name_id: str
    name_en: str
    kind: str
    row_level: int
    agency: str
    description: str
    indicator_codes: tuple[str, ...] = ()


STANDARD_DATASETS: tuple[DatasetSpec, ...] = (
    DatasetSpec(
        "daerah-dalam-angka",
        "Daerah Dalam Angka",
        "Regional statistics (Daerah Dalam Angka)",
        DatasetKind.INDICATORS,
        Level.DISTRICT,
        "BPS kabupaten/kota",
        "Data kecamatan dari publikasi Kecamatan/Daerah Dalam Angka; persentase rumah tangga "
        "dengan akses air minum, sanitasi, rumah layak huni dan listrik dihitung dari agregat "
        "Regsosek/DTSEN atau data desa, bukan dari Podes (yang mencatat fasilitas desa).",
        ("PLD10", "PLD11", "PLD12", "PLD13"),
    ),
    DatasetSpec(
        "profil-kesehatan",
        "Profil Kesehatan",
        "Health profile",
        DatasetKind.INDICATORS,
        Level.DISTRICT,
        "Dinas Kesehatan",
        "Data kecamatan (wilayah kerja puskesmas) dari Profil Kesehatan daerah.",
        ("PLD07", "PLD08", "PLD09"),
    ),
    DatasetSpec(
        "profil-pendidikan",
        "Profil Pendidikan",
        "Education profile",
        DatasetKind.INDICATORS,
        Level.DISTRICT,
        "Dinas Pendidikan",
        "Data kecamatan dari Profil Pendidikan daerah dan Dapodik.",
        ("PLD01", "PLD02", "PLD03"),
    ),
    DatasetSpec(
        "data-dinas-lain",
        "Data perangkat daerah lain",
        "Other agencies' data",
        DatasetKind.INDICATORS,
        Level.VILLAGE,
        "Dinas Sosial dan Dinas PMD",
        "Data desa/kelurahan dari Dinas Sosial, PMD dan perangkat daerah lain.",
        ("PLS06", "PLS07", "PLS12"),
    ),
    DatasetSpec(
        "profil-pendidikan-kabupaten-kota",
        "Profil Pendidikan (angka kabupaten/kota)",
        "Education profile (district figures)",
        DatasetKind.INDICATORS,
        Level.REGENCY,
        "Dinas Pendidikan",
        "Angka putus sekolah SD, SMP dan SMA/sederajat dari Dapodik, satu baris per "
        "kabupaten/kota dan tahun ajaran (tulis tahun awal tahun ajaran).",
        ("PLD18", "PLD19", "PLD20"),
    ),
    DatasetSpec(
        "profil-kesehatan-kabupaten-kota",
        "Profil Kesehatan (angka kabupaten/kota)",
        "Health profile (district figures)",
        DatasetKind.INDICATORS,
        Level.REGENCY,
        "Dinas Kesehatan",
        "Angka kematian ibu (per 100.000 kelahiran hidup), angka kematian bayi (per 1.000 "
        "kelahiran hidup) dan cakupan kepesertaan JKN dari Profil Kesehatan kabupaten/kota. "
        "Tidak diminta per kecamatan: kematian yang sedikit membuat angka kecamatan tidak "
        "stabil.",
        ("PLD21", "PLD22", "PLS02"),
    ),
    DatasetSpec(
        "bantuan-sosial",
        "Cakupan dan kebocoran bantuan sosial",
        "Social assistance coverage and leakage",
        DatasetKind.INDICATORS,
        Level.REGENCY,
        "Dinas Sosial",
        "Per program (PBI JKN, PKH, sembako/BPNT, PIP): cakupan pada penduduk atau rumah "
        "tangga desil 1-4 dan kebocoran (persentase penerima yang berada di desil 7-10), "
        "dihitung dari DTSEN yang dipadankan dengan data penerima SIKS-NG.",
        ("PLS01", "PLS03", "PLS04", "PLS05", "PLS08", "PLS09", "PLS10", "PLS11"),
    ),
    DatasetSpec(
        "administrasi-kependudukan",
        "Administrasi kependudukan",
        "Civil registration",
        DatasetKind.INDICATORS,
        Level.REGENCY,
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Kepemilikan akta kelahiran anak 0-17 tahun dan NIK dari data kependudukan "
        "konsolidasi (DKB) semester terakhir tahun itu.",
        ("PLS13", "PLS14"),
    ),
    DatasetSpec(
        "rka",
        "Rencana Kerja dan Anggaran (RKA)",
        "Work plan and budget (RKA)",
        DatasetKind.BUDGET,
        Level.REGENCY,
        "BPKAD / Bappeda",
        "Rencana belanja per sub kegiatan, SKPD dan jenis belanja.",
    ),
    DatasetSpec(
        "apbd-lampiran-iv",
        "APBD Lampiran IV",
        "Regional budget, annex IV",
        DatasetKind.BUDGET,
        Level.REGENCY,
        "BPKAD",
        "Belanja menurut urusan, SKPD, program, kegiatan dan sub kegiatan, murni dan perubahan.",
    ),
)


@transaction.atomic
def ensure_standard_datasets() -> list[Dataset]:
    """Create or update the standard datasets and their indicator columns."""
    by_code = {i.code: i for i in Indicator.objects.filter(owner_region__isnull=True)}
    datasets = []
    for order, spec in enumerate(STANDARD_DATASETS):
        dataset, _created = Dataset.objects.update_or_create(
            code=spec.code,
            defaults={
                "name_id": spec.name_id,
                "name_en": spec.name_en,
                "kind": spec.kind,
                "row_level": spec.row_level,
                "agency": spec.agency,
                "description": spec.description,
                "ordering": order,
            },
        )
        dataset.indicators.set([by_code[c] for c in spec.indicator_codes if c in by_code])
        datasets.append(dataset)
    return datasets
