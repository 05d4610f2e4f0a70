"""The demo's nomenclature subset and the SKPD list of every demo region.

The subset is built from the sub kegiatan the demo's APBD uses (:mod:`sepakat.demo.apbd`),
so every budget line's code is in the list, at the level that budgets it; population
administration (Dukcapil), which the APBD lines leave out, is added. Indicators and units
follow the style of the metadata Kepmendagri 050-5889/2021 added to each sub kegiatan
("Jumlah ... yang ...", in dokumen, unit, orang...). Names are those of the nomenclature for
these sectors; numbers are close to, not guaranteed to be, those of the current list.

The version is saved in place on every build (same name, items matched by code), so a
rebuild gives the same rows and never a second copy.
"""

from __future__ import annotations

from datetime import date

from sepakat.demo import apbd
from sepakat.planning.codes import GovernmentLevel, NomenclatureKind, level_from_code
from sepakat.planning.models import NomenclatureItem, NomenclatureVersion, Skpd
from sepakat.planning.nomenclature import ParsedItem
from sepakat.regions.models import Level, Region

DEMO_VERSION_NAME = "Contoh: Permendagri 90/2019 sesuai Kepmendagri 050-5889/2021 (sebagian)"
DEMO_REGULATION = "Kepmendagri 050-5889/2021 (sebagian, data contoh)"
DEMO_IN_FORCE_FROM = date(2022, 1, 1)

URUSAN = {
    "1": "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar",
    "2": "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar",
    "3": "Urusan Pemerintahan Pilihan",
    "5": "Unsur Penunjang Urusan Pemerintahan",
}
DUKCAPIL = apbd.Skpd(
    "capil",
    "2.12",
    "0000",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Administrasi Kependudukan dan Pencatatan Sipil",
)

