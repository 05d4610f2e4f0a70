"""The indicator catalogue of the six SEPAKAT areas, and synthetic yearly values 2015-2025.

National values follow published BPS/Kemenkes series where we give them (P0 is the March
Susenas series, with the COVID-19 rise in 2020-2021) and smooth plausible paths otherwise;
they are shown at the root region "ID" only as a comparator for the demo.

A kab/kota value is the national value moved by the kab/kota's welfare score (in the
indicator's welfare direction: its polarity, or for a neutral indicator the way it goes
with welfare), by an own level and trend, and by yearly noise.
The province value is the population-weighted mean of its kab/kota (the sum for counts),
so it always lies among them. A few kab/kota-years are left out on purpose, as in real data.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from sepakat.datahub.models import Area
from sepakat.demo.profile import YEARS, RegencyProfile

KAB = ["kabupaten_kota", "provinsi", "nasional"]
KAB_DESA = ["desa", "kecamatan", "kabupaten_kota", "provinsi", "nasional"]

SUSENAS = "BPS, Susenas"
SAKERNAS = "BPS, Sakernas"
# Household access rates: a Susenas estimate down to kab/kota; below it the survey is too
# thin, and the rate is an aggregate of the registry's households in each desa.
REGISTRY_LOCAL = "Regsosek/DTSEN, agregat rumah tangga per desa/kelurahan"
KEMENKES = "Kemenkes, SSGI/SKI dan Profil Kesehatan"
KEMENDIKBUD = "Kemendikdasmen, Dapodik dan BPS, Susenas"
KEMENSOS = "Kemensos, DTKS/DTSEN dan SIKS-NG"
KEMENSOS_LOCAL = "DTSEN dan SIKS-NG, agregat rumah tangga per desa/kelurahan"
KEMENSOS_PBI = "Kemensos dan BPJS Kesehatan, DTSEN dipadankan dengan data peserta PBI"
PUSLAPDIK = "Kemendikdasmen (Puslapdik, penerima PIP) dipadankan dengan DTSEN"
BPJS = "BPJS Kesehatan dan Kemensos"
PDRB = "BPS, PDRB kabupaten/kota"
DJPK = "Kemenkeu DJPK, laporan realisasi APBD"
DAPODIK = "Kemendikdasmen, Dapodik (angka putus sekolah menurut jenjang)"
SUSENAS_APK = "BPS, Susenas (Indikator Pendidikan)"
MORTALITY = (
    "Kemenkes, Profil Kesehatan (kematian yang dilaporkan); nasional: BPS, SUPAS 2015 "
    "dan Long Form Sensus Penduduk 2020"
)
DUKCAPIL = "Kemendagri, Ditjen Dukcapil (data konsolidasi bersih) dan BPS, Susenas"


def _line(start: float, end: float, covid: tuple[float, float] = (0.0, 0.0)) -> tuple[float, ...]:
    """A straight path from 2015 to 2025, with additive shocks in 2020 and 2021."""
    values = np.linspace(start, end, len(YEARS))
    values[YEARS.index(2020)] += covid[0]
    values[YEARS.index(2021)] += covid[1]
    return tuple(float(v) for v in values)


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_id: str
    name_en: str
    area: str
    unit: str
    polarity: int
    decimals: int
    definition: str
    source: str
    national: tuple[float, ...]
    spread: float  # how far kab/kota lie from the nation (value units, or log units)
    levels: tuple[str, ...] = tuple(KAB)
    is_key: bool = False
    scale: str = "add"  # "add": value + deviation; "log": value * exp(deviation)
    bounds: tuple[float, float] = (0.0, 100.0)
    kota_shift: float = 0.0  # extra move of the kota, in spreads, in the value's direction
    aggregate: str = "mean"  # how the province is formed from its kab/kota: "mean" or "sum"
    # Which way the value goes in better-off kab/kota, when the polarity does not say
    # (a neutral indicator still moves with welfare: agriculture's share falls).
    direction: int | None = None
    kind: str = "rate"  # rate, index, count or money_total (see IndicatorKind)
    companion: str | None = None  # the code read beside it (the rate of a count...)
    local_source: str = ""  # the source of kecamatan and desa values, when it differs
    # BPS publishes no rural figure for a kota (it has next to no rural population).
    kota_missing: bool = False
    # Drawn from a generator of its own (seeded by the code), so that adding it changed
    # neither the values nor the gaps of the indicators that were there before.
    own_stream: bool = False

    @property
    def welfare_direction(self) -> int:
        return self.polarity if self.direction is None else self.direction


def _def(
    code: str,
    name_id: str,
    name_en: str,
    area: str,
    unit: str,
    polarity: int,
    decimals: int,
    definition: str,
    source: str,
    national: tuple[float, ...],
    spread: float,
    **options: Any,
) -> IndicatorDef:
    levels = options.pop("levels", KAB)
    return IndicatorDef(
        code,
        name_id,
        name_en,
        area,
        unit,
        polarity,
        decimals,
        definition,
        source,
        national,
        spread,
        levels=tuple(levels),
        **options,
    )


P = Area.POVERTY
E = Area.EMPLOYMENT
ED = Area.EDUCATION
H = Area.HEALTH
INF = Area.BASIC_INFRASTRUCTURE
L = Area.SOCIAL_PROTECTION
R = Area.REGIONAL_ECONOMY
F = Area.REGIONAL_BUDGET

# National (Indonesia) series of the per-capita quantities behind the sums below.
_PAD_PER_CAPITA_KAB = _line(240_000, 430_000, (-30_000, -15_000))  # Rp/jiwa, kab/kota PAD

CATALOGUE: tuple[IndicatorDef, ...] = (
    # --- kemiskinan -------------------------------------------------------------------------
    _def(
        "KMS01",
        "Persentase penduduk miskin (P0)",
        "Poverty headcount ratio (P0)",
        P,
        "%",
        -1,
        2,
        "Persentase penduduk dengan rata-rata pengeluaran per kapita per bulan di bawah "
        "garis kemiskinan.",
        SUSENAS,
        (11.22, 10.86, 10.64, 9.82, 9.41, 9.78, 10.14, 9.54, 9.36, 9.03, 8.47),
        0.32,
        is_key=True,
        scale="log",
        bounds=(1.0, 45.0),
    ),
    _def(
        "KMS02",
        "Indeks kedalaman kemiskinan (P1)",
        "Poverty gap index (P1)",
        P,
        "indeks",
        -1,
        2,
        "Rata-rata kesenjangan pengeluaran penduduk miskin terhadap garis kemiskinan.",
        SUSENAS,
        (1.97, 1.94, 1.83, 1.71, 1.55, 1.61, 1.71, 1.59, 1.53, 1.46, 1.35),
        0.0,
        bounds=(0.0, 15.0),
        kind="index",
    ),
    _def(
        "KMS03",
        "Indeks keparahan kemiskinan (P2)",
        "Poverty severity index (P2)",
        P,
        "indeks",
        -1,
        2,
        "Sebaran pengeluaran di antara penduduk miskin.",
        SUSENAS,
        (0.54, 0.52, 0.48, 0.44, 0.37, 0.38, 0.42, 0.39, 0.38, 0.34, 0.31),
        0.0,
        bounds=(0.0, 8.0),
        kind="index",
    ),
    _def(
        "KMS04",
        "Garis kemiskinan",
        "Poverty line",
        P,
        "Rp/kapita/bulan",
        0,
        0,
        "Nilai pengeluaran minimum makanan (2.100 kkal) dan bukan makanan per kapita per "
        "bulan. Naik mengikuti harga kebutuhan dasar: menggambarkan biaya hidup, bukan "
        "kinerja, sehingga tidak dinilai membaik atau memburuk.",
        SUSENAS,
        (330776, 354386, 374478, 401220, 425250, 454652, 472525, 505469, 550458, 582932, 609160),
        0.0,
        bounds=(1.0, 2e6),
    ),
    _def(
        "KMS05",
        "Jumlah penduduk miskin",
        "Number of poor people",
        P,
        "ribu jiwa",
        -1,
        2,
        "Banyaknya penduduk dengan pengeluaran per kapita di bawah garis kemiskinan.",
        SUSENAS,
        (28590, 28010, 27770, 25950, 25140, 26420, 27540, 26160, 25900, 25220, 23850),
        0.0,
        bounds=(0.0, 1e6),
        aggregate="sum",
        kind="count",
        companion="KMS01",
    ),
    _def(
        "KMS06",
        "Rasio Gini",
        "Gini ratio",
        P,
        "rasio",
        -1,
        3,
        "Ukuran ketimpangan pengeluaran per kapita (0 merata sempurna, 1 timpang sempurna).",
        SUSENAS,
        (0.408, 0.397, 0.393, 0.389, 0.382, 0.381, 0.384, 0.384, 0.388, 0.379, 0.375),
        0.018,
        bounds=(0.2, 0.6),
        kota_shift=3.0,
        kind="index",
    ),
    _def(
        "KMS07",
        "Persentase penduduk hampir miskin",
        "Share of near-poor people",
        P,
        "%",
        -1,
        2,
        "Persentase penduduk dengan pengeluaran per kapita per bulan antara 1,0 dan 1,2 kali "
        "garis kemiskinan. Batas 1,2 adalah pilihan SEPAKAT untuk penduduk hampir miskin, "
        "bukan angka resmi yang dirilis BPS. Berbeda dengan 'rentan miskin' pada kelas "
        "ekonomi BPS sejak 2024 (1,0 sampai 1,5 kali garis kemiskinan, mengikuti Bank Dunia, "
        "Aspiring Indonesia, 2019).",
        "Dihitung dari Susenas (BPS) dengan batas 1,0-1,2 kali garis kemiskinan",
        _line(6.9, 5.9, (0.6, 0.5)),
        0.2,
        scale="log",
    ),
    _def(
        "KMS08",
        "Distribusi pengeluaran 40% penduduk terbawah",
        "Expenditure share of the bottom 40%",
        P,
        "%",
        1,
        2,
        "Bagian pengeluaran 40% penduduk berpengeluaran terendah terhadap seluruh pengeluaran "
        "(kriteria Bank Dunia: di bawah 12% ketimpangan tinggi).",
        SUSENAS,
        _line(17.1, 18.6, (-0.2, -0.3)),
        0.8,
        kota_shift=-3.0,
    ),
    # --- ketenagakerjaan --------------------------------------------------------------------
    _def(
        "TKJ01",
        "Tingkat pengangguran terbuka (TPT)",
        "Open unemployment rate",
        E,
        "%",
        -1,
        2,
        "Persentase pengangguran terhadap angkatan kerja (Sakernas Agustus).",
        SAKERNAS,
        (6.18, 5.61, 5.50, 5.30, 5.23, 7.07, 6.49, 5.86, 5.32, 4.91, 4.85),
        0.9,
        is_key=True,
        bounds=(0.5, 20.0),
        kota_shift=2.8,
    ),
    _def(
        "TKJ02",
        "Tingkat partisipasi angkatan kerja (TPAK)",
        "Labour force participation rate",
        E,
        "%",
        1,
        2,
        "Persentase angkatan kerja terhadap penduduk usia kerja (15+).",
        SAKERNAS,
        (65.76, 66.34, 66.67, 67.26, 67.49, 67.77, 67.80, 68.63, 69.48, 70.63, 70.59),
        2.0,
        kota_shift=-1.5,
    ),
    _def(
        "TKJ03",
        "Persentase pekerja informal",
        "Share of informal workers",
        E,
        "%",
        -1,
        2,
        "Persentase pekerja berusaha sendiri, dibantu buruh tidak tetap, pekerja bebas dan "
        "pekerja keluarga terhadap seluruh pekerja.",
        SAKERNAS,
        (57.8, 57.6, 57.0, 56.8, 55.9, 60.5, 59.5, 59.3, 59.1, 57.9, 59.4),
        6.0,
    ),
    _def(
        "TKJ04",
        "Tingkat setengah pengangguran",
        "Time-related underemployment rate",
        E,
        "%",
        -1,
        2,
        "Persentase pekerja di bawah 35 jam seminggu yang masih mencari atau bersedia "
        "menerima pekerjaan.",
        SAKERNAS,
        (9.0, 7.9, 7.5, 6.6, 6.4, 10.2, 8.7, 6.9, 6.7, 8.0, 7.5),
        1.5,
    ),
    _def(
        "TKJ05",
        "Persentase penduduk usia muda tidak sekolah, bekerja atau pelatihan (NEET)",
        "Youth not in employment, education or training (NEET)",
        E,
        "%",
        -1,
        2,
        "Persentase penduduk 15-24 tahun yang tidak sekolah, tidak bekerja dan tidak "
        "mengikuti pelatihan.",
        SAKERNAS,
        _line(23.0, 20.3, (1.8, 1.0)),
        2.5,
    ),
    _def(
        "TKJ06",
        "Rata-rata upah/gaji bersih buruh",
        "Average net wage of employees",
        E,
        "Rp/bulan",
        1,
        0,
        "Rata-rata upah/gaji bersih sebulan buruh/karyawan/pegawai.",
        SAKERNAS,
        _line(2.05e6, 3.33e6, (-0.12e6, -0.05e6)),
        0.15,
        scale="log",
        bounds=(5e5, 2e7),
    ),
    _def(
        "TKJ07",
        "Persentase pekerja dengan jaminan sosial ketenagakerjaan",
        "Share of workers with employment social security",
        E,
        "%",
        1,
        2,
        "Persentase pekerja yang terdaftar sebagai peserta BPJS Ketenagakerjaan.",
        "BPJS Ketenagakerjaan dan BPS, Sakernas",
        _line(15.0, 28.0, (-1.0, -0.5)),
        4.0,
    ),
    # --- pelayanan dasar: pendidikan, kesehatan, infrastruktur dasar ------------------------
    _def(
        "PLD01",
        "Angka partisipasi murni (APM) SD/sederajat",
        "Net enrolment rate, primary",
        ED,
        "%",
        1,
        2,
        "Persentase penduduk 7-12 tahun yang bersekolah di SD/sederajat.",
        KEMENDIKBUD,
        _line(96.7, 97.9),
        0.8,
        bounds=(80.0, 100.0),
    ),
    _def(
        "PLD02",
        "Angka partisipasi murni (APM) SMP/sederajat",
        "Net enrolment rate, junior secondary",
        ED,
        "%",
        1,
        2,
        "Persentase penduduk 13-15 tahun yang bersekolah di SMP/sederajat.",
        KEMENDIKBUD,
        _line(77.8, 81.3),
        3.0,
    ),
    _def(
        "PLD03",
        "Angka partisipasi murni (APM) SMA/sederajat",
        "Net enrolment rate, senior secondary",
        ED,
        "%",
        1,
        2,
        "Persentase penduduk 16-18 tahun yang bersekolah di SMA/SMK/sederajat.",
        KEMENDIKBUD,
        _line(59.7, 63.5),
        5.0,
    ),
    _def(
        "PLD04",
        "Rata-rata lama sekolah",
        "Mean years of schooling",
        ED,
        "tahun",
        1,
        2,
        "Rata-rata jumlah tahun sekolah penduduk 25 tahun ke atas.",
        "BPS, IPM",
        _line(7.84, 8.85),
        0.8,
        is_key=True,
        bounds=(3.0, 14.0),
    ),
    _def(
        "PLD05",
        "Harapan lama sekolah",
        "Expected years of schooling",
        ED,
        "tahun",
        1,
        2,
        "Lamanya sekolah yang diharapkan dirasakan anak umur 7 tahun di masa mendatang.",
        "BPS, IPM",
        _line(12.55, 13.21),
        0.5,
        bounds=(8.0, 18.0),
    ),
    _def(
        "PLD06",
        "Angka harapan hidup saat lahir",
        "Life expectancy at birth",
        H,
        "tahun",
        1,
        2,
        "Rata-rata tahun hidup yang akan dijalani bayi yang baru lahir.",
        "BPS, IPM",
        _line(70.78, 72.39, (-0.1, -0.2)),
        1.5,
        bounds=(55.0, 80.0),
    ),
    _def(
        "PLD07",
        "Cakupan imunisasi dasar lengkap",
        "Complete basic immunisation coverage",
        H,
        "%",
        1,
        2,
        "Persentase bayi 0-11 bulan yang mendapat imunisasi dasar lengkap.",
        KEMENKES,
        _line(86.5, 92.0, (-8.0, -4.0)),
        4.0,
    ),
    _def(
        "PLD08",
        "Persentase persalinan di fasilitas kesehatan",
        "Share of births in health facilities",
        H,
        "%",
        1,
        2,
        "Persentase persalinan yang ditolong tenaga kesehatan di fasilitas pelayanan kesehatan.",
        KEMENKES,
        _line(79.0, 93.0, (-1.5, -1.0)),
        4.0,
        bounds=(40.0, 99.8),
    ),
    _def(
        "PLD09",
        "Prevalensi balita stunting",
        "Stunting prevalence among children under five",
        H,
        "%",
        -1,
        2,
        "Persentase balita dengan tinggi badan menurut umur di bawah -2 SD standar WHO.",
        KEMENKES,
        (34.0, 32.4, 31.6, 30.8, 27.7, 26.9, 24.4, 21.6, 21.5, 19.8, 18.8),
        4.0,
        is_key=True,
        bounds=(5.0, 60.0),
        levels=["kecamatan", *KAB],
        local_source="Dinas Kesehatan, e-PPGBM (penimbangan dan pengukuran balita di posyandu)",
    ),
    _def(
        "PLD10",
        "Persentase rumah tangga dengan akses air minum layak",
        "Households with access to improved drinking water",
        INF,
        "%",
        1,
        2,
        "Persentase rumah tangga dengan sumber air minum layak (leding, sumur bor/terlindung, "
        "mata air terlindung, air hujan).",
        SUSENAS,
        _line(84.5, 92.6),
        4.5,
        levels=KAB_DESA,
        bounds=(40.0, 99.8),
        local_source=REGISTRY_LOCAL,
    ),
    _def(
        "PLD11",
        "Persentase rumah tangga dengan akses sanitasi layak",
        "Households with access to improved sanitation",
        INF,
        "%",
        1,
        2,
        "Persentase rumah tangga dengan fasilitas buang air besar sendiri/bersama berjenis "
        "leher angsa dan pembuangan akhir tangki septik/IPAL.",
        SUSENAS,
        _line(62.1, 83.6),
        7.0,
        is_key=True,
        levels=KAB_DESA,
        local_source=REGISTRY_LOCAL,
    ),
    _def(
        "PLD12",
        "Persentase rumah tangga yang menempati rumah layak huni",
        "Households living in adequate housing",
        INF,
        "%",
        1,
        2,
        "Persentase rumah tangga dengan rumah yang memenuhi kecukupan luas, kualitas bangunan, "
        "air minum dan sanitasi layak.",
        SUSENAS,
        _line(47.0, 65.3),
        7.0,
        levels=KAB_DESA,
        local_source=REGISTRY_LOCAL,
    ),
    _def(
        "PLD13",
        "Persentase rumah tangga dengan penerangan listrik PLN",
        "Households lit by PLN electricity",
        INF,
        "%",
        1,
        2,
        "Persentase rumah tangga yang sumber penerangan utamanya listrik PLN.",
        SUSENAS,
        _line(94.5, 99.0),
        1.5,
        levels=KAB_DESA,
        bounds=(60.0, 99.9),
        local_source=REGISTRY_LOCAL,
    ),
    _def(
        "PLD14",
        "Angka melek huruf penduduk 15 tahun ke atas",
        "Adult literacy rate (15+)",
        ED,
        "%",
        1,
        2,
        "Persentase penduduk 15 tahun ke atas yang dapat membaca dan menulis.",
        SUSENAS,
        _line(95.2, 96.9),
        1.2,
        bounds=(80.0, 100.0),
    ),
    # --- perlindungan sosial ----------------------------------------------------------------
    # Assistance is judged on its target group, deciles 1-4 of the registry (coverage,
    # higher is better), with the share of its recipients in deciles 7-10 beside it
    # (leakage, lower is better); a share of the whole population receiving it says
    # neither. JKN membership is the exception: its target is everyone (universal
    # health coverage).
    _def(
        "PLS01",
        "Cakupan PBI JKN pada penduduk desil 1-4",
        "Subsidised health insurance (PBI JKN) coverage of deciles 1-4",
        L,
        "%",
        1,
        2,
        "Persentase penduduk pada rumah tangga desil kesejahteraan 1-4 (sasaran bantuan "
        "sosial) yang iuran JKN-nya dibayar pemerintah (PBI APBN atau APBD).",
        KEMENSOS_PBI,
        _line(62.0, 80.0, (2.0, 3.0)),
        5.0,
        companion="PLS08",
    ),
    _def(
        "PLS02",
        "Cakupan kepesertaan JKN",
        "National health insurance (JKN) coverage",
        L,
        "% penduduk",
        1,
        2,
        "Persentase penduduk yang terdaftar sebagai peserta JKN, semua segmen. Sasarannya "
        "seluruh penduduk (cakupan kesehatan semesta), sehingga makin tinggi makin baik.",
        BPJS,
        _line(62.0, 98.0),
        4.0,
        bounds=(30.0, 100.0),
    ),
    _def(
        "PLS03",
        "Cakupan PKH pada rumah tangga desil 1-4",
        "Family Hope Programme (PKH) coverage of households in deciles 1-4",
        L,
        "%",
        1,
        2,
        "Persentase rumah tangga desil kesejahteraan 1-4 (sasaran bantuan sosial) yang "
        "menerima Program Keluarga Harapan.",
        KEMENSOS,
        _line(12.0, 35.0, (1.5, 1.0)),
        4.0,
        kota_shift=-1.0,
        companion="PLS09",
    ),
    _def(
        "PLS04",
        "Cakupan program sembako (BPNT) pada rumah tangga desil 1-4",
        "Food assistance (BPNT/Sembako) coverage of households in deciles 1-4",
        L,
        "%",
        1,
        2,
        "Persentase rumah tangga desil kesejahteraan 1-4 (sasaran bantuan sosial) yang "
        "menerima Bantuan Pangan Non Tunai/program sembako.",
        KEMENSOS,
        _line(40.0, 66.0, (8.0, 5.0)),
        5.0,
        kota_shift=-1.0,
        companion="PLS10",
    ),
    _def(
        "PLS05",
        "Cakupan PIP pada siswa dari rumah tangga desil 1-4",
        "Smart Indonesia Programme (KIP/PIP) coverage of students in deciles 1-4",
        L,
        "%",
        1,
        2,
        "Persentase siswa usia 6-21 tahun dari rumah tangga desil kesejahteraan 1-4 yang "
        "menerima KIP/PIP.",
        PUSLAPDIK,
        _line(60.0, 85.0),
        6.0,
        companion="PLS11",
    ),
    _def(
        "PLS06",
        "Persentase rumah tangga desil 1-4 yang menerima bantuan sosial",
        "Households in deciles 1-4 receiving social assistance",
        L,
        "%",
        1,
        2,
        "Persentase rumah tangga desil kesejahteraan 1-4 yang menerima sedikitnya satu "
        "bantuan sosial (PKH, sembako, PBI JKN, PIP, BLT).",
        KEMENSOS,
        _line(55.0, 72.0, (10.0, 8.0)),
        5.0,
        is_key=True,
        levels=KAB_DESA,
        companion="PLS12",
        local_source=KEMENSOS_LOCAL,
    ),
    _def(
        "PLS07",
        "Persentase rumah tangga desil 1-4",
        "Share of households in welfare deciles 1-4",
        L,
        "%",
        -1,
        2,
        "Persentase rumah tangga pada desil kesejahteraan 1-4 (sasaran bantuan sosial) "
        "menurut data registrasi sosial ekonomi.",
        KEMENSOS,
        _line(40.0, 40.0),
        6.0,
        levels=KAB_DESA,
        local_source=KEMENSOS_LOCAL,
    ),
    # --- ekonomi daerah ---------------------------------------------------------------------
    _def(
        "EKO01",
        "Laju pertumbuhan ekonomi",
        "Economic growth rate",
        R,
        "%",
        1,
        2,
        "Pertumbuhan PDRB atas dasar harga konstan 2010 dibanding tahun sebelumnya.",
        PDRB,
        (4.88, 5.03, 5.07, 5.17, 5.02, -2.07, 3.70, 5.31, 5.05, 5.03, 5.04),
        0.5,
        is_key=True,
        bounds=(-15.0, 15.0),
    ),
    _def(
        "EKO02",
        "PDRB per kapita atas dasar harga berlaku",
        "GRDP per capita at current prices",
        R,
        "juta Rp",
        1,
        2,
        "PDRB atas dasar harga berlaku dibagi jumlah penduduk pertengahan tahun.",
        PDRB,
        (45.1, 47.9, 51.9, 55.9, 59.1, 57.3, 62.2, 71.0, 75.0, 78.6, 82.0),
        0.3,
        scale="log",
        bounds=(5.0, 500.0),
    ),
    _def(
        "EKO03",
        "Indeks pembangunan manusia (IPM)",
        "Human development index",
        R,
        "indeks",
        1,
        2,
        "Indeks komposit umur panjang dan hidup sehat, pengetahuan, dan standar hidup layak.",
        "BPS, IPM",
        (69.55, 70.18, 70.81, 71.39, 71.92, 71.94, 72.29, 72.91, 73.55, 74.20, 74.90),
        2.5,
        bounds=(40.0, 90.0),
        kind="index",
    ),
    _def(
        "EKO04",
        "Tingkat inflasi (year on year)",
        "Inflation rate (year on year)",
        R,
        "%",
        -1,
        2,
        "Perubahan indeks harga konsumen Desember dibanding Desember tahun sebelumnya.",
        "BPS, IHK",
        (3.35, 3.02, 3.61, 3.13, 2.72, 1.68, 1.87, 5.51, 2.61, 1.57, 2.92),
        0.4,
        bounds=(-2.0, 12.0),
        kota_shift=1.0,
    ),
    _def(
        "EKO05",
        "Kontribusi sektor pertanian terhadap PDRB",
        "Share of agriculture in GRDP",
        R,
        "%",
        0,
        2,
        "Bagian lapangan usaha pertanian, kehutanan dan perikanan dalam PDRB harga berlaku. "
        "Menggambarkan struktur ekonomi daerah, bukan kinerja: tidak dinilai baik atau buruk.",
        PDRB,
        _line(13.5, 12.6, (0.4, 0.3)),
        0.3,
        scale="log",
        kota_shift=-6.0,
        direction=-1,
    ),
    _def(
        "EKO06",
        "Rata-rata pengeluaran per kapita sebulan",
        "Average monthly per capita expenditure",
        R,
        "Rp/kapita/bulan",
        1,
        0,
        "Rata-rata pengeluaran makanan dan bukan makanan per kapita sebulan.",
        SUSENAS,
        (861e3, 932e3, 1036e3, 1124e3, 1165e3, 1225e3, 1264e3, 1330e3, 1451e3, 1553e3, 1602e3),
        0.18,
        scale="log",
        bounds=(3e5, 5e6),
    ),
    _def(
        "EKO07",
        "Pengeluaran per kapita disesuaikan",
        "Adjusted per capita expenditure",
        R,
        "ribu Rp/orang/tahun",
        1,
        0,
        "Pengeluaran riil per kapita setahun pada paritas daya "
        "beli (komponen standar hidup layak IPM).",
        "BPS, IPM",
        _line(10150, 12341, (-250, -280)),
        0.14,
        scale="log",
        bounds=(3000, 30000),
    ),
    _def(
        "EKO08",
        "Nilai tukar petani (NTP)",
        "Farmers' terms of trade",
        R,
        "indeks",
        1,
        2,
        "Rasio indeks harga yang diterima petani terhadap indeks harga yang dibayar petani.",
        "BPS, Survei Harga Perdesaan",
        _line(101.6, 123.0, (-2.0, -1.0)),
        3.0,
        bounds=(80.0, 160.0),
        kind="index",
    ),
    # --- keuangan daerah --------------------------------------------------------------------
    _def(
        "KEU01",
        "Pendapatan asli daerah (PAD)",
        "Own-source revenue (PAD)",
        F,
        "Rp miliar",
        1,
        2,
        "Realisasi pajak daerah, retribusi daerah, hasil pengelolaan kekayaan daerah yang "
        "dipisahkan dan lain-lain PAD yang sah.",
        DJPK,
        _line(170_000, 330_000, (-25_000, -12_000)),
        0.35,
        scale="log",
        bounds=(1.0, 1e6),
        aggregate="sum",
        kind="money_total",
        companion="KEU09",
    ),
    _def(
        "KEU02",
        "Rasio kemandirian fiskal",
        "Fiscal independence ratio",
        F,
        "%",
        1,
        2,
        "PAD dibagi total pendapatan daerah.",
        DJPK,
        _line(14.5, 17.0, (-1.5, -0.8)),
        3.5,
        is_key=True,
        kota_shift=2.0,
    ),
    _def(
        "KEU03",
        "Proporsi belanja modal",
        "Capital spending share",
        F,
        "%",
        1,
        2,
        "Belanja modal dibagi total belanja daerah.",
        DJPK,
        _line(22.0, 18.0, (-4.0, -2.0)),
        3.0,
    ),
    _def(
        "KEU04",
        "Belanja perlindungan sosial per penduduk miskin",
        "Social protection spending per poor person",
        F,
        "ribu Rp/jiwa",
        1,
        0,
        "Belanja fungsi perlindungan sosial APBD dibagi jumlah penduduk miskin.",
        DJPK,
        _line(150, 450, (110, 60)),
        0.4,
        scale="log",
        bounds=(10, 10_000),
    ),
    _def(
        "KEU05",
        "Realisasi belanja daerah",
        "Budget execution rate",
        F,
        "%",
        1,
        2,
        "Realisasi belanja dibagi pagu belanja APBD perubahan.",
        DJPK,
        _line(88.0, 91.0, (-3.0, -1.0)),
        2.5,
    ),
    _def(
        "KEU06",
        "Proporsi belanja pegawai",
        "Personnel spending share",
        F,
        "%",
        -1,
        2,
        "Belanja pegawai dibagi total belanja daerah (batas 30% menurut UU HKPD).",
        DJPK,
        _line(38.0, 32.0),
        3.5,
    ),
    _def(
        "KEU07",
        "Proporsi belanja fungsi pendidikan",
        "Education spending share",
        F,
        "%",
        1,
        2,
        "Belanja fungsi pendidikan dibagi total belanja daerah (mandatori sedikitnya 20%).",
        DJPK,
        _line(29.0, 27.0, (-1.0, 0.0)),
        2.5,
    ),
    _def(
        "KEU08",
        "Proporsi belanja fungsi kesehatan",
        "Health spending share",
        F,
        "%",
        1,
        2,
        "Belanja fungsi kesehatan dibagi total belanja daerah.",
        DJPK,
        _line(12.0, 15.0, (2.0, 2.0)),
        2.0,
    ),
    _def(
        "KEU09",
        "Pendapatan asli daerah (PAD) per kapita",
        "Own-source revenue (PAD) per capita",
        F,
        "ribu Rp/jiwa",
        1,
        0,
        "Realisasi PAD dibagi jumlah penduduk pertengahan tahun: PAD yang dapat "
        "dibandingkan antarwilayah yang berbeda besarnya.",
        "Kemenkeu DJPK, laporan realisasi APBD, dan BPS, proyeksi penduduk",
        tuple(v / 1000 for v in _PAD_PER_CAPITA_KAB),
        0.0,
        bounds=(1.0, 1e5),
    ),
    # --- perlindungan sosial: leakage beside coverage --------------------------------------
    # Last in the tuple: values are drawn in catalogue order, so the indicators above keep
    # the values they had before these were added.
    _def(
        "PLS08",
        "Kebocoran PBI JKN ke desil 7-10",
        "Leakage of subsidised health insurance (PBI JKN) to deciles 7-10",
        L,
        "%",
        -1,
        2,
        "Persentase penerima PBI JKN yang berada pada rumah tangga desil kesejahteraan "
        "7-10 (di luar sasaran).",
        KEMENSOS_PBI,
        _line(20.0, 14.0, (1.0, 0.5)),
        3.0,
        kota_shift=1.5,
        direction=1,
    ),
    _def(
        "PLS09",
        "Kebocoran PKH ke desil 7-10",
        "Leakage of the Family Hope Programme (PKH) to deciles 7-10",
        L,
        "%",
        -1,
        2,
        "Persentase rumah tangga penerima PKH yang berada pada desil kesejahteraan 7-10 "
        "(di luar sasaran).",
        KEMENSOS,
        _line(12.0, 8.0),
        2.0,
        kota_shift=1.5,
        direction=1,
    ),
    _def(
        "PLS10",
        "Kebocoran program sembako (BPNT) ke desil 7-10",
        "Leakage of food assistance (BPNT/Sembako) to deciles 7-10",
        L,
        "%",
        -1,
        2,
        "Persentase rumah tangga penerima BPNT/program sembako yang berada pada desil "
        "kesejahteraan 7-10 (di luar sasaran).",
        KEMENSOS,
        _line(16.0, 11.0, (2.0, 1.0)),
        2.5,
        kota_shift=1.5,
        direction=1,
    ),
    _def(
        "PLS11",
        "Kebocoran PIP ke desil 7-10",
        "Leakage of the Smart Indonesia Programme (KIP/PIP) to deciles 7-10",
        L,
        "%",
        -1,
        2,
        "Persentase siswa penerima KIP/PIP yang berasal dari rumah tangga desil "
        "kesejahteraan 7-10 (di luar sasaran).",
        PUSLAPDIK,
        _line(15.0, 10.0),
        2.5,
        kota_shift=1.5,
        direction=1,
    ),
    _def(
        "PLS12",
        "Kebocoran bantuan sosial ke desil 7-10",
        "Leakage of social assistance to deciles 7-10",
        L,
        "%",
        -1,
        2,
        "Persentase rumah tangga penerima sedikitnya satu bantuan sosial (PKH, sembako, "
        "PBI JKN, PIP, BLT) yang berada pada desil kesejahteraan 7-10 (di luar sasaran).",
        KEMENSOS,
        _line(16.0, 10.0, (2.0, 1.5)),
        2.5,
        levels=KAB_DESA,
        kota_shift=1.5,
        direction=1,
        local_source=KEMENSOS_LOCAL,
    ),
    # --- added later: each draws from its own stream (own_stream) -----------------------
    _def(
        "KMS09",
        "Persentase penduduk miskin ekstrem",
        "Extreme poverty rate",
        P,
        "%",
        -1,
        2,
        "Persentase penduduk dengan pengeluaran per kapita di bawah garis kemiskinan ekstrem "
        "(setara 2,15 dolar AS PPP 2017 per orang per hari; sebelum 2023: 1,90 dolar AS PPP "
        "2011). Sasaran penghapusan kemiskinan ekstrem (Inpres 4/2022).",
        "BPS, Susenas (garis kemiskinan ekstrem, paritas daya beli Bank Dunia)",
        (6.18, 5.74, 5.21, 4.52, 3.79, 3.86, 4.00, 2.04, 1.12, 0.83, 0.85),
        0.0,
        bounds=(0.0, 20.0),
        companion="KMS01",
        own_stream=True,
    ),
    _def(
        "KMS10",
        "Persentase penduduk miskin perkotaan",
        "Urban poverty headcount ratio",
        P,
        "%",
        -1,
        2,
        "Persentase penduduk miskin (P0) di daerah perkotaan, dengan garis kemiskinan perkotaan.",
        SUSENAS,
        (8.29, 7.79, 7.72, 7.02, 6.69, 7.38, 7.89, 7.50, 7.29, 7.09, 6.73),
        0.0,
        bounds=(0.5, 40.0),
        own_stream=True,
    ),
    _def(
        "KMS11",
        "Persentase penduduk miskin perdesaan",
        "Rural poverty headcount ratio",
        P,
        "%",
        -1,
        2,
        "Persentase penduduk miskin (P0) di daerah perdesaan, dengan garis kemiskinan "
        "perdesaan. Tidak tersedia untuk kota, yang hampir seluruhnya perkotaan.",
        SUSENAS,
        (14.21, 14.11, 13.93, 13.20, 12.85, 12.82, 13.10, 12.29, 12.22, 11.79, 11.03),
        0.0,
        bounds=(1.0, 50.0),
        kota_missing=True,
        own_stream=True,
    ),
    _def(
        "PLD15",
        "Angka partisipasi kasar (APK) SD/sederajat",
        "Gross enrolment ratio, primary",
        ED,
        "%",
        0,
        2,
        "Jumlah murid SD/sederajat berapa pun umurnya dibagi penduduk 7-12 tahun. Di atas 100 "
        "karena murid di luar umur sekolah (terlambat masuk atau tinggal kelas), sehingga "
        "tidak dinilai baik-buruk; baca bersama APM SD.",
        SUSENAS_APK,
        _line(108.9, 106.3),
        2.0,
        bounds=(90.0, 125.0),
        direction=-1,
        own_stream=True,
    ),
    _def(
        "PLD16",
        "Angka partisipasi kasar (APK) SMP/sederajat",
        "Gross enrolment ratio, junior secondary",
        ED,
        "%",
        1,
        2,
        "Jumlah murid SMP/sederajat berapa pun umurnya dibagi penduduk 13-15 tahun.",
        SUSENAS_APK,
        _line(91.2, 92.8),
        4.0,
        bounds=(60.0, 115.0),
        own_stream=True,
    ),
    _def(
        "PLD17",
        "Angka partisipasi kasar (APK) SMA/sederajat",
        "Gross enrolment ratio, senior secondary",
        ED,
        "%",
        1,
        2,
        "Jumlah murid SMA/SMK/sederajat berapa pun umurnya dibagi penduduk 16-18 tahun.",
        SUSENAS_APK,
        _line(78.0, 86.4),
        6.0,
        bounds=(40.0, 110.0),
        own_stream=True,
    ),
    _def(
        "PLD18",
        "Angka putus sekolah SD/sederajat",
        "Dropout rate, primary",
        ED,
        "%",
        -1,
        2,
        "Persentase murid SD/sederajat yang berhenti sekolah sebelum lulus dalam satu tahun "
        "ajaran.",
        DAPODIK,
        _line(0.27, 0.13, (0.02, 0.03)),
        0.35,
        scale="log",
        bounds=(0.0, 5.0),
        own_stream=True,
    ),
    _def(
        "PLD19",
        "Angka putus sekolah SMP/sederajat",
        "Dropout rate, junior secondary",
        ED,
        "%",
        -1,
        2,
        "Persentase murid SMP/sederajat yang berhenti sekolah sebelum lulus dalam satu tahun "
        "ajaran.",
        DAPODIK,
        _line(0.95, 0.72, (0.08, 0.1)),
        0.35,
        scale="log",
        bounds=(0.0, 8.0),
        own_stream=True,
    ),
    _def(
        "PLD20",
        "Angka putus sekolah SMA/sederajat",
        "Dropout rate, senior secondary",
        ED,
        "%",
        -1,
        2,
        "Persentase murid SMA/SMK/sederajat yang berhenti sekolah sebelum lulus dalam satu "
        "tahun ajaran.",
        DAPODIK,
        _line(1.15, 0.85, (0.1, 0.12)),
        0.35,
        scale="log",
        bounds=(0.0, 10.0),
        own_stream=True,
    ),
    _def(
        "PLD21",
        "Angka kematian ibu (AKI)",
        "Maternal mortality ratio",
        H,
        "per 100.000 kelahiran hidup",
        -1,
        0,
        "Kematian ibu selama hamil, bersalin atau nifas (42 hari) karena kehamilannya per "
        "100.000 kelahiran hidup. Di kabupaten/kota dari kematian yang dilaporkan, sehingga "
        "jumlah kasus yang kecil membuatnya naik-turun dari tahun ke tahun.",
        MORTALITY,
        (305.0, 290.0, 272.0, 255.0, 238.0, 189.0, 196.0, 183.0, 178.0, 174.0, 170.0),
        0.35,
        scale="log",
        bounds=(20.0, 900.0),
        own_stream=True,
    ),
    _def(
        "PLD22",
        "Angka kematian bayi (AKB)",
        "Infant mortality rate",
        H,
        "per 1.000 kelahiran hidup",
        -1,
        2,
        "Kematian bayi sebelum berumur satu tahun per 1.000 kelahiran hidup.",
        MORTALITY,
        (22.23, 21.3, 20.4, 19.5, 18.6, 16.85, 16.6, 16.3, 16.0, 15.7, 15.4),
        0.25,
        scale="log",
        bounds=(3.0, 60.0),
        own_stream=True,
    ),
    _def(
        "PLD23",
        "Prevalensi ketidakcukupan konsumsi pangan (PoU)",
        "Prevalence of undernourishment (PoU)",
        H,
        "%",
        -1,
        2,
        "Persentase penduduk yang konsumsi energinya sehari-hari di bawah kebutuhan minimum "
        "untuk hidup sehat dan aktif (TPB/SDG 2.1.1). Urusan pangan dipegang Dinas Ketahanan "
        "Pangan.",
        "BPS, Susenas (Prevalence of Undernourishment)",
        (10.73, 8.93, 8.23, 7.95, 7.63, 8.34, 8.49, 10.21, 8.53, 7.32, 7.05),
        0.3,
        scale="log",
        bounds=(1.0, 40.0),
        own_stream=True,
    ),
    _def(
        "PLS13",
        "Persentase anak 0-17 tahun yang memiliki akta kelahiran",
        "Children aged 0-17 with a birth certificate",
        L,
        "%",
        1,
        2,
        "Persentase anak umur 0-17 tahun yang memiliki akta kelahiran. Tanpa akta anak sulit "
        "didaftarkan sekolah, JKN dan bantuan sosial.",
        DUKCAPIL,
        _line(78.0, 94.5),
        4.0,
        bounds=(40.0, 100.0),
        own_stream=True,
    ),
    _def(
        "PLS14",
        "Persentase penduduk yang memiliki NIK",
        "Population with a national identity number (NIK)",
        L,
        "%",
        1,
        2,
        "Persentase penduduk yang terdaftar dengan Nomor Induk Kependudukan. NIK adalah kunci "
        "pemadanan DTSEN dan penyaluran bantuan sosial.",
        DUKCAPIL,
        _line(96.8, 99.5),
        0.6,
        bounds=(85.0, 99.9),
        own_stream=True,
    ),
)

# Share of kab/kota cells left empty on purpose (late reporting, new regions...).
MISSING_SHARE = 0.015

Key = tuple[str, str, int]  # indicator code, region code, year


def _own_stream(name: str) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(name.encode()))


def generate_values(
    rng: np.random.Generator,
    regencies: tuple[RegencyProfile, ...],
    *,
    province_code: str,
    national_code: str,
) -> tuple[dict[Key, float], dict[Key, float]]:
    """(values to store, complete kab/kota values before leaving some out).

    The complete values are what the survey is drawn from, so that the survey agrees with
    the P0 of every kab/kota, including one whose value was left out.
    """
    n_years = len(YEARS)
    years = np.array(YEARS)
    population = np.array([[r.population(y) for y in YEARS] for r in regencies], dtype=float)
    welfare = np.array([r.welfare for r in regencies])
    is_kota = np.array([r.is_kota for r in regencies])
    complete: dict[str, np.ndarray] = {}

    for ind in CATALOGUE:
        draw = _own_stream(ind.code) if ind.own_stream else rng
        national = np.array(ind.national, dtype=float)
        own = draw.normal(0, 1, len(regencies))
        deviation = 0.75 * welfare[:, None] + 0.66 * own[:, None]
        slope = draw.normal(0, 0.04, len(regencies))[:, None] * (years - 2020)[None, :]
        noise = draw.normal(0, 0.1, (len(regencies), n_years))
        shift = (
            ind.welfare_direction * (deviation + slope + noise) + ind.kota_shift * is_kota[:, None]
        ) * ind.spread
        if ind.code == "KMS02":
            # P1 follows the kab/kota's P0 with the nation's P1/P0 ratio, give or take.
            ratio = national / np.array(CATALOGUE[0].national)
            values = (
                complete["KMS01"]
                * ratio
                * np.exp(rng.normal(0, 0.08, (len(regencies), 1)) + noise * 0.5)
            )
        elif ind.code == "KMS03":
            ratio = national / np.array(CATALOGUE[1].national)
            values = (
                complete["KMS02"]
                * ratio
                * np.exp(rng.normal(0, 0.08, (len(regencies), 1)) + noise * 0.5)
            )
        elif ind.code in ("KMS09", "KMS10", "KMS11"):
            # Extreme, urban and rural poverty follow the kab/kota's own P0 with the
            # nation's ratio to P0; a kota is nearly all urban, so its urban rate is its P0.
            ratio = (national / np.array(CATALOGUE[0].national))[None, :].repeat(
                len(regencies), axis=0
            )
            if ind.code == "KMS10":
                ratio[is_kota] = 1.0
            values = (
                complete["KMS01"]
                * ratio
                * np.exp(draw.normal(0, 0.1, (len(regencies), 1)) + noise * 0.5)
            )
            if ind.code == "KMS10":
                values[is_kota] = complete["KMS01"][is_kota]
        elif ind.code == "KMS04":
            price = np.array([r.price_level for r in regencies])[:, None]
            values = national * price * np.exp(noise * 0.1)
        elif ind.code == "KMS05":
            values = complete["KMS01"] / 100 * population / 1000
        elif ind.code == "KEU01":
            values = np.array(_PAD_PER_CAPITA_KAB) * population / 1e9 * np.exp(shift)
        elif ind.code == "KEU09":
            # PAD (Rp miliar) per person, in thousand rupiah.
            values = complete["KEU01"] * 1e9 / population / 1000
        elif ind.scale == "log":
            values = national * np.exp(shift)
        else:
            values = national + shift
        values = np.round(np.clip(values, *ind.bounds), ind.decimals)
        complete[ind.code] = values

    stored: dict[Key, float] = {}
    full: dict[Key, float] = {}
    for ind in CATALOGUE:
        values = complete[ind.code]
        # Rural poverty of the province is that of its rural areas: the kota do not count.
        weights = population * (~is_kota[:, None] if ind.kota_missing else 1)
        if ind.aggregate == "sum":
            province = values.sum(axis=0)
        else:
            province = (values * weights).sum(axis=0) / weights.sum(axis=0)
        draw = _own_stream(ind.code + "/gaps") if ind.own_stream else rng
        missing = draw.random(values.shape) < MISSING_SHARE
        for j, year in enumerate(YEARS):
            stored[ind.code, national_code, year] = round(float(ind.national[j]), ind.decimals)
            stored[ind.code, province_code, year] = round(float(province[j]), ind.decimals)
            for i, regency in enumerate(regencies):
                if ind.kota_missing and regency.is_kota:
                    continue
                value = round(float(values[i, j]), ind.decimals)
                full[ind.code, regency.code, year] = value
                if not missing[i, j]:
                    stored[ind.code, regency.code, year] = value
    return stored, full
