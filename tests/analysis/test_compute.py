"""Compute from microdata: queued, run in the background, stored with SEs and provenance."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.analysis.models import ComputationRun, RunStatus
from sepakat.analytics import poverty_measures
from sepakat.datahub.microdata import analysis_path
from sepakat.datahub.models import Observation, ObservationStatus

pytestmark = pytest.mark.django_db
URL = reverse("analysis:compute")


def start(client, world, **extra):
    data = {"file": world["survey"].pk, "period": "2024", "lonely_psu": "adjust", "poor_if": "lt"}
    data.update(extra)
    return client.post(URL, data)


def test_a_province_admin_computes_and_the_values_appear(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    login_as(personas["hana"])
    page = client.get(URL)
    assert page.status_code == 200 and "Susenas uji 2024" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, world)
    run = ComputationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "analysis:run", args=[run.pk]
    )
    assert run.status == RunStatus.QUEUED

    partial = client.get(reverse("analysis:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert (
        'hx-trigger="every 1s"' in partial.content.decode()
        and "<progress" in partial.content.decode()
    )

    run_worker()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100
    # Two kab and the province (the file covers it), five measures each.
    assert run.stored == 15

    expected = (
        poverty_measures(
            str(analysis_path(world["survey"])),
            welfare="welfare",
            weight="weight",
            size="size",
            strata="strata",
            psu="psu",
            line_col="line",
            by=["kab"],
            measures=["fgt0"],
            lonely_psu="adjust",
        )
        .filter(measure="fgt0", kab="98.01")
        .row(0, named=True)
    )
    p0 = Observation.objects.get(indicator__code="KMS01", region__code="98.01", period="2024")
    assert p0.value == pytest.approx(expected["estimate"] * 100)
    assert p0.standard_error == pytest.approx(expected["se"] * 100)
    assert p0.status == ObservationStatus.VERIFIED
    assert p0.source == "Dihitung dari Susenas uji 2024"
    assert p0.provenance["run"] == run.pk and p0.provenance["by"] == "hana"
    assert p0.provenance["method"] == "sepakat.analytics.poverty_measures"
    assert p0.provenance["engine"] == "duckdb"
    assert Observation.objects.filter(
        region__code="98", indicator__code="KMS05", period="2024"
    ).exists()
    assert not Observation.objects.filter(region__code="ID", provenance__run=run.pk).exists()
    entry = LogEntry.objects.filter(changes__computation_run=[str(run.pk)]).get()
    assert entry.actor == personas["hana"]

    done = client.get(reverse("analysis:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    # The dashboard now shows the computed value with its interval.
    login_as(personas["alice"])
    db = client.get(reverse("analysis:dashboard")).context["db"]
    assert db.headline[0].value == pytest.approx(p0.value)
    assert db.headline[0].ci is not None


def test_a_locked_value_is_left_alone(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    Observation.objects.filter(indicator__code="KMS01", region__code="98.01", period="2024").update(
        locked=True
    )
    login_as(personas["hana"])
    with django_capture_on_commit_callbacks(execute=True):
        start(client, world)
    run_worker()
    run = ComputationRun.objects.get()
    assert run.skipped_locked == 1 and run.stored == 14
    assert (
        Observation.objects.get(indicator__code="KMS01", region__code="98.01", period="2024").value
        == 9.87
    )


def test_a_year_not_in_the_file_fails_and_writes_nothing(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    login_as(personas["hana"])
    before = Observation.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        start(client, world, period="2019")
    run_worker()
    run = ComputationRun.objects.get()
    assert run.status == RunStatus.FAILED and "2019" in run.error
    assert Observation.objects.count() == before


def test_bad_input_is_explained(client, world, personas, login_as):
    login_as(personas["hana"])
    response = start(client, world, period="20x4")
    assert response.status_code == 400
    assert "Tahun harus empat angka" in response.content.decode()
    assert not ComputationRun.objects.exists()


def test_who_may_compute(client, world, personas, login_as):
    for name in ("alice", "frank", "erin", "grace"):  # planner, viewer, operator, trainer
        login_as(personas[name])
        assert client.get(URL).status_code == 403, name
    # bob administers kab A; the file belongs to the province: he cannot see it.
    login_as(personas["bob"])
    assert client.get(URL).context["files"] == []
    assert start(client, world).status_code == 404
    login_as(personas["diana"])
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200


def test_a_run_is_only_visible_inside_its_region(
    client, world, personas, login_as, django_capture_on_commit_callbacks
):
    login_as(personas["hana"])
    with django_capture_on_commit_callbacks(execute=True):
        start(client, world)
    run = ComputationRun.objects.get()
    login_as(personas["bob"])
    assert client.get(reverse("analysis:run", args=[run.pk])).status_code == 404
