"""One error a user can correct, shown the same way by pages, commands and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from sepakat.core.errors import UserError, user_message


def test_it_puts_the_location_before_the_message_in_indonesian() -> None:
    exc = UserError("nilai bukan angka.", file="apbd.xlsx", sheet="Lampiran IV", row=3, column="B")
    with translation.override("id"):
        assert (
            user_message(exc)
            == "Berkas apbd.xlsx, lembar Lampiran IV, baris 3, kolom B: nilai bukan angka."
        )


def test_it_says_the_location_in_english_when_the_page_is_in_english() -> None:
    exc = UserError("value is not a number.", file="apbd.xlsx", row=3, column="B")
    with translation.override("en"):
        assert str(exc) == "File apbd.xlsx, row 3, column B: value is not a number."


def test_a_message_without_a_location_is_shown_as_it_is() -> None:
    exc = UserError("Nama profil wajib diisi.", field="name")
    assert str(exc) == "Nama profil wajib diisi."
    assert exc.field == "name"  # a form puts it next to its field


def test_several_messages_are_all_shown_each_with_the_location() -> None:
    exc = UserError(["Bobot kosong.", "Desil harus 1 sampai 10."], sheet="Data")
    with translation.override("id"):
        assert exc.located() == [
            "Lembar Data: Bobot kosong.",
            "Lembar Data: Desil harus 1 sampai 10.",
        ]
        assert str(exc) == "Lembar Data: Bobot kosong. Lembar Data: Desil harus 1 sampai 10."
    assert exc.messages == ["Bobot kosong.", "Desil harus 1 sampai 10."]


def test_it_takes_the_messages_of_a_model_validation() -> None:
    exc = UserError.from_validation(ValidationError(["Judul wajib diisi.", "Tanggal tidak sah."]))
    assert exc.messages == ["Judul wajib diisi.", "Tanggal tidak sah."]
    assert str(exc) == "Judul wajib diisi. Tanggal tidak sah."


def test_it_is_caught_where_a_value_error_was() -> None:
    with pytest.raises(ValueError, match="Token ini sudah dicabut"):
        raise UserError("Token ini sudah dicabut.")
