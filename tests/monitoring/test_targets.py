"""Targets from a file (all or nothing, row-precise) and from the approved plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sepakat.datahub.models import Indicator
from sepakat.monitoring.models import Target
from sepakat.monitoring.target_import import targets_import

HEADER = "tahun,jenis,kode_indikator,target,tahun_awal,nilai_awal,satuan,polaritas,sumber\n"


@pytest.fixture
def catalogue(regions: dict[str, Any]) -> Indicator:
    return Indicator.objects.create(
        code="UJI_P0",
        name_id="Persentase penduduk miskin uji",
        area="poverty",
        unit="%",
        polarity=-1,
    )


@pytest.mark.django_db
def test_a_good_file_writes_every_row(
    tmp_path: Path, personas: dict[str, Any], regions: dict[str, Any], catalogue: Indicator
) -> None:
    path = tmp_path / "target.csv"
    path.write_text(
        HEADER + '2025,rkpd,UJI_P0,"10,5",2024,11.2,,,RKPD 2025\n'
        "2026,rpjmd,UJI_P0,10,2024,11.2,,,RPJMD\n",
        encoding="utf-8",
    )
    result = targets_import(
        actor=personas["alice"], region=regions["kab_a"], path=path, file=path.name
    )
    assert result.ok, [str(p) for p in result.problems]
    assert result.created == 2
    target = Target.objects.get(kind="rkpd", year=2025)
    assert (target.value, target.polarity, target.unit) == (10.5, -1, "%")


@pytest.mark.django_db
def test_a_bad_row_stops_the_whole_file_with_row_and_column(
    tmp_path: Path, personas: dict[str, Any], regions: dict[str, Any], catalogue: Indicator
) -> None:
    path = tmp_path / "target.csv"
    path.write_text(
        HEADER + "2025,rkpd,UJI_P0,10,,,,,\n"
        "2025,rkpd,TIDAK_ADA,10,,,,,\n"
        "2025,renstra,UJI_P0,abc,,,,,\n",
        encoding="utf-8",
    )
    result = targets_import(
        actor=personas["alice"], region=regions["kab_a"], path=path, file=path.name
    )
    assert not result.ok
    messages = [str(p) for p in result.problems]
    assert any("baris 3" in m and "kolom C" in m and "TIDAK_ADA" in m for m in messages)
    assert any("baris 4" in m and "kolom D" in m for m in messages)
    assert not Target.objects.exists()
    # a viewer may not import at all
    viewer = targets_import(
        actor=personas["frank"], region=regions["kab_a"], path=path, file=path.name
    )
    assert not viewer.ok and "tidak berhak" in str(viewer.problems[0])


def test_the_command_line_sends_target_actions_to_their_command() -> None:
    from sepakat.cli import _django_argv

    assert _django_argv(["monitor", "targets-import", "98.01", "t.csv"]) == [
        "monitor_targets",
        "targets-import",
        "98.01",
        "t.csv",
    ]
    assert _django_argv(["monitor", "98.01", "--year", "2025"])[0] == "monitor"


@pytest.mark.django_db
def test_the_import_command_refuses_a_bad_file_and_saves_nothing(
    tmp_path: Path, regions: dict[str, Any], catalogue: Indicator
) -> None:
    import io

    from django.core.management import CommandError, call_command

    path = tmp_path / "target.csv"
    path.write_text(HEADER + "dua ribu,rkpd,UJI_P0,10,,,,,\n", encoding="utf-8")
    errors = io.StringIO()
    with pytest.raises(CommandError, match="tidak ada yang disimpan"):
        call_command("monitor_targets", "targets-import", "98.01", str(path), stderr=errors)
    assert "baris 2" in errors.getvalue() and "kolom A" in errors.getvalue()
    assert not Target.objects.exists()
    path.write_text(HEADER + "2025,rkpd,UJI_P0,10,,,,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("monitor_targets", "targets-import", "98.01", str(path), stdout=out)
    assert Target.objects.get().value == 10.0


@pytest.mark.django_db
def test_a_doubled_column_title_is_refused_naming_both_letters(
    tmp_path: Path, personas: dict[str, Any], regions: dict[str, Any], catalogue: Indicator
) -> None:
    path = tmp_path / "target.csv"
    path.write_text(HEADER.strip() + ",target\n2025,rkpd,UJI_P0,10,,,,,,12\n", encoding="utf-8")
    result = targets_import(
        actor=personas["alice"], region=regions["kab_a"], path=path, file=path.name
    )
    assert not result.ok and not Target.objects.exists()
    assert "Judul kolom 'target' muncul dua kali" in result.problems[0].message
    assert "(kolom D dan J)" in result.problems[0].message
