"""The indicator catalogue: national indicators for all, a region's own only for that region."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sepakat.datahub.models import (
    Area,
    DataRequirement,
    Indicator,
    IndicatorKind,
    Observation,
    Polarity,
    Submission,
)
from sepakat.datahub.selectors import readiness_for_region

pytestmark = pytest.mark.django_db

NEW = {
    "code": "dd01",
    "name_id": "Jumlah posyandu aktif",
    "name_en": "Active posyandu",
    "area": Area.HEALTH,
    "unit": "unit",
    "polarity": Polarity.HIGHER_IS_BETTER,
    "kind": IndicatorKind.COUNT,
    "decimals": 0,
    "definition": "",
    "source": "Dinas Kesehatan",
    "min_value": "0",
    "max_value": "",
    "levels": ["kecamatan", "kabupaten_kota"],
}


def test_a_kab_admin_adds_an_indicator_only_its_region_sees(client, personas, login_as, dataset):
    login_as(personas["bob"])
    response = client.post(reverse("datahub:indicator_new"), NEW)
    indicator = Indicator.objects.get(code="DD01")
    assert response["Location"] == reverse("datahub:indicator", args=[indicator.pk])
    assert indicator.owner_region == personas["bob"].region
    assert indicator.kind == IndicatorKind.COUNT and indicator.is_extensive

    login_as(personas["alice"])
    assert "Jumlah posyandu aktif" in client.get(reverse("datahub:catalogue")).content.decode()
    login_as(personas["charlie"])
    assert "Jumlah posyandu aktif" not in client.get(reverse("datahub:catalogue")).content.decode()
    assert client.get(reverse("datahub:indicator", args=[indicator.pk])).status_code == 404


def test_a_central_admin_adds_to_the_national_catalogue(client, personas, login_as, dataset):
    login_as(personas["diana"])
    client.post(reverse("datahub:indicator_new"), NEW)
    assert Indicator.objects.get(code="DD01").owner_region is None


def test_a_code_already_in_the_catalogue_is_refused(client, personas, login_as, dataset):
    login_as(personas["bob"])
    response = client.post(reverse("datahub:indicator_new"), {**NEW, "code": "KES01"})
    assert "sudah dipakai" in response.content.decode()
    assert Indicator.objects.filter(code="KES01").count() == 1


@pytest.mark.parametrize("persona", ["alice", "erin", "frank"])
def test_other_roles_cannot_add_indicators(client, personas, login_as, dataset, persona):
    login_as(personas[persona])
    assert client.post(reverse("datahub:indicator_new"), NEW).status_code == 403
    assert not Indicator.objects.filter(code="DD01").exists()


def test_indicator_values_shown_are_verified_and_in_the_users_region(
    client, personas, login_as, dataset, regions
):
    indicator = Indicator.objects.get(code="KES01")
    Observation.objects.create(
        indicator=indicator, region=regions["kec_a"], period="2024", value=91.25, status="verified"
    )
    Observation.objects.create(
        indicator=indicator, region=regions["kec_b"], period="2024", value=77.5, status="verified"
    )
    Observation.objects.create(
        indicator=indicator, region=regions["kec_a"], period="2023", value=66.75, status="draft"
    )
    login_as(personas["alice"])
    html = client.get(reverse("datahub:indicator", args=[indicator.pk])).content.decode()
    assert "91" in html and "77.5" not in html and "77,5" not in html
    assert "66" not in html  # drafts are not analysis data


def test_readiness_follows_the_latest_submission_and_the_due_date(personas, dataset, regions):
    today = dt.date(2026, 3, 10)
    DataRequirement.objects.create(
        region=regions["kab_a"],
        dataset=dataset,
        due_date=dt.date(2026, 3, 1),
        reason="Pelatihan model I",
    )
    rows = {r.dataset.code: r for r in readiness_for_region(regions["kab_a"], today=today)}
    assert rows["profil-kesehatan"].status == "none"
    assert rows["profil-kesehatan"].late
    assert not rows["profil-pendidikan"].late  # no due date

    Submission.objects.create(
        dataset=dataset, region=regions["kab_a"], created_by=personas["erin"], status="submitted"
    )
    rows = {r.dataset.code: r for r in readiness_for_region(regions["kab_a"], today=today)}
    assert rows["profil-kesehatan"].status == "submitted"
    assert not rows["profil-kesehatan"].late


def test_the_readiness_overview_is_for_reviewers_only(client, personas, login_as, dataset, regions):
    DataRequirement.objects.create(
        region=regions["kab_b"], dataset=dataset, due_date=dt.date(2026, 3, 1)
    )
    login_as(personas["diana"])
    assert "Kabupaten Beta" in client.get(reverse("datahub:readiness")).content.decode()
    login_as(personas["bob"])
    assert "Kabupaten Beta" not in client.get(reverse("datahub:readiness")).content.decode()
    login_as(personas["alice"])
    assert client.get(reverse("datahub:readiness")).status_code == 403


def test_the_catalogue_and_data_pages_use_a_fixed_number_of_queries(
    client, personas, login_as, dataset, django_assert_max_num_queries
):
    for i in range(40):
        Indicator.objects.create(
            code=f"X{i:02d}",
            name_id=f"Indikator {i}",
            area=Area.POVERTY,
            unit="%",
            polarity=Polarity.LOWER_IS_BETTER,
        )
    login_as(personas["bob"])
    with django_assert_max_num_queries(12):
        client.get(reverse("datahub:catalogue"))
    with django_assert_max_num_queries(20):
        client.get(reverse("datahub:index"))


def test_the_central_admin_edits_a_national_indicator_and_the_change_is_audited(
    client, personas, login_as, dataset
):
    from auditlog.models import LogEntry

    indicator = Indicator.objects.get(code="KES01")
    login_as(personas["diana"])
    data = {
        **NEW,
        "code": "XXX",
        "name_id": "Persalinan ditolong tenaga kesehatan",
        "area": Area.HEALTH,
    }
    response = client.post(reverse("datahub:indicator_edit", args=[indicator.pk]), data)
    assert response["Location"] == reverse("datahub:indicator", args=[indicator.pk])
    indicator.refresh_from_db()
    assert indicator.code == "KES01"  # the code never changes
    assert indicator.name_id == "Persalinan ditolong tenaga kesehatan"
    entry = LogEntry.objects.get_for_object(indicator).latest("timestamp")
    assert entry.changes_dict["name_id"][1] == "Persalinan ditolong tenaga kesehatan"


def test_a_regional_admin_edits_only_its_own_indicators(client, personas, login_as, dataset):
    login_as(personas["bob"])
    national = Indicator.objects.get(code="KES01")
    assert client.get(reverse("datahub:indicator_edit", args=[national.pk])).status_code == 403
    client.post(reverse("datahub:indicator_new"), NEW)
    own = Indicator.objects.get(code="DD01")
    response = client.post(
        reverse("datahub:indicator_edit", args=[own.pk]), {**NEW, "name_id": "Posyandu aktif"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name_id == "Posyandu aktif"
    login_as(personas["alice"])
    assert client.get(reverse("datahub:indicator_edit", args=[own.pk])).status_code == 403
    from sepakat.accounts.services import totp_device_create, user_create
    from sepakat.core.roles import Role

    admin_b = user_create(
        username="admin-b",
        password=None,
        role=Role.REGIONAL_ADMIN,
        region=personas["charlie"].region,
    )
    totp_device_create(user=admin_b)
    login_as(admin_b)
    assert client.get(reverse("datahub:indicator_edit", args=[own.pk])).status_code == 404


def test_an_indicator_page_names_its_bidang_urusan_and_agency(client, personas, login_as, dataset):
    indicator = Indicator.objects.get(code="KES01")
    login_as(personas["alice"])
    html = client.get(reverse("datahub:indicator", args=[indicator.pk])).content.decode()
    assert "Pelayanan dasar: Kesehatan" in html
    assert "1.02" in html and "Dinas Kesehatan" in html
    assert indicator.urusan[0] == "1.02, 2.09"