# sub kegiatan name -> (output indicator, unit); the "kinerja" is the indicator's object.
OUTPUTS: dict[str, tuple[str, str]] = {
    "Penyusunan Dokumen Perencanaan Perangkat Daerah": (
        "Jumlah Dokumen Perencanaan Perangkat Daerah",
        "Dokumen",
    ),
    "Penyediaan Gaji dan Tunjangan ASN": (
        "Jumlah Orang yang Menerima Gaji dan Tunjangan ASN",
        "Orang/bulan",
    ),
    "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD": (
        "Jumlah Laporan Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
        "Laporan",
    ),
    "Pengadaan Kendaraan Dinas Operasional atau Lapangan": (
        "Jumlah Unit Kendaraan Dinas Operasional atau Lapangan yang Disediakan",
        "Unit",
    ),
    "Penyediaan Jasa Pelayanan Umum Kantor": (
        "Jumlah Laporan Penyediaan Jasa Pelayanan Umum Kantor yang Disediakan",
        "Laporan",
    ),
    "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan Perizinan Kendaraan Dinas "
    "Operasional atau Lapangan": (
        "Jumlah Kendaraan Dinas Operasional atau Lapangan yang Dipelihara dan Dibayarkan "
        "Pajak dan Perizinannya",
        "Unit",
    ),
    "Pembangunan Ruang Kelas Baru": ("Jumlah Ruang Kelas Baru yang Dibangun", "Unit"),
    "Rehabilitasi Sedang/Berat Ruang Kelas Sekolah": (
        "Jumlah Ruang Kelas yang Direhabilitasi",
        "Unit",
    ),
    "Pengelolaan Dana BOS Sekolah Dasar": (
        "Jumlah Satuan Pendidikan Sekolah Dasar yang Menerima Dana BOS",
        "Unit",
    ),
    "Penyediaan Biaya Personil Peserta Didik Sekolah Dasar": (
        "Jumlah Peserta Didik Sekolah Dasar yang Mendapatkan Biaya Personil",
        "Orang",
    ),
    "Pengelolaan Dana BOS Sekolah Menengah Pertama": (
        "Jumlah Satuan Pendidikan Sekolah Menengah Pertama yang Menerima Dana BOS",
        "Unit",
    ),
    "Pengelolaan Dana BOP PAUD": ("Jumlah Satuan PAUD yang Menerima Dana BOP", "Unit"),
    "Penyediaan Biaya Personil Peserta Didik Nonformal/Kesetaraan": (
        "Jumlah Peserta Didik Nonformal/Kesetaraan yang Mendapatkan Biaya Personil",
        "Orang",
    ),
    "Pengelolaan Dana BOS Sekolah Menengah Atas": (
        "Jumlah Satuan Pendidikan Sekolah Menengah Atas yang Menerima Dana BOS",
        "Unit",
    ),
    "Pengelolaan Dana BOS Sekolah Menengah Kejuruan": (
        "Jumlah Satuan Pendidikan Sekolah Menengah Kejuruan yang Menerima Dana BOS",
        "Unit",
    ),
    "Penyediaan Pendidik dan Tenaga Kependidikan bagi Satuan Pendidikan Khusus": (
        "Jumlah Pendidik dan Tenaga Kependidikan Satuan Pendidikan Khusus yang Disediakan",
        "Orang",
    ),
    "Pengembangan Puskesmas": ("Jumlah Puskesmas yang Ditingkatkan Sarananya", "Unit"),
    "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan": (
        "Jumlah Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan yang Disediakan",
        "Unit",
    ),
    "Pengadaan Obat, Bahan Habis Pakai, Bahan Medis Habis Pakai, Vaksin, Makanan dan Minuman "
    "di Fasilitas Kesehatan": (
        "Jumlah Obat, Bahan Habis Pakai, Vaksin, Makanan dan Minuman yang Disediakan",
        "Paket",
    ),
    "Pengelolaan Pelayanan Kesehatan Ibu Hamil": (
        "Jumlah Ibu Hamil yang Mendapatkan Layanan Kesehatan",
        "Orang",
    ),
    "Pengelolaan Pelayanan Kesehatan Ibu Bersalin": (
        "Jumlah Ibu Bersalin yang Mendapatkan Layanan Kesehatan",
        "Orang",
    ),
    "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir": (
        "Jumlah Bayi Baru Lahir yang Mendapatkan Layanan Kesehatan sesuai Standar",
        "Orang",
    ),
    "Pengelolaan Pelayanan Kesehatan Balita": (
        "Jumlah Balita yang Mendapatkan Layanan Kesehatan sesuai Standar",
        "Orang",
    ),
    "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat": (
        "Jumlah Dokumen Hasil Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
        "Dokumen",
    ),
    "Pengelolaan Jaminan Kesehatan Masyarakat": (
        "Jumlah Penduduk yang Dijamin Iuran Jaminan Kesehatannya oleh Pemerintah Daerah",
        "Orang",
    ),
    "Operasional Pelayanan Puskesmas": (
        "Jumlah Puskesmas yang Menyelenggarakan Operasional Pelayanan",
        "Unit",
    ),
    "Pengelolaan Layanan Imunisasi": (
        "Jumlah Dokumen Hasil Pengelolaan Layanan Imunisasi",
        "Dokumen",
    ),
    "Penyelenggaraan Promosi Kesehatan dan Perilaku Hidup Bersih dan Sehat": (
        "Jumlah Dokumen Hasil Promosi Kesehatan dan Perilaku Hidup Bersih dan Sehat",
        "Dokumen",
    ),
    "Pelayanan dan Penunjang Pelayanan BLUD": (
        "Jumlah BLUD yang Menyediakan Pelayanan dan Penunjang Pelayanan",
        "Unit",
    ),
    "Operasi dan Pemeliharaan Embung dan Penampung Lainnya": (
        "Jumlah Embung dan Penampung Lainnya yang Dioperasikan dan Dipelihara",
        "Unit",
    ),
    "Pembangunan SPAM Jaringan Perpipaan di Kawasan Perdesaan": (
        "Jumlah Sambungan Rumah SPAM Jaringan Perpipaan di Kawasan Perdesaan yang Dibangun",
        "Sambungan rumah",
    ),
    "Pembangunan Sistem Pengelolaan Air Limbah Domestik Setempat": (
        "Jumlah Unit Sistem Pengelolaan Air Limbah Domestik Setempat yang Dibangun",
        "Unit",
    ),
    "Pemeliharaan Rutin Jalan": ("Panjang Jalan yang Dipelihara", "Km"),
    "Pembangunan Jalan": ("Panjang Jalan yang Dibangun", "Km"),
    "Rehabilitasi Jalan": ("Panjang Jalan yang Direhabilitasi", "Km"),
    "Perbaikan Rumah Tidak Layak Huni": (
        "Jumlah Rumah Tidak Layak Huni yang Diperbaiki",
        "Unit",
    ),
    "Pembangunan Prasarana, Sarana dan Utilitas Umum di Perumahan": (
        "Jumlah Prasarana, Sarana dan Utilitas Umum di Perumahan yang Dibangun",
        "Unit",
    ),
    "Peningkatan Kemampuan Potensi Pekerja Sosial Masyarakat": (
        "Jumlah Pekerja Sosial Masyarakat yang Ditingkatkan Kemampuannya",
        "Orang",
    ),
    "Penyediaan Permakanan": ("Jumlah Orang yang Mendapatkan Permakanan", "Orang"),
    "Pengumpulan, Pengolahan, dan Analisis Data Fakir Miskin": (
        "Jumlah Dokumen Hasil Pengumpulan, Pengolahan, dan Analisis Data Fakir Miskin",
        "Dokumen",
    ),
    "Fasilitasi Bantuan Sosial Kesejahteraan Keluarga": (
        "Jumlah Keluarga Miskin yang Difasilitasi Bantuan Sosial Kesejahteraan Keluarga",
        "Keluarga",
    ),
    "Penyediaan Makanan": ("Jumlah Korban Bencana yang Mendapatkan Makanan", "Orang"),
    "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja": (
        "Jumlah Pencari Kerja yang Mengikuti Pelatihan Keterampilan",
        "Orang",
    ),
    "Penyediaan Layanan Informasi Pasar Kerja": (
        "Jumlah Pencari Kerja yang Mendapatkan Layanan Informasi Pasar Kerja",
        "Orang",
    ),
    "Fasilitasi Pengelolaan Keuangan Desa": (
        "Jumlah Desa yang Difasilitasi dalam Pengelolaan Keuangan Desa",
        "Desa",
    ),
    "Peningkatan Kapasitas Lembaga Kemasyarakatan Desa/Kelurahan (RT, RW, PKK, Posyandu, LPM, "
    "dan Karang Taruna)": (
        "Jumlah Lembaga Kemasyarakatan Desa/Kelurahan yang Ditingkatkan Kapasitasnya",
        "Lembaga",
    ),
    "Pengawasan Penggunaan Sarana Pendukung Pertanian": (
        "Jumlah Dokumen Hasil Pengawasan Penggunaan Sarana Pendukung Pertanian",
        "Dokumen",
    ),
    "Pembangunan, Rehabilitasi dan Pemeliharaan Embung Pertanian": (
        "Jumlah Embung Pertanian yang Dibangun, Direhabilitasi dan Dipelihara",
        "Unit",
    ),
    "Pembangunan, Rehabilitasi dan Pemeliharaan Prasarana Pertanian Lainnya": (
        "Jumlah Prasarana Pertanian Lainnya yang Dibangun, Direhabilitasi dan Dipelihara",
        "Unit",
    ),
    "Pengendalian Organisme Pengganggu Tumbuhan (OPT)": (
        "Luas Lahan Pertanian yang Dikendalikan dari Organisme Pengganggu Tumbuhan",
        "Hektar",
    ),
    "Pengembangan Kapasitas Kelembagaan Petani di Kecamatan dan Desa": (
        "Jumlah Kelembagaan Petani yang Dikembangkan Kapasitasnya",
        "Kelompok",
    ),
    "Analisis Data dan Informasi Perencanaan Pembangunan Daerah": (
        "Jumlah Dokumen Hasil Analisis Data dan Informasi Perencanaan Pembangunan Daerah",
        "Dokumen",
    ),
    "Koordinasi, Sinkronisasi dan Evaluasi Kebijakan Penanggulangan Kemiskinan": (
        "Jumlah Dokumen Hasil Koordinasi, Sinkronisasi dan Evaluasi Kebijakan "
        "Penanggulangan Kemiskinan",
        "Dokumen",
    ),
    "Pengelolaan Belanja Tidak Terduga": (
        "Jumlah Dokumen Pengelolaan Belanja Tidak Terduga",
        "Dokumen",
    ),
    "Bantuan Keuangan kepada Pemerintah Desa (Alokasi Dana Desa)": (
        "Jumlah Desa yang Menerima Alokasi Dana Desa",
        "Desa",
    ),
    "Bantuan Keuangan kepada Kabupaten/Kota": (
        "Jumlah Kabupaten/Kota yang Menerima Bantuan Keuangan",
        "Kabupaten/kota",
    ),
    "Pelayanan Pendaftaran Penduduk": (
        "Jumlah Dokumen Hasil Pelayanan Pendaftaran Penduduk",
        "Dokumen",
    ),
    "Pelayanan Pencatatan Kelahiran": (
        "Jumlah Akta Kelahiran yang Diterbitkan",
        "Dokumen",
    ),
    "Pembinaan dan Pengawasan Penyelenggaraan Pendaftaran Penduduk Kabupaten/Kota": (
        "Jumlah Laporan Pembinaan dan Pengawasan Pendaftaran Penduduk Kabupaten/Kota",
        "Laporan",
    ),
}

