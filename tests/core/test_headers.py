"""The shared check for a header row that names one column twice."""

from __future__ import annotations

from sepakat.core.headers import Doubled, column_letter, doubled_title


def test_it_names_the_title_and_both_positions_as_excel_letters() -> None:
    found = doubled_title(["kode", "nama", "", "tahun", "nama"])
    assert found == Doubled(title="nama", first=1, second=4)
    assert (found.first_letter, found.second_letter) == ("B", "E")


def test_blank_titles_and_distinct_titles_pass() -> None:
    assert doubled_title(["kode", "", "nama", "", " "]) is None


def test_titles_are_compared_the_way_the_reader_compares_them() -> None:
    assert doubled_title(["Nama", "nama"]) is None
    found = doubled_title(["Nama", "x", "nama "], key=lambda t: t.strip().lower())
    assert found is not None and (found.title, found.second_letter) == ("nama", "C")


def test_letters_go_past_z_as_in_excel() -> None:
    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
