"""Importing an official priority-location list from a CSV of desa codes: upload, preview,
confirm; every bad row named with its row and column, and nothing written on error."""

from __future__ import annotations

import base64

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sepakat.priorities.models import PriorityLocationEntry, PriorityLocationList

pytestmark = pytest.mark.django_db

URL = reverse("priorities:location_list_import")
FIELDS = {
    "wilayah": "98.01",
    "nama": "Lokus stunting",
    "tahun": "2025",
    "sumber": "SK Bupati 7/2025",
}


def _upload(client, text: str, name: str = "lokus.csv", **fields):
    data = {**FIELDS, **fields, "langkah": "pratinjau"}
    data["berkas"] = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(URL, data)


def test_upload_preview_confirm_writes_the_list_and_its_audit(client, places, personas, login_as):
    login_as(personas["alice"])
    preview = _upload(client, "kode_desa;nama\n98.01.01.2001;Satu\n9801022002;Empat\n\n")
    assert preview.status_code == 200
    assert [d.code for d in preview.context["preview"].desa] == ["98.01.01.2001", "98.01.02.2002"]
    assert PriorityLocationList.objects.count() == 0  # a preview writes nothing
    html = preview.content.decode()
    assert "Pratinjau: 2 desa" in html and 'value="simpan"' in html
    confirm = client.post(
        URL,
        {
            **FIELDS,
            "langkah": "simpan",
            "isi": preview.context["content"],
            "nama_berkas": "lokus.csv",
        },
    )
    created = PriorityLocationList.objects.get()
    assert confirm.status_code == 302 and confirm["Location"].startswith(
        reverse("priorities:location_list", args=[created.pk])
    )
    assert (
        created.name,
        created.year,
        created.region.code,
        created.source,
        created.created_by,
    ) == (
        "Lokus stunting",
        2025,
        "98.01",
        "SK Bupati 7/2025",
        personas["alice"],
    )
    assert sorted(created.entries.values_list("desa__code", flat=True)) == [
        "98.01.01.2001",
        "98.01.02.2002",
    ]
    entry = LogEntry.objects.latest("timestamp")
    assert entry.actor == personas["alice"]
    assert entry.changes["event"] == "priority_location_list_imported"
    assert entry.changes["desa"] == 2 and entry.changes["file"] == "lokus.csv"


def test_bad_rows_are_each_named_and_nothing_is_written(client, places, personas, login_as):
    login_as(personas["alice"])
    text = (
        "kode_desa\n"
        "98.01.01.2001\n"  # row 2: fine
        "98.01.01.2999\n"  # row 3: unknown
        "98.02.01.2001\n"  # row 4: kab B's desa
        "98.01.01.2001\n"  # row 5: repeats row 2
        "98.01.01\n"  # row 6: a kecamatan code
        "\n"
        ",\n"  # a blank row: skipped
        "abc\n"  # row 9
    )
    response = _upload(client, text, name="lokus-salah.csv")
    errors = response.context["errors"]
    assert errors == [
        "lokus-salah.csv, baris 3, kolom kode_desa: kode 98.01.01.2999 tidak dikenal di daftar "
        "wilayah SEPAKAT. Periksa kodenya dengan Permendagri kode wilayah.",
        "lokus-salah.csv, baris 4, kolom kode_desa: 98.02.01.2001 (Lima) berada di luar "
        "Kabupaten Alfa. Hapus baris ini atau impor daftar di wilayahnya.",
        "lokus-salah.csv, baris 5, kolom kode_desa: kode 98.01.01.2001 sudah ada di baris 2. "
        "Hapus salah satunya.",
        "lokus-salah.csv, baris 6, kolom kode_desa: 98.01.01 bukan kode desa Kemendagri. Tulis "
        "kode 10 angka seperti 32.01.01.2001.",
        "lokus-salah.csv, baris 9, kolom kode_desa: abc bukan kode desa Kemendagri. Tulis kode "
        "10 angka seperti 32.01.01.2001.",
    ]
    assert 'id="errors"' in response.content.decode()
    # the confirm step checks again: a forged confirmation writes nothing either
    forged = client.post(
        URL,
        {
            **FIELDS,
            "langkah": "simpan",
            "isi": base64.b64encode(text.encode()).decode(),
            "nama_berkas": "x.csv",
        },
    )
    assert "baris 3" in forged.content.decode()
    assert PriorityLocationList.objects.count() == 0 and PriorityLocationEntry.objects.count() == 0


