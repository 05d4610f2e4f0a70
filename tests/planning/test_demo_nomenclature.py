from __future__ import annotations

from typing import Any

import pytest

from sepakat.demo import apbd
from sepakat.demo.nomenclature import (
    DEMO_VERSION_NAME,
    demo_items,
    demo_skpds,
    ensure_demo_nomenclature,
    ensure_demo_skpds,
)
from sepakat.planning.checks import check_level, check_sub_kegiatan_in_force
from sepakat.planning.models import NomenclatureItem, NomenclatureVersion, Skpd
from sepakat.planning.selectors import catalogue_in_force
from sepakat.regions.models import Level

pytestmark = pytest.mark.django_db


def test_every_apbd_line_of_the_demo_passes_the_checks_at_its_level() -> None:
    ensure_demo_nomenclature()
    from datetime import date

    on = date(2025, 1, 1)
    catalogue = catalogue_in_force(on)
    assert catalogue is not None and catalogue.version_name == DEMO_VERSION_NAME
    for is_province, level in ((True, Level.PROVINCE), (False, Level.REGENCY)):
        for item in apbd.catalogue(is_province=is_province):
            code = apbd.sub_kegiatan_code(item, is_province=is_province)
            assert check_sub_kegiatan_in_force(code=code, catalogue=catalogue, on=on) is None
            entry = catalogue.find(code)
            assert entry is not None and check_level(entry=entry, region_level=level) is None
            assert entry.indicator and entry.unit


def test_the_subset_covers_the_poverty_sectors_at_both_levels() -> None:
    items = demo_items()
    subs = [i for i in items if i.kind == "sub_kegiatan"]
    bidang = {i.code.rsplit(".", 4)[0] for i in subs}
    for code in ("1.01", "1.02", "1.03", "1.04", "1.06", "2.07", "2.12", "2.13"):
        assert code in bidang, code
    assert {i.level for i in subs} == {"provinsi", "kabkota"}
    # upper-secondary schooling is the province's only
    sma = [i for i in subs if "Sekolah Menengah Atas" in i.name]
    assert sma and all(i.level == "provinsi" for i in sma)
    assert len({i.code for i in items}) == len(items)


def test_a_rebuild_gives_the_same_rows_and_no_duplicates(regions: dict[str, Any]) -> None:
    first = ensure_demo_nomenclature()
    ids = set(NomenclatureItem.objects.values_list("pk", flat=True))
    assert ensure_demo_nomenclature() == first
    assert set(NomenclatureItem.objects.values_list("pk", flat=True)) == ids
    assert NomenclatureVersion.objects.count() == 1
    by_code = {r.code: r for r in regions.values()}
    ensure_demo_skpds(by_code)
    ensure_demo_skpds(by_code)
    # province and two kab get the list; the nation and kecamatan do not
    assert Skpd.objects.count() == 3 * len(demo_skpds())
    codes = set(Skpd.objects.filter(region=regions["kab_a"]).values_list("code", flat=True))
    assert {s.code() for s in apbd.SKPDS} <= codes