# Population administration: registration and civil records are the kab/kota's, their
# supervision the province's.
_DUKCAPIL_ITEMS = (
    apbd.SubKegiatan(
        "capil",
        "02",
        "Program Pendaftaran Penduduk",
        "01",
        "Pelayanan Pendaftaran Penduduk",
        "0001",
        "Pelayanan Pendaftaran Penduduk",
        apbd.OPERASI,
        0.0,
        "kab",
    ),
    apbd.SubKegiatan(
        "capil",
        "03",
        "Program Pencatatan Sipil",
        "01",
        "Pelayanan Pencatatan Sipil",
        "0001",
        "Pelayanan Pencatatan Kelahiran",
        apbd.OPERASI,
        0.0,
        "kab",
    ),
    apbd.SubKegiatan(
        "capil",
        "02",
        "Program Pendaftaran Penduduk",
        "01",
        "Pengendalian Pelayanan Pendaftaran Penduduk",
        "0001",
        "Pembinaan dan Pengawasan Penyelenggaraan Pendaftaran Penduduk Kabupaten/Kota",
        apbd.OPERASI,
        0.0,
        "prov",
    ),
)


def _skpd(item: apbd.SubKegiatan) -> apbd.Skpd:
    return DUKCAPIL if item.skpd == "capil" else apbd.skpd_of(item)