def test_the_header_and_the_fields_are_checked(client, places, personas, login_as):
    login_as(personas["alice"])
    response = _upload(client, "desa\n98.01.01.2001\n", nama="", tahun="25", sumber="")
    errors = response.context["errors"]
    assert 'Nama daftar wajib diisi, misalnya "Lokus stunting".' in errors
    assert "Tahun daftar wajib diisi dengan empat angka, misalnya 2025." in errors
    assert any(e.startswith("Sumber wajib diisi") for e in errors)
    assert any(
        e.startswith("Berkas lokus.csv, baris 1: tidak ada kolom kode_desa.") for e in errors
    )
    not_utf8 = client.post(
        URL,
        {
            **FIELDS,
            "langkah": "pratinjau",
            "berkas": SimpleUploadedFile("lokus.csv", "kode_desa\nDésa\n".encode("latin-1")),
        },
    )
    assert "bukan teks UTF-8" in not_utf8.context["errors"][0]
    assert PriorityLocationList.objects.count() == 0


def test_the_same_name_and_year_cannot_be_imported_twice(client, places, personas, login_as):
    PriorityLocationList.objects.create(
        name="Lokus stunting", year=2025, region=places["kab_a"], source="SK lama"
    )
    login_as(personas["bob"])
    response = _upload(client, "kode_desa\n98.01.01.2001\n")
    assert response.context["errors"] == [
        "Daftar Lokus stunting tahun 2025 sudah ada untuk Kabupaten Alfa. Pakai nama lain."
    ]
    assert PriorityLocationEntry.objects.count() == 0


def test_an_outsider_cannot_import_into_another_region(client, places, personas, login_as):
    login_as(personas["charlie"])
    response = _upload(client, "kode_desa\n98.01.01.2001\n")
    assert response.status_code == 404
    assert PriorityLocationList.objects.count() == 0


@pytest.mark.parametrize("who", ["frank", "erin"])
def test_viewers_and_data_operators_cannot_import(client, places, personas, login_as, who):
    login_as(personas[who])
    assert _upload(client, "kode_desa\n98.01.01.2001\n").status_code == 403
    assert PriorityLocationList.objects.count() == 0


def test_the_lists_page_shows_the_regions_lists_only(client, places, personas, login_as):
    PriorityLocationList.objects.create(
        name="Lokus stunting", year=2025, region=places["kab_a"], source="SK 1"
    )
    PriorityLocationList.objects.create(
        name="Lokus Beta", year=2025, region=places["kab_b"], source="SK 2"
    )
    login_as(personas["frank"])
    page = client.get(reverse("priorities:location_lists"))
    html = page.content.decode()
    assert "Lokus stunting" in html and "Lokus Beta" not in html
    assert "Impor daftar dari CSV" not in html  # a viewer reads only
    assert client.get(reverse("priorities:location_lists"), {"wilayah": "98.02"}).status_code == 404
    login_as(personas["alice"])
    assert (
        "Impor daftar dari CSV" in client.get(reverse("priorities:location_lists")).content.decode()
    )


KAB_A_DESA = ["98.01.01.2001", "98.01.01.2002", "98.01.02.2001", "98.01.02.2002"]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    chosen=st.lists(st.sampled_from(KAB_A_DESA), min_size=1, max_size=4, unique=True),
    undotted=st.lists(st.booleans(), min_size=4, max_size=4),
    delimiter=st.sampled_from([",", ";"]),
    junk=st.one_of(st.none(), st.text(alphabet="0123456789.x", min_size=1, max_size=12)),
    at=st.integers(min_value=0, max_value=4),
)
def test_the_preview_finds_exactly_the_desa_written_and_names_the_bad_row(
    places, personas, chosen, undotted, delimiter, junk, at
):
    """Any order, dotted or undotted codes, comma or semicolon: the preview finds exactly
    the desa written; one bad row among them is reported with its own row number."""
    from sepakat.priorities.services_places import location_list_preview
    from sepakat.regions.codes import normalise_kemendagri_code

    written = [c.replace(".", "") if u else c for c, u in zip(chosen, undotted, strict=False)]
    rows = [f"{code}{delimiter}catatan" for code in written]
    bad_row = None
    if junk is not None and junk.replace(".", "") not in {c.replace(".", "") for c in chosen}:
        position = min(at, len(rows))
        rows.insert(position, f"{junk}{delimiter}catatan")
        bad_row = position + 2  # the header is row 1
    text = f"kode_desa{delimiter}keterangan\n" + "\n".join(rows) + "\n"
    preview = location_list_preview(
        user=personas["alice"],
        region=places["kab_a"],
        name="Lokus uji",
        year=2025,
        source="SK",
        content=text.encode(),
        filename="lokus.csv",
    )
    junk_code = normalise_kemendagri_code(junk) if bad_row is not None else None
    if bad_row is None or junk_code in KAB_A_DESA:
        assert preview.errors == [] and sorted(d.code for d in preview.desa) == sorted(
            set(chosen) | ({junk_code} if junk_code in KAB_A_DESA else set())
        )
    else:
        assert len(preview.errors) == 1
        assert preview.errors[0].startswith(f"lokus.csv, baris {bad_row}, kolom kode_desa: ")
        assert sorted(d.code for d in preview.desa) == sorted(chosen)
    assert PriorityLocationList.objects.count() == 0
