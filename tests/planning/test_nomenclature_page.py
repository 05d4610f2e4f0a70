from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from sepakat.planning.nomenclature import nomenclature_import
from sepakat.planning.skpd import skpd_import
from tests.planning.conftest import NOMENCLATURE_CSV

pytestmark = pytest.mark.django_db
URL = "/perencanaan/nomenklatur/"


@pytest.fixture
def versions(write_file: Callable[[str, str], Path]) -> dict[str, Any]:
    old, _ = nomenclature_import(
        path=write_file("a.csv", NOMENCLATURE_CSV),
        file="a.csv",
        version_name="Versi 2021",
        in_force_from=date(2022, 1, 1),
    )
    text = NOMENCLATURE_CSV.replace("Dana BOS Sekolah Dasar", "Dana BOS SD Baru")
    new, _ = nomenclature_import(
        path=write_file("b.csv", text),
        file="b.csv",
        version_name="Versi 2024",
        in_force_from=date(2024, 1, 1),
    )
    return {"old": old, "new": new}


def test_the_url_is_under_perencanaan() -> None:
    assert reverse("planning:nomenclature") == URL


@pytest.mark.parametrize("name", ["alice", "bob", "frank", "diana", "grace", "hana"])
def test_cycle_roles_read_the_version_in_force(
    personas: dict[str, Any], login_as: Callable[[Any], Any], versions: dict[str, Any], name: str
) -> None:
    client = login_as(personas[name])
    response = client.get(URL, {"tingkat": ""})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Versi yang berlaku: Versi 2024" in text
    assert "Pengelolaan Dana BOS SD Baru" in text and "Jumlah Satuan Pendidikan SD" in text


def test_a_data_operator_may_not_and_a_visitor_must_log_in(
    personas: dict[str, Any], login_as: Callable[[Any], Any], client: Any, versions: dict[str, Any]
) -> None:
    anonymous = client.get(URL)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
    response = login_as(personas["erin"]).get(URL)
    assert response.status_code == 403
    assert b"Pengelolaan Dana BOS" not in response.content


def test_a_kab_planner_sees_the_kab_kota_list_by_default(
    personas: dict[str, Any], login_as: Callable[[Any], Any], versions: dict[str, Any]
) -> None:
    text = login_as(personas["alice"]).get(URL).content.decode()
    assert "1.01.02.2.01.0025" in text
    assert "1.01.02.1.01.0025" not in text  # upper-secondary schooling is the province's
    province = login_as(personas["hana"]).get(URL).content.decode()
    assert "1.01.02.1.01.0025" in province and "1.01.02.2.01.0025" not in province


def test_search_by_code_or_words(
    personas: dict[str, Any], login_as: Callable[[Any], Any], versions: dict[str, Any]
) -> None:
    client = login_as(personas["alice"])
    by_code = client.get(URL, {"q": "1.01.02.1", "tingkat": ""}).content.decode()
    assert "1.01.02.1.01.0025" in by_code and "1.01.02.2.01.0025" not in by_code
    by_words = client.get(URL, {"q": "gaji asn", "tingkat": ""}).content.decode()
    assert "X.XX.01.2.02.0001" in by_words and "1.01.02.2.01.0025" not in by_words
    none = client.get(URL, {"q": "jembatan"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Tidak ada butir nomenklatur yang cocok" in none and "<html" not in none


def test_an_older_version_stays_readable(
    personas: dict[str, Any], login_as: Callable[[Any], Any], versions: dict[str, Any]
) -> None:
    response = login_as(personas["alice"]).get(URL, {"versi": versions["old"].pk})
    text = response.content.decode()
    assert "bukan versi yang berlaku hari ini" in text
    assert "Pengelolaan Dana BOS Sekolah Dasar" in text and "SD Baru" not in text


def test_the_skpd_list_is_the_region_own(
    personas: dict[str, Any],
    login_as: Callable[[Any], Any],
    regions: dict[str, Any],
    write_file: Callable[[str, str], Path],
) -> None:
    path = write_file("s.csv", "kode,nama\n1.02.0.00.0.00.01.0000,Dinas Kesehatan Alfa\n")
    skpd_import(region=regions["kab_a"], path=path, file="s.csv")
    url = reverse("planning:skpd_list", args=["98.01"])
    own = login_as(personas["alice"]).get(url)
    assert own.status_code == 200 and "Dinas Kesehatan Alfa" in own.content.decode()
    province = login_as(personas["hana"]).get(url)
    assert "Dinas Kesehatan Alfa" in province.content.decode()
    outsider = login_as(personas["charlie"]).get(url)
    assert outsider.status_code == 404 and b"Dinas Kesehatan Alfa" not in outsider.content
    assert login_as(personas["erin"]).get(url).status_code == 403


def test_the_page_links_the_own_skpd_list_and_its_queries_are_pinned(
    personas: dict[str, Any],
    login_as: Callable[[Any], Any],
    versions: dict[str, Any],
    django_assert_num_queries: Any,
) -> None:
    client = login_as(personas["alice"])
    client.get(URL)  # the session and user are loaded and cached by the first request
    with django_assert_num_queries(7):
        response = client.get(URL, {"q": "dana", "tingkat": ""})
    assert reverse("planning:skpd_list", args=["98.01"]) in response.content.decode()
    central = login_as(personas["diana"]).get(URL).content.decode()
    assert "/perencanaan/skpd/" not in central


def test_another_region_reads_the_same_national_list_but_links_only_its_own_skpd(
    personas: dict[str, Any], login_as: Callable[[Any], Any], versions: dict[str, Any]
) -> None:
    text = login_as(personas["charlie"]).get(URL).content.decode()
    assert "Pengelolaan Dana BOS SD Baru" in text
    assert reverse("planning:skpd_list", args=["98.02"]) in text
    assert reverse("planning:skpd_list", args=["98.01"]) not in text


def test_the_skpd_page_queries_are_pinned(
    personas: dict[str, Any],
    login_as: Callable[[Any], Any],
    regions: dict[str, Any],
    write_file: Callable[[str, str], Path],
    django_assert_num_queries: Any,
) -> None:
    rows = "".join(f"1.0{n}.0.00.0.00.01.0000,Dinas {n}\n" for n in range(1, 7))
    skpd_import(
        region=regions["kab_a"], path=write_file("s.csv", "kode,nama\n" + rows), file="s.csv"
    )
    client = login_as(personas["alice"])
    url = reverse("planning:skpd_list", args=["98.01"])
    client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count("<tr><td><code>") == 6