def demo_items() -> list[ParsedItem]:
    """The subset, sorted by code; programmes carry each level's name."""
    items: dict[str, ParsedItem] = {}
    program_names: dict[str, dict[bool, str]] = {}
    for is_province in (True, False):
        lvl = "Provinsi" if is_province else "Kabupaten/Kota"
        scope = "prov" if is_province else "kab"
        extra = [i for i in _DUKCAPIL_ITEMS if i.only == scope]
        for sub in [*apbd.catalogue(is_province=is_province), *extra]:
            skpd = _skpd(sub)
            code = f"{skpd.urusan}.{sub.program}.{1 if is_province else 2}.{sub.kegiatan}.{sub.sub}"
            urusan = skpd.urusan.split(".")[0]
            program = f"{skpd.urusan}.{sub.program}"
            kegiatan = code.rsplit(".", 1)[0]
            indicator, unit = OUTPUTS[sub.name]
            performance = indicator.removeprefix("Jumlah ").removeprefix("Panjang ")
            items[urusan] = ParsedItem(urusan, NomenclatureKind.URUSAN, "semua", URUSAN[urusan])
            items[skpd.urusan] = ParsedItem(
                skpd.urusan, NomenclatureKind.BIDANG, "semua", skpd.urusan_name
            )
            program_names.setdefault(program, {})[is_province] = sub.program_name.format(lvl=lvl)
            items[kegiatan] = ParsedItem(
                kegiatan,
                NomenclatureKind.KEGIATAN,
                level_from_code(kegiatan),
                sub.kegiatan_name.format(lvl=lvl),
            )
            items[code] = ParsedItem(
                code,
                NomenclatureKind.SUB_KEGIATAN,
                level_from_code(code),
                sub.name,
                performance=performance,
                indicator=indicator,
                unit=unit,
            )
    for program, names in program_names.items():
        name = names.get(True) or names[False]
        other = names.get(False, name)
        items[program] = ParsedItem(
            program,
            NomenclatureKind.PROGRAM,
            GovernmentLevel.BOTH,
            name,
            name_kab_kota="" if other == name else other,
        )
    return sorted(items.values(), key=lambda i: i.code)


