"""The national catalogue of prioritisation indicators, as data the migration loads.

Each row is an *indikator capaian*: who it is about (the reference population), when a
person has achieved it (the status rule, computed by :mod:`sepakat.analytics.statuses`
under the same code), the target and its legal basis, and the Susenas/Sakernas/registry
variables that define it. Migration ``priorities.0002_catalogue`` writes these rows once;
afterwards the central team edits them in the database (admin), so a row here is the
starting point, not the truth of a running system.

How targets were chosen (written for the central team to check):

* **SPM** (PP 2/2018 on minimum service standards and the ministerial technical standards):
  the law entitles every eligible person to the service, so the target is 100 %. Where an
  indicator is only a proxy of the SPM service (the social SPM is about *terlantar* persons,
  whom Susenas cannot identify) the row says so.
* **TPB** (Perpres 59/2017, replaced by Perpres 111/2022 on the SDGs): where the global
  target reads "for all" (universal electricity, clean cooking, legal identity, ending child
  labour, completion of school) the target is 100 %; where the RPJMN 2020-2024 (Perpres
  18/2020) sets a number for 2024 below 100 % that number is the target, named with its year.
* **General** (umum): 100 %, SEPAKAT's default. Rows whose SDG target is "substantially
  increase" or whose RPJMN number we could not confirm are general, and say why.

The demo's and the analysis module's indicator codes (``indicator_code``) and the Podes
supply-side indicators (``determinants``) are linked by code where they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Sector values are those of sepakat.datahub.models.Area (kept as text: no Django import).
EDUCATION = "pendidikan"
HEALTH = "kesehatan"
EMPLOYMENT = "ketenagakerjaan"
INFRASTRUCTURE = "infrastruktur_dasar"
PROTECTION = "perlindungan_sosial"

GENERAL, SPM, TPB = "general", "spm", "tpb"
PERSON, HOUSEHOLD = "person", "household"

SPM_EDU = (
    "PP 2/2018 tentang SPM; Permendikbud 32/2018 tentang Standar Teknis SPM Pendidikan "
    "(diganti Permendikbudristek 32/2022)"
)
SPM_HEALTH = (
    "PP 2/2018 tentang SPM; Permenkes 4/2019 tentang Standar Teknis Pemenuhan Mutu Pelayanan "
    "Dasar pada SPM Bidang Kesehatan (diganti Permenkes 6/2024)"
)
SPM_PUPR = (
    "PP 2/2018 tentang SPM; Permen PUPR 29/2018 tentang Standar Teknis SPM Bidang Pekerjaan "
    "Umum dan Perumahan Rakyat"
)
SPM_SOCIAL = (
    "PP 2/2018 tentang SPM; Permensos 9/2018 tentang Standar Teknis Pelayanan Dasar pada SPM "
    "Bidang Sosial"
)
SDG = "Perpres 59/2017 jo. Perpres 111/2022 tentang Pelaksanaan Pencapaian TPB"
RPJMN = "RPJMN 2020-2024 (Perpres 18/2020)"

KOR = "Susenas KOR"
KP = "Susenas KP (blok perumahan)"

# Podes-like supply-side indicators (datahub migration 0012_podes).
SD, SMP, SMA = "PODES01", "PODES02", "PODES03"
PUSKESMAS, PUSTU = "PODES04", "PODES05"
KM_SD, KM_SMP, KM_SMA, KM_PUSKESMAS = "PODES06", "PODES07", "PODES08", "PODES09"
ROAD, WATER, PLN = "PODES10", "PODES11", "PODES12"
HEALTH_SUPPLY = (PUSKESMAS, PUSTU, KM_PUSKESMAS)


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    sector: str
    name_id: str
    name_en: str
    reference_population: str
    status_rule: str
    variables: str
    target: float = 1.0
    target_basis: str = GENERAL
    legal_source: str = ""
    unit_level: str = PERSON
    indicator_code: str = ""  # the analysis indicator of the same meaning
    determinants: tuple[str, ...] = ()
    # The registry household file carries a household version of the status.
    registry: bool = False
    note: str = ""

    @property
    def status_column(self) -> str:
        return f"status_{self.code.lower()}"


def _row(*args: object, **kwargs: object) -> CatalogueRow:
    return CatalogueRow(*args, **kwargs)  # type: ignore[arg-type]


# One row per indicator, kept compact so that it reads as a table.
# fmt: off
CATALOGUE: tuple[CatalogueRow, ...] = (
    # ------------------------------------------------------------------ Pendidikan
    _row("PDK01", EDUCATION, "Anak usia 5-6 tahun mengikuti PAUD/sekolah",
         "Children aged 5-6 in early childhood education or school",
         "penduduk umur 5-6 tahun", "sedang bersekolah (PAUD/TK/RA atau SD)",
         f"{KOR}: umur, partisipasi sekolah, jenjang yang sedang diikuti",
         1.0, SPM, SPM_EDU + ": SPM PAUD (kab/kota), penerima usia 5-6 tahun",
         determinants=(SD, KM_SD), registry=True),
    _row("PDK02", EDUCATION, "Anak usia 7-12 tahun bersekolah",
         "Children aged 7-12 attending school",
         "penduduk umur 7-12 tahun", "sedang bersekolah (jenjang apa pun, termasuk Paket A)",
         f"{KOR}: umur, partisipasi sekolah", 1.0, SPM,
         SPM_EDU + ": SPM pendidikan dasar (kab/kota), usia 7-15 tahun",
         determinants=(SD, KM_SD), registry=True),
    _row("PDK03", EDUCATION, "Anak usia 13-15 tahun bersekolah",
         "Children aged 13-15 attending school",
         "penduduk umur 13-15 tahun", "sedang bersekolah (termasuk Paket B)",
         f"{KOR}: umur, partisipasi sekolah", 1.0, SPM,
         SPM_EDU + ": SPM pendidikan dasar (kab/kota), usia 7-15 tahun",
         determinants=(SMP, KM_SMP), registry=True),
    _row("PDK04", EDUCATION, "Anak usia 16-18 tahun bersekolah",
         "Children aged 16-18 attending school",
         "penduduk umur 16-18 tahun", "sedang bersekolah (termasuk Paket C)",
         f"{KOR}: umur, partisipasi sekolah", 1.0, SPM,
         SPM_EDU + ": SPM pendidikan menengah (provinsi), usia 16-18 tahun",
         determinants=(SMA, KM_SMA), registry=True),
    _row("PDK05", EDUCATION, "Anak usia 7-12 tahun bersekolah di SD/sederajat",
         "Children aged 7-12 in primary school (net enrolment)",
         "penduduk umur 7-12 tahun", "sedang bersekolah di SD/MI/Paket A",
         f"{KOR}: umur, partisipasi sekolah, jenjang yang sedang diikuti",
         indicator_code="PLD01", determinants=(SD, KM_SD)),
    _row("PDK06", EDUCATION, "Anak usia 13-15 tahun bersekolah di SMP/sederajat",
         "Children aged 13-15 in lower secondary school (net enrolment)",
         "penduduk umur 13-15 tahun", "sedang bersekolah di SMP/MTs/Paket B",
         f"{KOR}: umur, partisipasi sekolah, jenjang yang sedang diikuti",
         indicator_code="PLD02", determinants=(SMP, KM_SMP)),
    _row("PDK07", EDUCATION, "Anak usia 16-18 tahun bersekolah di SMA/sederajat",
         "Children aged 16-18 in upper secondary school (net enrolment)",
         "penduduk umur 16-18 tahun", "sedang bersekolah di SMA/SMK/MA/Paket C",
         f"{KOR}: umur, partisipasi sekolah, jenjang yang sedang diikuti",
         indicator_code="PLD03", determinants=(SMA, KM_SMA)),
    _row("PDK08", EDUCATION, "Penduduk usia 15-24 tahun melek huruf",
         "Literacy of persons aged 15-24",
         "penduduk umur 15-24 tahun", "dapat membaca dan menulis huruf latin/arab/lainnya",
         f"{KOR}: umur, kemampuan membaca dan menulis", 1.0, TPB,
         SDG + ": target 4.6 (semua remaja mencapai kemampuan literasi)",
         determinants=(SD, KM_SD)),
    _row("PDK09", EDUCATION, "Penduduk usia 15-59 tahun melek huruf",
         "Literacy of persons aged 15-59",
         "penduduk umur 15-59 tahun", "dapat membaca dan menulis",
         f"{KOR}: umur, kemampuan membaca dan menulis", indicator_code="PLD14",
         note="TPB 4.6 meminta 'sebagian besar' orang dewasa: tanpa angka, maka umum 100 %."),
    _row("PDK10", EDUCATION, "Penduduk usia 13-15 tahun tamat SD/sederajat",
         "Primary completion, persons aged 13-15",
         "penduduk umur 13-15 tahun", "ijazah tertinggi minimal SD/sederajat",
         f"{KOR}: umur, ijazah tertinggi", determinants=(SD, KM_SD),
         note="Kelompok umur 3-5 tahun di atas usia tamat SD, sesuai definisi UNESCO/BPS."),
    _row("PDK11", EDUCATION, "Penduduk usia 16-18 tahun tamat SMP/sederajat",
         "Lower secondary completion, persons aged 16-18",
         "penduduk umur 16-18 tahun", "ijazah tertinggi minimal SMP/sederajat",
         f"{KOR}: umur, ijazah tertinggi", 1.0, TPB,
         SDG + ": indikator 4.1.2 tingkat penyelesaian (target 4.1: semua anak)",
         determinants=(SMP, KM_SMP)),
    _row("PDK12", EDUCATION, "Penduduk usia 19-21 tahun tamat SMA/sederajat",
         "Upper secondary completion, persons aged 19-21",
         "penduduk umur 19-21 tahun", "ijazah tertinggi minimal SMA/SMK/sederajat",
         f"{KOR}: umur, ijazah tertinggi", 1.0, TPB,
         SDG + ": indikator 4.1.2 tingkat penyelesaian (target 4.1: semua anak)",
         determinants=(SMA, KM_SMA)),
    _row("PDK13", EDUCATION, "Penduduk usia 25 tahun ke atas berpendidikan minimal SMP",
         "Persons aged 25+ with at least lower secondary education",
         "penduduk umur 25 tahun ke atas", "ijazah tertinggi minimal SMP/sederajat",
         f"{KOR}: umur, ijazah tertinggi", indicator_code="PLD04",
         note="Wajib belajar 9 tahun; tidak ada target hukum untuk orang dewasa.", registry=True),
    _row("PDK14", EDUCATION, "Anak usia 7-18 tahun tidak putus sekolah",
         "Children aged 7-18 who have not dropped out",
         "penduduk umur 7-18 tahun yang pernah bersekolah",
         "masih bersekolah, atau sudah tamat SMA/sederajat",
         f"{KOR}: umur, partisipasi sekolah, ijazah tertinggi", indicator_code="PLD19",
         determinants=(SD, SMP, SMA, KM_SMP, KM_SMA), registry=True),
    _row("PDK15", EDUCATION, "Anak penyandang disabilitas usia 7-18 tahun bersekolah",
         "Children with disabilities aged 7-18 attending school",
         "penduduk umur 7-18 tahun dengan kesulitan fungsional (banyak/sama sekali)",
         "sedang bersekolah (sekolah umum, SLB atau kesetaraan)",
         f"{KOR}: umur, kesulitan fungsional, partisipasi sekolah", 1.0, SPM,
         SPM_EDU + ": SPM pendidikan khusus (provinsi), usia 4-18 tahun",
         determinants=(SD, SMP, SMA)),
    _row("PDK16", EDUCATION, "Anak usia 6 tahun mengikuti PAUD atau SD",
         "Children aged 6 in organised learning (one year before primary entry age)",
         "penduduk umur 6 tahun", "sedang bersekolah (PAUD/TK/RA atau SD)",
         f"{KOR}: umur, partisipasi sekolah, jenjang yang sedang diikuti", 1.0, TPB,
         SDG + ": indikator 4.2.2 (target 4.2: semua anak mendapat pendidikan pra-dasar)",
         determinants=(SD, KM_SD), registry=True),
    # ------------------------------------------------------------------ Kesehatan
    _row("KES01", HEALTH, "Ibu hamil mendapat pemeriksaan kehamilan minimal 4 kali (K4)",
         "Pregnant women with at least 4 antenatal visits",
         "perempuan 15-49 tahun yang melahirkan dalam 2 tahun terakhir (kelahiran terakhir)",
         "memeriksakan kehamilan minimal 4 kali",
         f"{KOR}: riwayat kelahiran 2 tahun terakhir, pemeriksaan kehamilan", 1.0, SPM,
         SPM_HEALTH + ": pelayanan kesehatan ibu hamil (K4; K6 sejak Permenkes 6/2024)",
         determinants=HEALTH_SUPPLY),
    _row("KES02", HEALTH, "Persalinan di fasilitas pelayanan kesehatan",
         "Births in a health facility",
         "perempuan 15-49 tahun yang melahirkan dalam 2 tahun terakhir (kelahiran terakhir)",
         "tempat melahirkan rumah sakit, puskesmas, klinik, praktik nakes atau polindes",
         f"{KOR}: riwayat kelahiran 2 tahun terakhir, tempat melahirkan", 1.0, SPM,
         SPM_HEALTH + ": pelayanan kesehatan ibu bersalin", indicator_code="PLD08",
         determinants=HEALTH_SUPPLY,
         note="RPJMN 2020-2024 menargetkan 95 % pada 2024; SPM mewajibkan 100 %."),
    _row("KES03", HEALTH, "Persalinan ditolong tenaga kesehatan",
         "Births attended by skilled health personnel",
         "perempuan 15-49 tahun yang melahirkan dalam 2 tahun terakhir (kelahiran terakhir)",
         "penolong persalinan dokter, bidan atau tenaga kesehatan lain",
         f"{KOR}: riwayat kelahiran 2 tahun terakhir, penolong persalinan",
         determinants=HEALTH_SUPPLY,
         note="TPB 3.1.2 tanpa angka target nasional yang kami temukan: umum 100 %."),
    _row("KES04", HEALTH, "Anak usia 12-23 bulan mendapat imunisasi dasar lengkap",
         "Children aged 12-23 months fully immunised",
         "anak umur 12-23 bulan",
         "HB0, BCG, polio 4 kali, DPT-HB-Hib 3 kali dan campak/MR",
         f"{KOR}: umur (bulan), imunisasi menurut jenis", 1.0, SPM,
         SPM_HEALTH + ": pelayanan kesehatan balita (imunisasi dasar lengkap)",
         indicator_code="PLD07", determinants=HEALTH_SUPPLY,
         note="RPJMN 2020-2024 menargetkan 90 % pada 2024; SPM mewajibkan 100 %."),
    _row("KES05", HEALTH, "Penduduk memiliki jaminan kesehatan (JKN)",
         "Persons covered by national health insurance (JKN)",
         "seluruh penduduk", "peserta JKN/BPJS Kesehatan, PBI maupun non-PBI",
         f"{KOR}: kepemilikan jaminan kesehatan", 0.98, TPB,
         RPJMN + ": cakupan kepesertaan JKN minimal 98 % pada 2024 (TPB 3.8)",
         indicator_code="PLS02", determinants=(PUSKESMAS, KM_PUSKESMAS), registry=True),
    _row("KES06", HEALTH, "Perempuan kawin usia 15-49 tahun memakai kontrasepsi modern",
         "Married women aged 15-49 using modern contraception",
         "perempuan berstatus kawin umur 15-49 tahun",
         "sedang memakai alat/cara KB modern",
         f"{KOR}: status perkawinan, penggunaan alat/cara KB", 0.634, TPB,
         RPJMN + ": mCPR 63,4 % pada 2024 (TPB 3.7.1)", determinants=HEALTH_SUPPLY,
         note="Angka RPJMN perlu dicek tim pusat terhadap lampiran Perpres 18/2020."),
    _row("KES07", HEALTH, "Anak usia 10-18 tahun tidak merokok",
         "Children aged 10-18 who do not smoke",
         "penduduk umur 10-18 tahun", "tidak merokok dalam sebulan terakhir",
         f"{KOR}: umur, kebiasaan merokok sebulan terakhir", 0.913, TPB,
         RPJMN + ": prevalensi merokok usia 10-18 tahun 8,7 % pada 2024 (TPB 3.a.1)"),
    _row("KES08", HEALTH, "Penduduk usia 15 tahun ke atas tidak merokok",
         "Persons aged 15+ who do not smoke",
         "penduduk umur 15 tahun ke atas", "tidak merokok dalam sebulan terakhir",
         f"{KOR}: umur, kebiasaan merokok sebulan terakhir",
         note="TPB 3.a.1 tanpa angka target untuk usia 15+: umum 100 %."),
    _row("KES09", HEALTH, "Penduduk dengan keluhan kesehatan berobat jalan",
         "Persons with a health complaint who sought outpatient care",
         "penduduk dengan keluhan kesehatan yang mengganggu kegiatan sebulan terakhir",
         "berobat jalan ke fasilitas atau tenaga kesehatan",
         f"{KOR}: keluhan kesehatan, berobat jalan", determinants=HEALTH_SUPPLY,
         note="Kebalikan dari unmet need pelayanan kesehatan."),
    _row("KES10", HEALTH, "Bayi usia 0-5 bulan mendapat ASI eksklusif",
         "Infants aged 0-5 months exclusively breastfed",
         "bayi umur 0-5 bulan", "hanya diberi ASI dalam 24 jam terakhir",
         f"{KOR}: umur (bulan), pemberian ASI dan makanan/minuman lain",
         determinants=HEALTH_SUPPLY,
         note="Renstra Kemenkes memuat target tahunan; tanpa dasar hukum yang kami pastikan: "
         "umum 100 %."),
    # ------------------------------------------------------------------ Ketenagakerjaan
    _row("KTK01", EMPLOYMENT, "Angkatan kerja bekerja (tidak menganggur)",
         "Labour force in employment (not unemployed)",
         "penduduk umur 15 tahun ke atas yang bekerja atau mencari pekerjaan/mempersiapkan "
         "usaha", "bekerja",
         "Sakernas (atau Susenas KOR): kegiatan seminggu terakhir, mencari pekerjaan",
         0.957, TPB, RPJMN + ": tingkat pengangguran terbuka 3,6-4,3 % pada 2024 "
         "(batas atas dipakai; TPB 8.5.2)", indicator_code="TKJ01", determinants=(ROAD,),
         registry=True),
    _row("KTK02", EMPLOYMENT, "Pekerja bekerja penuh waktu (minimal 35 jam)",
         "Workers working full time (35 hours or more)",
         "penduduk umur 15 tahun ke atas yang bekerja", "jam kerja seluruh pekerjaan >= 35",
         "Sakernas (atau Susenas KOR): jumlah jam kerja seminggu", indicator_code="TKJ04",
         determinants=(ROAD,)),
    _row("KTK03", EMPLOYMENT, "Pekerja di sektor formal", "Workers in formal employment",
         "penduduk umur 15 tahun ke atas yang bekerja",
         "status pekerjaan berusaha dibantu buruh tetap atau buruh/karyawan/pegawai",
         "Sakernas (atau Susenas KOR): status pekerjaan utama", indicator_code="TKJ03",
         determinants=(ROAD,),
         note="Definisi formal BPS menurut status pekerjaan; RPJMN tidak kami pakai.",
         registry=True),
    _row("KTK04", EMPLOYMENT, "Pekerja bukan pekerja keluarga/tidak dibayar",
         "Workers who are not unpaid family workers",
         "penduduk umur 15 tahun ke atas yang bekerja",
         "status pekerjaan utama bukan pekerja keluarga/tidak dibayar",
         "Sakernas (atau Susenas KOR): status pekerjaan utama", determinants=(ROAD,),
         registry=True),
    _row("KTK05", EMPLOYMENT, "Pemuda usia 15-24 tahun sekolah, bekerja atau pelatihan",
         "Youth aged 15-24 in education, employment or training (not NEET)",
         "penduduk umur 15-24 tahun", "sedang sekolah, bekerja, atau mengikuti pelatihan",
         "Sakernas (atau Susenas KOR): partisipasi sekolah, kegiatan, pelatihan",
         indicator_code="TKJ05", determinants=(SMA, ROAD),
         note="TPB 8.6 meminta 'penurunan substansial' tanpa angka: umum 100 %."),
    _row("KTK06", EMPLOYMENT, "Anak usia 10-17 tahun tidak bekerja",
         "Children aged 10-17 not working (no child labour)",
         "penduduk umur 10-17 tahun", "tidak bekerja seminggu terakhir",
         f"{KOR} atau Sakernas: umur, kegiatan seminggu terakhir", 1.0, TPB,
         SDG + ": target 8.7 (menghapus pekerja anak)", determinants=(SMP, SMA), registry=True),
    _row("KTK07", EMPLOYMENT, "Pekerja memiliki jaminan sosial ketenagakerjaan",
         "Workers covered by employment social security",
         "penduduk umur 15 tahun ke atas yang bekerja",
         "peserta BPJS Ketenagakerjaan (JKK, JKM, JHT atau JP) atau jaminan pensiun lain",
         f"{KOR}: kepemilikan jaminan sosial ketenagakerjaan", indicator_code="TKJ07"),
    # ------------------------------------------------------------------ Infrastruktur RT
    _row("IRT01", INFRASTRUCTURE, "Rumah tangga dengan akses air minum layak",
         "Households with improved drinking water",
         "seluruh penduduk (status rumah tangganya)",
         "sumber air minum utama layak (leding, sumur bor/pompa, sumur/mata air terlindung, "
         "air hujan; air kemasan menurut sumber air mandi/cuci)",
         f"{KP}: sumber air minum utama, sumber air mandi/cuci", 1.0, SPM,
         SPM_PUPR + ": pemenuhan kebutuhan pokok air minum sehari-hari; "
         + RPJMN + " juga 100 %", HOUSEHOLD, "PLD10", (WATER,), True),
    _row("IRT02", INFRASTRUCTURE, "Rumah tangga dengan akses sanitasi layak",
         "Households with improved sanitation",
         "seluruh penduduk (status rumah tangganya)",
         "fasilitas BAB sendiri/bersama, kloset leher angsa, pembuangan akhir tangki septik, "
         "IPAL atau SPAL", f"{KP}: fasilitas BAB, jenis kloset, pembuangan akhir tinja",
         1.0, SPM, SPM_PUPR + ": penyediaan pelayanan pengolahan air limbah domestik",
         HOUSEHOLD, "PLD11", (WATER, ROAD), True,
         note="RPJMN 2020-2024 menargetkan 90 % sanitasi layak pada 2024; SPM mewajibkan "
         "100 %."),
    _row("IRT03", INFRASTRUCTURE, "Rumah tangga menempati rumah layak huni",
         "Households in adequate housing",
         "seluruh penduduk (status rumah tangganya)",
         "luas lantai >= 7,2 m2 per kapita, atap, dinding dan lantai layak, air minum layak "
         "dan sanitasi layak", f"{KP}: luas lantai, atap, dinding, lantai, air minum, sanitasi",
         0.70, TPB, RPJMN + ": akses rumah tangga terhadap hunian layak 70 % pada 2024 "
         "(TPB 11.1.1)", HOUSEHOLD, "PLD12", (ROAD, WATER), True),
    _row("IRT04", INFRASTRUCTURE, "Rumah tangga dengan penerangan listrik",
         "Households with electric lighting",
         "seluruh penduduk (status rumah tangganya)", "sumber penerangan utama listrik",
         f"{KP}: sumber penerangan utama", 1.0, TPB,
         RPJMN + ": rasio elektrifikasi 100 % pada 2024; " + SDG + ": target 7.1",
         HOUSEHOLD, "", (PLN,), True),
    _row("IRT05", INFRASTRUCTURE, "Rumah tangga dengan listrik PLN",
         "Households with PLN electricity",
         "seluruh penduduk (status rumah tangganya)", "sumber penerangan listrik PLN",
         f"{KP}: sumber penerangan utama", unit_level=HOUSEHOLD, indicator_code="PLD13",
         determinants=(PLN,), registry=True),
    _row("IRT06", INFRASTRUCTURE, "Rumah tangga berlantai bukan tanah",
         "Households with a floor other than earth",
         "seluruh penduduk (status rumah tangganya)", "jenis lantai terluas bukan tanah",
         f"{KP}: jenis lantai terluas", unit_level=HOUSEHOLD, determinants=(ROAD,),
         registry=True),
    _row("IRT07", INFRASTRUCTURE, "Rumah tangga berdinding permanen",
         "Households with durable walls", "seluruh penduduk (status rumah tangganya)",
         "dinding terluas tembok, plesteran, kayu/papan berkualitas",
         f"{KP}: jenis dinding terluas", unit_level=HOUSEHOLD, determinants=(ROAD,),
         registry=True),
    _row("IRT08", INFRASTRUCTURE, "Rumah tangga beratap layak",
         "Households with an adequate roof", "seluruh penduduk (status rumah tangganya)",
         "atap terluas beton, genteng, seng, asbes atau kayu/sirap",
         f"{KP}: jenis atap terluas", unit_level=HOUSEHOLD, determinants=(ROAD,), registry=True),
    _row("IRT09", INFRASTRUCTURE, "Rumah tangga dengan luas lantai minimal 7,2 m2 per kapita",
         "Households with at least 7.2 m2 of floor per person",
         "seluruh penduduk (status rumah tangganya)",
         "luas lantai dibagi jumlah anggota rumah tangga >= 7,2 m2",
         f"{KP}: luas lantai; {KOR}: jumlah anggota rumah tangga", unit_level=HOUSEHOLD,
         registry=True),
    _row("IRT10", INFRASTRUCTURE, "Rumah tangga memasak dengan bahan bakar bersih",
         "Households cooking with clean fuel", "seluruh penduduk (status rumah tangganya)",
         "bahan bakar utama memasak listrik, LPG, gas kota atau biogas",
         f"{KP}: bahan bakar utama memasak", 1.0, TPB,
         SDG + ": indikator 7.1.2 (target 7.1: akses universal pada 2030)", HOUSEHOLD,
         registry=True),
    _row("IRT11", INFRASTRUCTURE, "Rumah tangga memiliki fasilitas BAB sendiri",
         "Households with their own toilet", "seluruh penduduk (status rumah tangganya)",
         "fasilitas tempat buang air besar milik sendiri", f"{KP}: penggunaan fasilitas BAB",
         unit_level=HOUSEHOLD, determinants=(WATER,), registry=True),
    _row("IRT12", INFRASTRUCTURE, "Rumah tangga memiliki fasilitas cuci tangan dengan sabun dan air",
         "Households with a handwashing facility with soap and water",
         "seluruh penduduk (status rumah tangganya)",
         "ada tempat cuci tangan dengan sabun dan air", f"{KP}: fasilitas cuci tangan",
         1.0, TPB, SDG + ": indikator 6.2.1 (target 6.2: akses sanitasi dan higiene bagi semua)",
         HOUSEHOLD, "", (WATER,)),
    _row("IRT13", INFRASTRUCTURE, "Penduduk usia 5 tahun ke atas mengakses internet",
         "Persons aged 5+ who used the internet", "penduduk umur 5 tahun ke atas",
         "menggunakan internet dalam 3 bulan terakhir", f"{KOR}: penggunaan internet",
         determinants=(PLN,),
         note="TPB 17.8.1 tanpa angka target untuk kab/kota: umum 100 %."),
    # ------------------------------------------------------------------ Perlindungan sosial
    _row("PRS01", PROTECTION, "Penduduk miskin dan rentan menjadi peserta PBI JKN",
         "Poor and vulnerable persons covered by subsidised JKN (PBI)",
         "penduduk dengan pengeluaran per kapita < 1,5 x garis kemiskinan (registrasi: desil 1-4)",
         "peserta JKN PBI (APBN atau APBD)",
         f"{KOR}: kepemilikan jaminan kesehatan menurut jenis; pengeluaran per kapita",
         indicator_code="PLS01", registry=True),
    _row("PRS02", PROTECTION, "Penduduk miskin dan rentan menerima program Sembako/BPNT",
         "Poor and vulnerable persons whose household receives Sembako/BPNT",
         "penduduk dengan pengeluaran per kapita < 1,5 x garis kemiskinan (registrasi: desil 1-4)",
         "rumah tangganya menerima Sembako/BPNT setahun terakhir",
         f"{KOR}: penerimaan program perlindungan sosial", indicator_code="PLS04",
         registry=True),
    _row("PRS03", PROTECTION, "Penduduk miskin dan rentan menerima PKH",
         "Poor and vulnerable persons whose household receives PKH",
         "penduduk dengan pengeluaran per kapita < 1,5 x garis kemiskinan (registrasi: desil 1-4)",
         "rumah tangganya menerima PKH setahun terakhir",
         f"{KOR}: penerimaan program perlindungan sosial", indicator_code="PLS03",
         registry=True,
         note="PKH mensyaratkan komponen (ibu hamil, anak, lansia, disabilitas): cakupan 100 % "
         "dari seluruh miskin dan rentan tidak dimaksudkan; dibaca sebagai kesenjangan."),
    _row("PRS04", PROTECTION, "Siswa miskin dan rentan usia 6-21 tahun menerima PIP",
         "Poor and vulnerable students aged 6-21 receiving PIP",
         "penduduk miskin dan rentan umur 6-21 tahun yang sedang bersekolah",
         "menerima PIP/KIP setahun terakhir",
         f"{KOR}: partisipasi sekolah, penerimaan PIP", indicator_code="PLS05",
         determinants=(SD, SMP, SMA), registry=True),
    _row("PRS05", PROTECTION, "Penduduk miskin dan rentan menerima bantuan sosial",
         "Poor and vulnerable persons receiving any social assistance",
         "penduduk dengan pengeluaran per kapita < 1,5 x garis kemiskinan (registrasi: desil 1-4)",
         "rumah tangganya menerima bantuan sosial apa pun setahun terakhir",
         f"{KOR}: penerimaan program perlindungan sosial", indicator_code="PLS06",
         registry=True,
         note="TPB 1.3.1 meminta cakupan 'substansial' tanpa angka: umum 100 %."),
    _row("PRS06", PROTECTION, "Anak usia 0-17 tahun memiliki akta kelahiran",
         "Children aged 0-17 with a birth certificate",
         "penduduk umur 0-17 tahun", "memiliki akta kelahiran (dapat ditunjukkan atau tidak)",
         f"{KOR}: kepemilikan akta kelahiran", indicator_code="PLS13",
         note="UU 24/2013 mewajibkan pencatatan setiap kelahiran; angka RPJMN untuk 0-17 "
         "tidak kami pastikan: umum 100 %.", registry=True),
    _row("PRS07", PROTECTION, "Penduduk memiliki NIK", "Persons with a national identity number",
         "seluruh penduduk", "memiliki Nomor Induk Kependudukan",
         f"{KOR}: kepemilikan NIK", indicator_code="PLS14",
         note="UU 24/2013 tentang Administrasi Kependudukan: setiap penduduk wajib memiliki NIK."),
    _row("PRS08", PROTECTION, "Penyandang disabilitas miskin dan rentan menerima bantuan sosial",
         "Poor and vulnerable persons with disabilities receiving social assistance",
         "penyandang disabilitas (kesulitan fungsional banyak/sama sekali) yang miskin dan rentan",
         "rumah tangganya menerima bantuan sosial", f"{KOR}: kesulitan fungsional, bantuan sosial",
         1.0, SPM, SPM_SOCIAL + ": rehabilitasi sosial dasar penyandang disabilitas terlantar",
         note="Pendekatan: Susenas tidak dapat mengenali 'terlantar'; miskin dan rentan dipakai.",
         registry=True),
    _row("PRS09", PROTECTION, "Lanjut usia miskin dan rentan menerima bantuan sosial",
         "Poor and vulnerable older persons receiving social assistance",
         "penduduk umur 60 tahun ke atas yang miskin dan rentan",
         "rumah tangganya menerima bantuan sosial", f"{KOR}: umur, bantuan sosial", 1.0, SPM,
         SPM_SOCIAL + ": rehabilitasi sosial dasar lanjut usia terlantar",
         note="Pendekatan: Susenas tidak dapat mengenali 'terlantar'; miskin dan rentan dipakai.",
         registry=True),
    _row("PRS10", PROTECTION, "Anak miskin dan rentan menerima bantuan sosial",
         "Poor and vulnerable children receiving social assistance",
         "penduduk umur 0-17 tahun yang miskin dan rentan",
         "rumah tangganya menerima bantuan sosial", f"{KOR}: umur, bantuan sosial", 1.0, SPM,
         SPM_SOCIAL + ": rehabilitasi sosial dasar anak terlantar",
         note="Pendekatan: Susenas tidak dapat mengenali 'terlantar'; miskin dan rentan dipakai.",
         registry=True),
    _row("PRS11", PROTECTION, "Lanjut usia memiliki jaminan kesehatan",
         "Older persons covered by health insurance",
         "penduduk umur 60 tahun ke atas", "peserta JKN", f"{KOR}: umur, jaminan kesehatan",
         determinants=(PUSKESMAS, KM_PUSKESMAS), registry=True),
    _row("PRS13", PROTECTION, "Perempuan usia 20-24 tahun tidak menikah sebelum usia 18 tahun",
         "Women aged 20-24 not married before age 18",
         "perempuan umur 20-24 tahun", "belum pernah kawin, atau kawin pertama pada umur 18+",
         f"{KOR}: jenis kelamin, umur, umur perkawinan pertama", 0.913, TPB,
         RPJMN + ": perkawinan anak perempuan 20-24 tahun 8,74 % pada 2024 (TPB 5.3.1)"),
    _row("PRS12", PROTECTION, "Anak usia 0-4 tahun memiliki akta kelahiran",
         "Children under five with a birth certificate",
         "penduduk umur 0-4 tahun", "memiliki akta kelahiran",
         f"{KOR}: kepemilikan akta kelahiran", 1.0, TPB,
         SDG + ": indikator 16.9.1 (target 16.9: identitas legal bagi semua pada 2030)",
         registry=True),
)
# fmt: on


def spec() -> list[dict[str, Any]]:
    """The catalogue as a spec of :func:`sepakat.analytics.priorities.priority_scores`."""
    return [
        {
            "code": row.code,
            "column": row.status_column,
            "target": row.target,
            "sector": row.sector,
            "name": row.name_id,
        }
        for row in CATALOGUE
    ]


def install(priority_model: Any, indicator_model: Any) -> int:
    """Create the catalogue rows that do not exist yet, with their determinants, and link
    what can be linked; return how many rows were created.

    Takes the model classes, so the migration can pass its historical models. A row that
    exists is left as the central team keeps it.
    """
    existing = set(priority_model.objects.values_list("code", flat=True))
    new_rows = [row for row in CATALOGUE if row.code not in existing]
    order = {row.code: n for n, row in enumerate(CATALOGUE, start=1)}
    created = priority_model.objects.bulk_create(
        [
            priority_model(
                code=row.code,
                sector=row.sector,
                name_id=row.name_id,
                name_en=row.name_en,
                unit_level=row.unit_level,
                reference_population=row.reference_population,
                status_rule=row.status_rule,
                target=row.target,
                target_basis=row.target_basis,
                legal_source=row.legal_source,
                variables=row.variables,
                ordering=order[row.code],
            )
            for row in new_rows
        ]
    )
    wanted = {c for row in new_rows for c in row.determinants}
    national = {
        i.code: i
        for i in indicator_model.objects.filter(owner_region__isnull=True, code__in=wanted)
    }
    by_code = {item.code: item for item in priority_model.objects.filter(code__in=order)}
    for row in new_rows:
        by_code[row.code].determinants.set([national[c] for c in row.determinants if c in national])
    link(priority_model, indicator_model)
    return len(created)


def link(priority_model: Any, indicator_model: Any) -> None:
    """Point catalogue rows without an analysis indicator at the one named here, where it
    exists now.

    The analysis indicators arrive later than the catalogue (the demo or the central team
    adds them); a row the central team pointed elsewhere keeps their choice.
    """
    rows = {row.code: row for row in CATALOGUE if row.indicator_code}
    national = {
        i.code: i
        for i in indicator_model.objects.filter(
            owner_region__isnull=True, code__in={row.indicator_code for row in rows.values()}
        )
    }
    for item in priority_model.objects.filter(code__in=rows, indicator__isnull=True):
        target = national.get(rows[item.code].indicator_code)
        if target is not None:
            item.indicator = target
            item.save(update_fields=["indicator"])
