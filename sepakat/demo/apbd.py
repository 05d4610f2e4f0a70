"""APBD spending lines of the synthetic province and its kab/kota, 2023-2025.

Lines follow the Permendagri 90/2019 nomenclature (as updated by Kepmendagri
050-5889/2021): ``urusan.bidang.program.kegiatan.sub``, where the kegiatan starts with 1 for
a province and 2 for a kab/kota. Names are those of the nomenclature for the sectors that
matter for poverty (health, education, social, public works and housing, agriculture,
manpower, village empowerment, planning); the sub kegiatan numbers are close to, but not
guaranteed to be, those of the current list. Transfers (5.4) and unexpected spending (5.3)
are booked by the regional treasurer (BPKAD) here.

Amounts are in Rupiah and add up to a plausible APBD: about Rp 1.5-3 trillion for a
kab/kota (more with more people), about Rp 4-5 trillion for the province. Each year has the
original budget (murni) and the revised one (perubahan); past years carry their realisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from sepakat.demo.profile import RegencyProfile

APBD_YEARS = (2023, 2024, 2025)
LAST_REALISED_YEAR = 2024


@dataclass(frozen=True)
class Skpd:
    key: str
    urusan: str  # e.g. "1.02"
    unit: str  # "0000" for the dinas, "0001"... for its units
    name: str
    urusan_name: str

    def code(self) -> str:
        return f"{self.urusan}.0.00.0.00.01.{self.unit}"


SKPDS = (
    Skpd("dik", "1.01", "0000", "Dinas Pendidikan", "Pendidikan"),
    Skpd("kes", "1.02", "0000", "Dinas Kesehatan", "Kesehatan"),
    Skpd("rsud", "1.02", "0001", "Rumah Sakit Umum Daerah", "Kesehatan"),
    Skpd(
        "pu",
        "1.03",
        "0000",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Pekerjaan Umum dan Penataan Ruang",
    ),
    Skpd(
        "perkim",
        "1.04",
        "0000",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Perumahan Rakyat dan Kawasan Permukiman",
    ),
    Skpd("sos", "1.06", "0000", "Dinas Sosial", "Sosial"),
    Skpd("naker", "2.07", "0000", "Dinas Tenaga Kerja", "Tenaga Kerja"),
    Skpd(
        "pmd",
        "2.13",
        "0000",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "Pemberdayaan Masyarakat dan Desa",
    ),
    Skpd("tan", "3.27", "0000", "Dinas Pertanian", "Pertanian"),
    Skpd("bappeda", "5.01", "0000", "Badan Perencanaan Pembangunan Daerah", "Perencanaan"),
    Skpd("bpkad", "5.02", "0000", "Badan Pengelolaan Keuangan dan Aset Daerah", "Keuangan"),
)
_SKPD = {s.key: s for s in SKPDS}


@dataclass(frozen=True)
class SubKegiatan:
    skpd: str
    program: str  # "02"
    program_name: str
    kegiatan: str  # "02", the part after the level digit
    kegiatan_name: str
    sub: str  # "0001"
    name: str
    accounts: tuple[tuple[str, float], ...]  # spending account and its share of the line
    weight: float  # share of the APBD, before normalising
    only: str = ""  # "kab", "prov" or "" (both)


OPERASI = (("5.1", 1.0),)
MODAL = (("5.2", 0.9), ("5.1", 0.1))
MIXED = (("5.1", 0.6), ("5.2", 0.4))

_SUPPORT_PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah {lvl}"


def _support(skpd: str, salary_weight: float) -> list[SubKegiatan]:
    """The support program every SKPD has: salaries, administration, goods, maintenance."""
    p = ("01", _SUPPORT_PROGRAM)
    return [
        SubKegiatan(
            skpd,
            *p,
            "01",
            "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            "0001",
            "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            OPERASI,
            0.0008,
        ),
        SubKegiatan(
            skpd,
            *p,
            "02",
            "Administrasi Keuangan Perangkat Daerah",
            "0001",
            "Penyediaan Gaji dan Tunjangan ASN",
            OPERASI,
            salary_weight,
        ),
        SubKegiatan(
            skpd,
            *p,
            "06",
            "Administrasi Umum Perangkat Daerah",
            "0009",
            "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
            OPERASI,
            0.0012,
        ),
        SubKegiatan(
            skpd,
            *p,
            "07",
            "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
            "0002",
            "Pengadaan Kendaraan Dinas Operasional atau Lapangan",
            (("5.2", 1.0),),
            0.0015,
        ),
        SubKegiatan(
            skpd,
            *p,
            "08",
            "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
            "0004",
            "Penyediaan Jasa Pelayanan Umum Kantor",
            OPERASI,
            0.0025,
        ),
        SubKegiatan(
            skpd,
            *p,
            "09",
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            "0002",
            "Penyediaan Jasa Pemeliharaan, Biaya "
            "Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas Operasional atau "
            "Lapangan",
            OPERASI,
            0.0010,
        ),
    ]


_SALARY = {
    "dik": 0.17,
    "kes": 0.05,
    "rsud": 0.02,
    "pu": 0.012,
    "perkim": 0.005,
    "sos": 0.005,
    "naker": 0.004,
    "pmd": 0.005,
    "tan": 0.012,
    "bappeda": 0.006,
    "bpkad": 0.03,
}

_PROGRAMS: list[SubKegiatan] = [
    # Pendidikan
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Dasar",
        "0003",
        "Pembangunan Ruang Kelas Baru",
        MODAL,
        0.006,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Dasar",
        "0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        MODAL,
        0.008,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Dasar",
        "0025",
        "Pengelolaan Dana BOS Sekolah Dasar",
        MIXED,
        0.03,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Dasar",
        "0027",
        "Penyediaan Biaya Personil Peserta Didik Sekolah Dasar",
        OPERASI,
        0.003,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "02",
        "Pengelolaan Pendidikan Sekolah Menengah Pertama",
        "0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        MODAL,
        0.006,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "02",
        "Pengelolaan Pendidikan Sekolah Menengah Pertama",
        "0025",
        "Pengelolaan Dana BOS Sekolah Menengah Pertama",
        MIXED,
        0.018,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "03",
        "Pengelolaan Pendidikan Anak Usia Dini (PAUD)",
        "0026",
        "Pengelolaan Dana BOP PAUD",
        OPERASI,
        0.004,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "04",
        "Pengelolaan Pendidikan Nonformal/Kesetaraan",
        "0002",
        "Penyediaan Biaya Personil Peserta Didik Nonformal/Kesetaraan",
        OPERASI,
        0.001,
        "kab",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Menengah Atas",
        "0009",
        "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah",
        MODAL,
        0.012,
        "prov",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "01",
        "Pengelolaan Pendidikan Sekolah Menengah Atas",
        "0025",
        "Pengelolaan Dana BOS Sekolah Menengah Atas",
        MIXED,
        0.05,
        "prov",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "02",
        "Pengelolaan Pendidikan Sekolah Menengah Kejuruan",
        "0025",
        "Pengelolaan Dana BOS Sekolah Menengah Kejuruan",
        MIXED,
        0.04,
        "prov",
    ),
    SubKegiatan(
        "dik",
        "02",
        "Program Pengelolaan Pendidikan",
        "03",
        "Pengelolaan Pendidikan Khusus",
        "0012",
        "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Khusus",
        OPERASI,
        0.004,
        "prov",
    ),
    # Kesehatan
    SubKegiatan(
        "kes",
        "02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah {lvl}",
        "0006",
        "Pengembangan Puskesmas",
        MODAL,
        0.008,
    ),
    SubKegiatan(
        "kes",
        "02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah {lvl}",
        "0014",
        "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan",
        (("5.2", 1.0),),
        0.01,
    ),
    SubKegiatan(
        "kes",
        "02",
        "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
        "01",
        "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah {lvl}",
        "0023",
        "Pengadaan Obat, Bahan Habis Pakai, Bahan "
        "Medis Habis Pakai, Vaksin, Makanan dan Minuman di Fasilitas Kesehatan",
        OPERASI,
        0.008,
    ),
    *[
        SubKegiatan(
            "kes",
            "02",
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
            "02",
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah {lvl}",
            sub,
            name,
            OPERASI,
            weight,
        )
        for sub, name, weight in (
            ("0001", "Pengelolaan Pelayanan Kesehatan Ibu Hamil", 0.0012),
            ("0002", "Pengelolaan Pelayanan Kesehatan Ibu Bersalin", 0.0010),
            ("0003", "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir", 0.0008),
            ("0004", "Pengelolaan Pelayanan Kesehatan Balita", 0.0010),
            ("0015", "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat", 0.0025),
            ("0026", "Pengelolaan Jaminan Kesehatan Masyarakat", 0.025),
            ("0033", "Operasional Pelayanan Puskesmas", 0.015),
            ("0048", "Pengelolaan Layanan Imunisasi", 0.0010),
        )
    ],
    SubKegiatan(
        "kes",
        "05",
        "Program Pemberdayaan Masyarakat Bidang Kesehatan",
        "02",
        "Pelaksanaan Sehat dalam Rangka Promotif Preventif Tingkat Daerah {lvl}",
        "0001",
        "Penyelenggaraan Promosi Kesehatan dan Perilaku Hidup Bersih dan Sehat",
        OPERASI,
        0.0015,
    ),
    SubKegiatan(
        "rsud",
        "01",
        _SUPPORT_PROGRAM,
        "10",
        "Peningkatan Pelayanan BLUD",
        "0001",
        "Pelayanan dan Penunjang Pelayanan BLUD",
        (("5.1", 0.8), ("5.2", 0.2)),
        0.06,
    ),
    # Pekerjaan umum
    SubKegiatan(
        "pu",
        "02",
        "Program Pengelolaan Sumber Daya Air (SDA)",
        "01",
        "Pengelolaan SDA dan Bangunan Pengaman Pantai pada Wilayah Sungai (WS) dalam "
        "1 (satu) Daerah {lvl}",
        "0089",
        "Operasi dan Pemeliharaan Embung dan Penampung Lainnya",
        MIXED,
        0.006,
    ),
    SubKegiatan(
        "pu",
        "03",
        "Program Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum",
        "01",
        "Pengelolaan dan Pengembangan Sistem Penyediaan Air Minum (SPAM) di Daerah {lvl}",
        "0005",
        "Pembangunan SPAM Jaringan Perpipaan di Kawasan Perdesaan",
        MODAL,
        0.01,
    ),
    SubKegiatan(
        "pu",
        "05",
        "Program Pengelolaan dan Pengembangan Sistem Air Limbah",
        "01",
        "Pengelolaan dan Pengembangan Sistem Air Limbah Domestik dalam Daerah {lvl}",
        "0003",
        "Pembangunan Sistem Pengelolaan Air Limbah Domestik Setempat",
        MODAL,
        0.005,
    ),
    SubKegiatan(
        "pu",
        "10",
        "Program Penyelenggaraan Jalan",
        "01",
        "Penyelenggaraan Jalan {lvl}",
        "0051",
        "Pemeliharaan Rutin Jalan",
        MIXED,
        0.015,
    ),
    SubKegiatan(
        "pu",
        "10",
        "Program Penyelenggaraan Jalan",
        "01",
        "Penyelenggaraan Jalan {lvl}",
        "0053",
        "Pembangunan Jalan",
        MODAL,
        0.035,
    ),
    SubKegiatan(
        "pu",
        "10",
        "Program Penyelenggaraan Jalan",
        "01",
        "Penyelenggaraan Jalan {lvl}",
        "0055",
        "Rehabilitasi Jalan",
        MODAL,
        0.03,
    ),
    # Perumahan dan kawasan permukiman
    SubKegiatan(
        "perkim",
        "04",
        "Program Kawasan Permukiman",
        "02",
        "Peningkatan Kualitas Kawasan Permukiman Kumuh dengan Luas di Bawah 10 (sepuluh) Ha",
        "0003",
        "Perbaikan Rumah Tidak Layak Huni",
        MIXED,
        0.006,
    ),
    SubKegiatan(
        "perkim",
        "06",
        "Program Peningkatan Prasarana, Sarana dan Utilitas Umum (PSU)",
        "01",
        "Urusan Penyelenggaraan PSU Perumahan",
        "0006",
        "Pembangunan Prasarana, Sarana dan Utilitas Umum di Perumahan",
        MODAL,
        0.006,
    ),
    # Sosial
    SubKegiatan(
        "sos",
        "02",
        "Program Pemberdayaan Sosial",
        "03",
        "Pengembangan Potensi Sumber Kesejahteraan Sosial Daerah {lvl}",
        "0002",
        "Peningkatan Kemampuan Potensi Pekerja Sosial Masyarakat",
        OPERASI,
        0.0008,
    ),
    SubKegiatan(
        "sos",
        "04",
        "Program Rehabilitasi Sosial",
        "01",
        "Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, "
        "Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial",
        "0002",
        "Penyediaan Permakanan",
        OPERASI,
        0.0015,
    ),
    SubKegiatan(
        "sos",
        "05",
        "Program Perlindungan dan Jaminan Sosial",
        "02",
        "Pengelolaan Data Fakir Miskin Cakupan Daerah {lvl}",
        "0001",
        "Pengumpulan, Pengolahan, dan Analisis Data Fakir Miskin",
        OPERASI,
        0.0012,
    ),
    SubKegiatan(
        "sos",
        "05",
        "Program Perlindungan dan Jaminan Sosial",
        "02",
        "Pengelolaan Data Fakir Miskin Cakupan Daerah {lvl}",
        "0006",
        "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga",
        OPERASI,
        0.004,
    ),
    SubKegiatan(
        "sos",
        "06",
        "Program Penanganan Bencana",
        "01",
        "Perlindungan Sosial Korban Bencana Alam dan Sosial {lvl}",
        "0001",
        "Penyediaan Makanan",
        OPERASI,
        0.0006,
    ),
    # Tenaga kerja
    SubKegiatan(
        "naker",
        "03",
        "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
        "01",
        "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi",
        "0001",
        "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja",
        OPERASI,
        0.002,
    ),
    SubKegiatan(
        "naker",
        "04",
        "Program Penempatan Tenaga Kerja",
        "01",
        "Pelayanan Antarkerja di Daerah {lvl}",
        "0002",
        "Penyediaan Layanan Informasi Pasar Kerja",
        OPERASI,
        0.0006,
    ),
    # Pemberdayaan masyarakat dan desa
    SubKegiatan(
        "pmd",
        "04",
        "Program Administrasi Pemerintahan Desa",
        "01",
        "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
        "0004",
        "Fasilitasi Pengelolaan Keuangan Desa",
        OPERASI,
        0.001,
        "kab",
    ),
    SubKegiatan(
        "pmd",
        "05",
        "Program Pemberdayaan Lembaga Kemasyarakatan, Lembaga Adat dan Masyarakat Hukum Adat",
        "01",
        "Pemberdayaan Lembaga Kemasyarakatan yang "
        "Bergerak di Bidang Pemberdayaan Desa dan Lembaga Adat Tingkat Daerah {lvl}",
        "0001",
        "Peningkatan Kapasitas Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, "
        "PKK, Posyandu, LPM, dan Karang Taruna)",
        OPERASI,
        0.0012,
    ),
    # Pertanian
    SubKegiatan(
        "tan",
        "02",
        "Program Penyediaan dan Pengembangan Sarana Pertanian",
        "01",
        "Pengawasan Penggunaan Sarana Pendukung Pertanian sesuai dengan Komoditas, "
        "Teknologi dan Spesifik Lokasi",
        "0001",
        "Pengawasan Penggunaan Sarana Pendukung Pertanian",
        OPERASI,
        0.002,
    ),
    SubKegiatan(
        "tan",
        "03",
        "Program Penyediaan dan Pengembangan Prasarana Pertanian",
        "02",
        "Pembangunan Prasarana Pertanian",
        "0002",
        "Pembangunan, Rehabilitasi dan Pemeliharaan Embung Pertanian",
        MODAL,
        0.004,
    ),
    SubKegiatan(
        "tan",
        "03",
        "Program Penyediaan dan Pengembangan Prasarana Pertanian",
        "02",
        "Pembangunan Prasarana Pertanian",
        "0009",
        "Pembangunan, Rehabilitasi dan Pemeliharaan Prasarana Pertanian Lainnya",
        MODAL,
        0.004,
    ),
    SubKegiatan(
        "tan",
        "05",
        "Program Pengendalian dan Penanggulangan Bencana Pertanian",
        "01",
        "Pengendalian dan Penanggulangan Bencana Pertanian {lvl}",
        "0001",
        "Pengendalian Organisme Pengganggu Tumbuhan (OPT)",
        OPERASI,
        0.001,
    ),
    SubKegiatan(
        "tan",
        "07",
        "Program Penyuluhan Pertanian",
        "01",
        "Pelaksanaan Penyuluhan Pertanian",
        "0002",
        "Pengembangan Kapasitas Kelembagaan Petani di Kecamatan dan Desa",
        OPERASI,
        0.0015,
    ),
    # Perencanaan (TKPK secretariat sits in Bappeda)
    SubKegiatan(
        "bappeda",
        "02",
        "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
        "01",
        "Penyusunan Perencanaan dan Pendanaan",
        "0001",
        "Analisis Data dan Informasi Perencanaan Pembangunan Daerah",
        OPERASI,
        0.001,
    ),
    SubKegiatan(
        "bappeda",
        "03",
        "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
        "02",
        "Koordinasi Perencanaan Bidang Pemerintahan dan Pembangunan Manusia",
        "0004",
        "Koordinasi, Sinkronisasi dan Evaluasi Kebijakan Penanggulangan Kemiskinan",
        OPERASI,
        0.0006,
    ),
    # Treasurer (PPKD): unexpected spending and transfers
    SubKegiatan(
        "bpkad",
        "02",
        "Program Pengelolaan Keuangan Daerah",
        "04",
        "Koordinasi dan Pengelolaan Perbendaharaan Daerah",
        "0009",
        "Pengelolaan Belanja Tidak Terduga",
        (("5.3", 1.0),),
        0.005,
    ),
    SubKegiatan(
        "bpkad",
        "02",
        "Program Pengelolaan Keuangan Daerah",
        "04",
        "Koordinasi dan Pengelolaan Perbendaharaan Daerah",
        "0008",
        "Bantuan Keuangan kepada Pemerintah Desa (Alokasi Dana Desa)",
        (("5.4", 1.0),),
        0.09,
        "kab",
    ),
    SubKegiatan(
        "bpkad",
        "02",
        "Program Pengelolaan Keuangan Daerah",
        "04",
        "Koordinasi dan Pengelolaan Perbendaharaan Daerah",
        "0010",
        "Bantuan Keuangan kepada Kabupaten/Kota",
        (("5.4", 1.0),),
        0.08,
        "prov",
    ),
]


@dataclass(frozen=True)
class LineSpec:
    region_code: str
    year: int
    stage: str
    skpd_code: str
    skpd_name: str
    sub_kegiatan_code: str
    urusan_name: str
    program_name: str
    kegiatan_name: str
    sub_kegiatan_name: str
    account: str
    amount: Decimal
    realisation: Decimal | None


def _catalogue(is_province: bool) -> list[SubKegiatan]:
    items = [item for key, weight in _SALARY.items() for item in _support(key, weight)]
    scope = "prov" if is_province else "kab"
    items += [item for item in _PROGRAMS if item.only in ("", scope)]
    return items


def catalogue(*, is_province: bool) -> list[SubKegiatan]:
    """The sub kegiatan a province or a kab/kota of the demo budgets (the demo's
    nomenclature lists every one of them)."""
    return _catalogue(is_province)


def skpd_of(item: SubKegiatan) -> Skpd:
    return _SKPD[item.skpd]


def sub_kegiatan_code(item: SubKegiatan, *, is_province: bool) -> str:
    """``urusan.bidang.program.level.kegiatan.sub``; the level digit 1 province, 2 kab/kota."""
    urusan = _SKPD[item.skpd].urusan
    return f"{urusan}.{item.program}.{1 if is_province else 2}.{item.kegiatan}.{item.sub}"


def _rupiah(value: float) -> Decimal:
    """Whole thousands of Rupiah, as budgets are written."""
    return Decimal(round(value / 1000) * 1000).quantize(Decimal("0.01"))


def build_apbd(
    rng: np.random.Generator, regencies: tuple[RegencyProfile, ...], *, province_code: str
) -> list[LineSpec]:
    lines: list[LineSpec] = []
    regions: list[tuple[str, bool, bool, float]] = [
        (r.code, False, r.is_kota, 1.2e12 + 1.9e6 * r.population(2023)) for r in regencies
    ]
    provincial_population = sum(r.population(2023) for r in regencies)
    regions.append((province_code, True, False, 2.4e12 + 0.45e6 * provincial_population))

    for region_code, is_province, is_kota, total_2023 in regions:
        level = "Provinsi" if is_province else "Kabupaten/Kota"
        items = _catalogue(is_province)
        if is_kota:
            # A kota has kelurahan, not desa: no Alokasi Dana Desa.
            items = [i for i in items if "Dana Desa" not in i.name]
        weights = np.array([i.weight for i in items]) * np.exp(rng.normal(0, 0.25, len(items)))
        weights /= weights.sum()
        growth = rng.normal(0.05, 0.02)
        for y_index, year in enumerate(APBD_YEARS):
            total = total_2023 * (1 + growth) ** y_index
            year_noise = np.exp(rng.normal(0, 0.12, len(items)))
            revision = np.where(
                rng.random(len(items)) < 0.35, 1.0, rng.uniform(0.9, 1.15, len(items))
            )
            for item, weight, noise, revised in zip(
                items, weights, year_noise, revision, strict=True
            ):
                skpd = _SKPD[item.skpd]
                code = sub_kegiatan_code(item, is_province=is_province)
                for account, share in item.accounts:
                    murni = total * weight * noise * share
                    for stage, amount in (("murni", murni), ("perubahan", murni * revised)):
                        realisation = None
                        if stage == "perubahan" and year <= LAST_REALISED_YEAR:
                            low = {"5.2": 0.72, "5.3": 0.25}.get(account, 0.85)
                            realisation = _rupiah(amount * rng.uniform(low, 0.995))
                        lines.append(
                            LineSpec(
                                region_code=region_code,
                                year=year,
                                stage=stage,
                                skpd_code=skpd.code(),
                                skpd_name=skpd.name,
                                sub_kegiatan_code=code,
                                urusan_name=skpd.urusan_name,
                                program_name=item.program_name.format(lvl=level),
                                kegiatan_name=item.kegiatan_name.format(lvl=level),
                                sub_kegiatan_name=item.name,
                                account=account,
                                amount=_rupiah(amount),
                                realisation=realisation,
                            )
                        )
    return lines