_FIELDS = ["kind", "level", "name", "name_kab_kota", "performance", "indicator", "unit"]


def ensure_demo_nomenclature() -> int:
    """Create or bring up to date the demo version; returns its number of items."""
    wanted = demo_items()
    version, _created = NomenclatureVersion.objects.update_or_create(
        name=DEMO_VERSION_NAME,
        defaults={
            "regulation": DEMO_REGULATION,
            "published_on": date(2021, 12, 27),
            "in_force_from": DEMO_IN_FORCE_FROM,
            "source_file": "sepakat.demo",
            "item_count": len(wanted),
        },
    )
    existing = {i.code: i for i in NomenclatureItem.objects.filter(version=version)}
    to_create: list[NomenclatureItem] = []
    to_update: list[NomenclatureItem] = []
    for spec in wanted:
        item = existing.pop(spec.code, None) or NomenclatureItem(version=version, code=spec.code)
        for name in _FIELDS:
            setattr(item, name, getattr(spec, name))
        (to_update if item.pk else to_create).append(item)
    NomenclatureItem.objects.bulk_create(to_create)
    NomenclatureItem.objects.bulk_update(to_update, _FIELDS)
    NomenclatureItem.objects.filter(pk__in=[i.pk for i in existing.values()]).delete()
    return len(wanted)


def demo_skpds() -> list[apbd.Skpd]:
    return [*apbd.SKPDS, DUKCAPIL]


def ensure_demo_skpds(regions: dict[str, Region]) -> int:
    """Every demo province and kab/kota gets the SKPD of its APBD lines plus Dukcapil."""
    owners = [r for r in regions.values() if r.level in (Level.PROVINCE, Level.REGENCY)]
    existing = {(s.region_id, s.code): s for s in Skpd.objects.filter(region__in=owners)}
    to_create: list[Skpd] = []
    to_update: list[Skpd] = []
    for region in owners:
        for spec in demo_skpds():
            skpd = existing.get((region.pk, spec.code())) or Skpd(region=region, code=spec.code())
            skpd.name, skpd.active = spec.name, True
            (to_update if skpd.pk else to_create).append(skpd)
    Skpd.objects.bulk_create(to_create)
    Skpd.objects.bulk_update(to_update, ["name", "active"])
    return len(to_create) + len(to_update)
