"""A starter question bank, three multiple-choice questions per curriculum topic.

Loaded by ``sepakat manage load_question_bank``; the central team edits it in the admin.
The first choice listed is not always the right one: ``correct`` is the index.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db import transaction

from sepakat.training.models import Question, Topic


class Q(NamedTuple):
    topic: str
    text: str
    choices: tuple[str, ...]
    correct: int


STARTER_BANK: tuple[Q, ...] = (
    Q(
        Topic.POLICY,
        "Strategi penanggulangan kemiskinan yang bertujuan mengurangi beban pengeluaran "
        "rumah tangga miskin contohnya adalah ...",
        (
            "Bantuan iuran jaminan kesehatan",
            "Pembangunan jalan tol",
            "Kenaikan pajak daerah",
            "Pemekaran wilayah",
        ),
        0,
    ),
    Q(
        Topic.POLICY,
        "Lembaga koordinasi penanggulangan kemiskinan di kabupaten/kota adalah ...",
        ("TKPKD", "DPRD", "BPS", "Bawaslu"),
        0,
    ),
    Q(
        Topic.POLICY,
        "Dokumen rencana penanggulangan kemiskinan daerah disebut ...",
        ("RPJPN", "RPKD", "DPA", "SPM"),
        1,
    ),
    Q(
        Topic.INTRODUCTION,
        "Siklus yang didukung SEPAKAT dimulai dari ...",
        ("Penganggaran", "Pemantauan", "Data", "Perencanaan"),
        2,
    ),
    Q(
        Topic.INTRODUCTION,
        "Siapa yang memverifikasi data yang dikirim perangkat daerah di SEPAKAT?",
        ("Admin daerah (TKPKD/Bappeda)", "Operator data", "Pembaca", "Masyarakat umum"),
        0,
    ),
    Q(
        Topic.INTRODUCTION,
        "Data rumah tangga dan individu (NIK) di SEPAKAT ...",
        (
            "Boleh dibagikan bebas",
            "Disamarkan di tampilan dan setiap ekspor dicatat",
            "Tidak pernah dipakai",
            "Hanya tersedia dalam bentuk cetak",
        ),
        1,
    ),
    Q(
        Topic.DATA,
        "Data daerah harus diterima paling lambat ... sebelum hari pertama pelatihan.",
        ("1 hari", "3 hari", "7 hari", "30 hari"),
        2,
    ),
    Q(
        Topic.DATA,
        "Kode wilayah Kemendagri untuk kecamatan mempunyai bentuk ...",
        ("32", "32.01", "32.01.01", "3201010"),
        2,
    ),
    Q(
        Topic.DATA,
        "Berkas data daerah diunggah ke SEPAKAT dalam format ...",
        ("Templat Excel (.xlsx) SEPAKAT", "Foto dokumen", "Berkas Word", "Surat resmi"),
        0,
    ),
    Q(
        Topic.ANALYSIS,
        "P0 mengukur ...",
        (
            "Kedalaman kemiskinan",
            "Persentase penduduk miskin",
            "Keparahan kemiskinan",
            "Ketimpangan pendapatan",
        ),
        1,
    ),
    Q(
        Topic.ANALYSIS,
        "Indeks kedalaman kemiskinan (P1) menggambarkan ...",
        (
            "Jumlah penduduk miskin",
            "Rata-rata jarak pengeluaran penduduk miskin terhadap garis kemiskinan",
            "Pertumbuhan ekonomi",
            "Jumlah desa tertinggal",
        ),
        1,
    ),
    Q(
        Topic.ANALYSIS,
        "Analisis kuadran membandingkan indikator daerah dengan ...",
        (
            "Rata-rata provinsi atau nasional",
            "Target kepala daerah saja",
            "Data tahun depan",
            "Daerah di negara lain",
        ),
        0,
    ),
    Q(
        Topic.PRIORITISATION,
        "Masalah prioritas dipilih terutama berdasarkan ...",
        (
            "Usulan terbanyak dalam rapat",
            "Kesenjangan indikator dan trennya",
            "Besarnya anggaran tahun lalu",
            "Urutan abjad",
        ),
        1,
    ),
    Q(
        Topic.PRIORITISATION,
        "Lokasi prioritas ditentukan dengan melihat ...",
        (
            "Jumlah dan persentase rumah tangga miskin (desil 1-4)",
            "Luas wilayah saja",
            "Jumlah penduduk saja",
            "Jarak ke ibu kota",
        ),
        0,
    ),
    Q(
        Topic.PRIORITISATION,
        "Sasaran bantuan sosial dalam data registrasi adalah rumah tangga pada desil ...",
        ("1-4", "5-7", "8-10", "semua desil"),
        0,
    ),
    Q(
        Topic.PLANNING,
        "Pohon masalah menghubungkan masalah inti dengan ...",
        (
            "Penyebab dan akar masalah",
            "Daftar pegawai",
            "Jadwal rapat",
            "Nomor rekening belanja",
        ),
        0,
    ),
    Q(
        Topic.PLANNING,
        "Nomenklatur program dan kegiatan daerah mengikuti ...",
        ("Permendagri 90/2019", "UU Desa", "Perpres RPJMN", "Peraturan BPS"),
        0,
    ),
    Q(
        Topic.PLANNING,
        "Hasil perencanaan SEPAKAT diekspor sebagai masukan untuk ...",
        ("SIPD/SIPPD", "Sistem kepegawaian", "Sistem perizinan", "E-katalog"),
        0,
    ),
    Q(
        Topic.BUDGETING,
        "APBD lampiran IV merinci belanja menurut ...",
        (
            "Urusan, organisasi, program, kegiatan dan sub kegiatan",
            "Desa dan kelurahan",
            "Nama penerima bantuan",
            "Jenis pajak",
        ),
        0,
    ),
    Q(
        Topic.BUDGETING,
        "Belanja modal dicatat pada kode akun ...",
        ("5.1", "5.2", "5.3", "5.4"),
        1,
    ),
    Q(
        Topic.BUDGETING,
        "Penandaan anggaran kemiskinan berguna untuk ...",
        (
            "Mengetahui porsi belanja yang menyasar penanggulangan kemiskinan",
            "Menaikkan gaji pegawai",
            "Menghapus program",
            "Menghitung PAD",
        ),
        0,
    ),
    Q(
        Topic.MONITORING,
        "Capaian kinerja 91 % atau lebih termasuk kategori ...",
        ("Sangat tinggi", "Tinggi", "Sedang", "Rendah"),
        0,
    ),
    Q(
        Topic.MONITORING,
        "Dekomposisi Datt-Ravallion memisahkan perubahan kemiskinan menjadi efek ...",
        (
            "Pertumbuhan dan redistribusi",
            "Harga dan upah",
            "Desa dan kota",
            "Pusat dan daerah",
        ),
        0,
    ),
    Q(
        Topic.MONITORING,
        "Efek redistribusi yang lemah menunjukkan perlunya ...",
        (
            "Instrumen fiskal yang lebih berpihak pada penduduk miskin",
            "Menghentikan pendataan",
            "Mengurangi jumlah desa",
            "Menunda perencanaan",
        ),
        0,
    ),
)


@transaction.atomic
def load_starter_bank() -> int:
    """Add the starter questions that are not in the bank yet; returns how many were added."""
    existing = set(Question.objects.values_list("text", flat=True))
    new = [
        Question(topic=q.topic, text=q.text, choices=list(q.choices), correct=q.correct)
        for q in STARTER_BANK
        if q.text not in existing
    ]
    for question in new:
        question.full_clean()
    Question.objects.bulk_create(new)
    return len(new)
