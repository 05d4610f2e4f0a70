"""Compute from microdata: queued, run in the background, stored with SEs and provenance."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.analysis.models import ComputationRun, RunStatus
from sepakat.analytics import poverty_measures
from sepakat.datahub import verification
from sepakat.datahub.microdata import analysis_path
from sepakat.datahub.models import (
    MicrodataFile,
    Observation,
    ObservationStatus,
    Submission,
    SubmissionStatus,
)

pytestmark = pytest.mark.django_db
URL = reverse("analysis:compute")


def start(client, world, **extra):
    data = {"file": world["survey"].pk, "period": "2024", "lonely_psu": "adjust", "poor_if": "lt"}
    data.update(extra)
    return client.post(URL, data)


def _computed(run_worker, client, world, personas, login_as, capture, **extra):
    """hana (the province's admin) computes; the job runs; the run is returned."""
    login_as(personas["hana"])
    with capture(execute=True):
        start(client, world, **extra)
    run_worker()
    return ComputationRun.objects.select_related("submission").get()


def test_a_computation_makes_a_draft_beside_the_verified_values(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    login_as(personas["hana"])
    page = client.get(URL)
    assert page.status_code == 200 and "Susenas uji 2024" in page.content.decode()
    before = dict(Observation.objects.filter(period="2024").values_list("pk", "value"))
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
    # Two kab and the province (the file covers it), five measures each, all in a draft.
    assert run.stored == 15
    submission = run.submission
    assert submission is not None
    assert submission.status == SubmissionStatus.DRAFT
    assert submission.region == world["survey"].region and submission.created_by == personas["hana"]
    assert submission.values.count() == 15
    # Nothing verified has moved.
    assert dict(Observation.objects.filter(period="2024").values_list("pk", "value")) == before
    assert not Observation.objects.filter(provenance__run=run.pk).exists()

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
    p0 = submission.values.get(indicator__code="KMS01", region__code="98.01")
    assert p0.value == pytest.approx(expected["estimate"] * 100)
    assert p0.standard_error == pytest.approx(expected["se"] * 100)
    assert p0.previous_value == 9.87  # the verified value, shown beside
    assert submission.provenance["run"] == run.pk and submission.provenance["by"] == "hana"
    assert submission.provenance["method"] == "sepakat.analytics.poverty_measures"
    entry = LogEntry.objects.filter(changes__computation_run=[str(run.pk)]).get()
    assert entry.actor == personas["hana"]
    assert entry.changes["submission"] == [str(submission.pk)]

    done = client.get(reverse("analysis:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    html = client.get(reverse("analysis:run", args=[run.pk])).content.decode()
    assert reverse("datahub:submission", args=[submission.pk]) in html
    assert "Nilai terverifikasi saat ini" in html
    listing = client.get(URL).content.decode()
    assert reverse("datahub:submission", args=[submission.pk]) in listing and "draf" in listing

    # The province's admin submits and verifies it like any upload.
    action = "datahub:submission_action"
    assert client.post(reverse(action, args=[submission.pk, "ajukan"])).status_code == 302
    page = client.get(reverse("datahub:submission", args=[submission.pk])).content.decode()
    assert "Galat baku" in page and "Dihitung dari berkas survei Susenas uji 2024" in page
    unreliable = [v for v in submission.values.all() if v.is_unreliable]
    reliable = [v for v in submission.values.all() if not v.is_unreliable]
    assert unreliable and reliable, "the test survey has estimates on both sides of 25 %"
    assert page.count("data-unreliable") == len(unreliable)
    assert client.post(reverse(action, args=[submission.pk, "verifikasi"])).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED
    published = Observation.objects.filter(provenance__run=run.pk)
    assert published.count() == len(reliable)
    value = reliable[0]
    obs = published.get(indicator=value.indicator, region=value.region)
    assert obs.value == pytest.approx(value.value)
    assert obs.standard_error == pytest.approx(value.standard_error)
    assert obs.status == ObservationStatus.VERIFIED and obs.locked
    assert obs.source == "Dihitung dari Susenas uji 2024"
    assert obs.provenance["engine"] == "duckdb" and obs.provenance["verified_by"] == "hana"
    held = unreliable[0]
    assert not published.filter(indicator=held.indicator, region=held.region).exists()
    verified = LogEntry.objects.filter(changes__step="verified").get()
    assert len(verified.changes["held_back"]) == len(unreliable)


def test_unreliable_estimates_are_published_only_with_a_reason(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    run = _computed(
        run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
    )
    submission = run.submission
    verification.submit(submission=submission, user=personas["hana"])
    unreliable = [v for v in submission.values.all() if v.is_unreliable]
    response = client.post(
        reverse("datahub:submission_action", args=[submission.pk, "verifikasi"]),
        {"unreliable_reason": "Sama dengan rilis BPS kabupaten; dipakai dengan catatan."},
    )
    assert response.status_code == 302
    assert Observation.objects.filter(provenance__run=run.pk).count() == 15
    held = unreliable[0]
    obs = Observation.objects.get(indicator=held.indicator, region=held.region, period="2024")
    assert obs.provenance["unreliable_reason"].startswith("Sama dengan rilis BPS")
    assert obs.provenance["cv"] > 0.25
    submission.refresh_from_db()
    assert submission.unreliable_reason.startswith("Sama dengan rilis BPS")
    entry = LogEntry.objects.filter(changes__step="verified").get()
    assert entry.changes["held_back"] == [] and entry.changes["unreliable_reason"]
    page = client.get(reverse("datahub:submission", args=[submission.pk])).content.decode()
    assert "Perkiraan kurang andal diterbitkan dengan alasan" in page


def test_computed_values_have_no_template_to_send(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    run = _computed(
        run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
    )
    dataset = run.submission.dataset
    assert dataset.code == "hitung-mikrodata-kemiskinan" and dataset.kind == "computed"
    assert client.get(reverse("datahub:template_blank", args=[dataset.code])).status_code == 404
    assert client.get(reverse("datahub:template", args=[dataset.code])).status_code == 404
    form = client.get(reverse("datahub:upload_new")).context["form"]
    assert dataset not in form.fields["dataset"].queryset
    # It waits in the review queue like any submission once submitted.
    verification.submit(submission=run.submission, user=personas["hana"])
    queue = client.get(reverse("datahub:review_queue")).context["pending"]
    assert run.submission in list(queue)


def test_who_verifies_a_computed_draft(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
):
    run = _computed(
        run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
    )
    submission = run.submission
    verification.submit(submission=submission, user=personas["hana"])
    url = reverse("datahub:submission_action", args=[submission.pk, "verifikasi"])
    # bob administers kab A: the draft is the province's, out of his reach.
    login_as(personas["bob"])
    assert client.post(url).status_code == 404
    assert client.get(reverse("datahub:submission", args=[submission.pk])).status_code == 404
    # A planner of the province's kab cannot verify either.
    login_as(personas["alice"])
    assert client.post(url).status_code in (403, 404)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not Observation.objects.filter(provenance__run=run.pk).exists()
    # The centre may (it verifies national figures, and any region's).
    login_as(personas["diana"])
    assert client.post(url).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VERIFIED
    assert submission.reviewed_by == personas["diana"]


def test_a_national_draft_is_verified_by_the_centre_only(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks, regions
):
    MicrodataFile.objects.filter(pk=world["survey"].pk).update(region=regions["nation"])
    login_as(personas["diana"])
    with django_capture_on_commit_callbacks(execute=True):
        start(client, world)
    run_worker()
    run = ComputationRun.objects.select_related("submission").get()
    assert run.status == RunStatus.DONE, run.error
    submission = run.submission
    assert submission.region == regions["nation"]
    verification.submit(submission=submission, user=personas["diana"])
    url = reverse("datahub:submission_action", args=[submission.pk, "verifikasi"])
    login_as(personas["hana"])
    assert client.post(url).status_code == 404
    assert submission.__class__.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    login_as(personas["diana"])
    assert client.post(url).status_code == 302
    assert Observation.objects.filter(provenance__run=run.pk).exists()


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
    assert run.submission.values.count() == 14
    assert not run.submission.values.filter(indicator__code="KMS01", region__code="98.01").exists()
    assert (
        Observation.objects.get(indicator__code="KMS01", region__code="98.01", period="2024").value
        == 9.87
    )


def test_when_every_value_is_locked_no_empty_draft_is_made(
    run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks, regions
):
    from sepakat.datahub.models import Indicator

    for code in ("KMS01", "KMS02", "KMS03", "KMS05", "KMS06"):
        for region in ("province", "kab_a", "kab_b"):
            Observation.objects.update_or_create(
                indicator=Indicator.objects.get(code=code),
                region=regions[region],
                period="2024",
                defaults={"value": 1.0, "status": ObservationStatus.VERIFIED, "locked": True},
            )
    run = _computed(
        run_worker, client, world, personas, login_as, django_capture_on_commit_callbacks
    )
    assert run.status == RunStatus.DONE
    assert (run.stored, run.skipped_locked) == (0, 15)
    assert run.submission is None and not Submission.objects.exists()
    entry = LogEntry.objects.filter(changes__computation_run=[str(run.pk)]).get()
    assert entry.changes["skipped_locked"] == ["15"]
    page = client.get(reverse("analysis:run", args=[run.pk])).content.decode()
    assert 'id="skipped-locked"' in page


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
    assert run.submission is None and not Submission.objects.exists()


def test_bad_input_is_explained(client, world, personas, login_as):
    login_as(personas["hana"])
    response = start(client, world, period="20x4")
    assert response.status_code == 400
    assert "Tahun harus empat angka" in response.content.decode()
    assert not ComputationRun.objects.exists()


def test_who_may_compute(client, world, personas, login_as):
    tab = 'data-tab="compute"'
    for name in ("alice", "frank", "erin", "grace"):  # planner, viewer, operator, trainer
        login_as(personas[name])
        assert client.get(URL).status_code == 403, name
        assert client.post(URL, {"file": world["survey"].pk}).status_code == 403, name
    login_as(personas["alice"])
    assert tab not in client.get(reverse("analysis:dashboard")).content.decode()
    # bob administers kab A; the file belongs to the province: he cannot see it, and the
    # tab is not offered to him.
    login_as(personas["bob"])
    response = client.get(URL)
    assert response.context["files"] == []
    # Reached by its address, the page says why there is nothing and what to do.
    page = response.content.decode()
    assert "Belum ada berkas survei milik wilayah Anda" in page
    assert f'href="{reverse("datahub:microdata_list")}"' in page
    assert start(client, world).status_code == 404
    assert tab not in client.get(reverse("analysis:dashboard")).content.decode()
    assert not ComputationRun.objects.exists()
    for name in ("hana", "diana"):  # the province's admin, the centre
        login_as(personas[name])
        assert client.get(URL).status_code == 200
        assert tab in client.get(reverse("analysis:dashboard")).content.decode(), name


def test_a_run_is_only_visible_inside_its_region(
    client, world, personas, login_as, django_capture_on_commit_callbacks
):
    login_as(personas["hana"])
    with django_capture_on_commit_callbacks(execute=True):
        start(client, world)
    run = ComputationRun.objects.get()
    login_as(personas["bob"])
    assert client.get(reverse("analysis:run", args=[run.pk])).status_code == 404
