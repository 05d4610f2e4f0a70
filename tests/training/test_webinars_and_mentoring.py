"""Webinars (go/no-go by minimum quota, waiting list) and mentoring, only for regions with a
package; data-readiness warnings before a training."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sepakat.accounts.services import totp_device_create, user_create
from sepakat.core.errors import UserError
from sepakat.training import mentoring, services, webinars
from sepakat.training.models import MentoringRequest, Webinar
from sepakat.training.packages import region_has_package

pytestmark = pytest.mark.django_db


@pytest.fixture
def webinar(personas, django_capture_on_commit_callbacks, mailoutbox):
    start = timezone.now() + dt.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        w = webinars.webinar_create(
            user=personas["diana"],
            topic="Membaca kuadran kemiskinan",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            speakers="Tim SEPAKAT Bappenas",
            min_participants=3,
            max_participants=4,
            registration_deadline=start - dt.timedelta(days=2),
            go_no_go_date=(start - dt.timedelta(days=5)).date(),
            base_url="http://testserver/",
        )
    return w


def register(webinar, regions, n, **kw):
    return webinars.webinar_register(
        webinar=webinar,
        region=regions["kab_a"],
        name=f"Staf {n}",
        email=f"staf{n}@alfa.go.id",
        agency="Bappeda",
        **kw,
    )


def test_a_region_has_a_package_through_its_regional_admin_or_a_training(
    personas, regions, training
):
    assert region_has_package(regions["kab_a"])  # bob is its regional admin
    assert not region_has_package(regions["kab_b"])  # only a planner there
    user_create(
        username="trial",
        password=None,
        role="regional_admin",
        region=regions["kab_b"],
        is_trial=True,
    )
    assert not region_has_package(regions["kab_b"]), "a trial account is no package"


def test_a_new_webinar_is_announced_to_regional_admins_with_a_package(webinar, mailoutbox, client):
    assert sorted(m.to[0] for m in mailoutbox) == ["bob@contoh.go.id", "hana@contoh.go.id"]
    assert "Membaca kuadran kemiskinan" in mailoutbox[0].body
    assert f"/pelatihan/webinar/{webinar.pk}/daftar/" in mailoutbox[0].body
    assert "Membaca kuadran kemiskinan" in client.get("/").content.decode()


def test_registration_is_only_for_regions_with_a_package(client, webinar, regions):
    page = client.get(reverse("training:webinar_register", args=[webinar.pk])).content.decode()
    assert f'value="{regions["kab_a"].pk}"' in page
    assert f'value="{regions["kab_b"].pk}"' not in page
    with pytest.raises(UserError, match="paket SEPAKAT"):
        webinars.webinar_register(
            webinar=webinar,
            region=regions["kab_b"],
            name="X",
            email="x@beta.go.id",
            agency="Bappeda",
        )


def test_the_waiting_list_fills_a_freed_seat_in_order(
    webinar, regions, mailoutbox, django_capture_on_commit_callbacks
):
    seats = [register(webinar, regions, n) for n in range(4)]
    first_waiting = register(webinar, regions, 4)
    second_waiting = register(webinar, regions, 5)
    assert (first_waiting.status, second_waiting.status) == ("waitlisted", "waitlisted")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = webinars.registration_cancel(registration=seats[1])
    assert promoted == first_waiting
    first_waiting.refresh_from_db()
    assert first_waiting.status == "registered"
    assert [m.to for m in mailoutbox] == [["staf4@alfa.go.id"]]


def test_under_its_minimum_a_webinar_is_cancelled_at_go_no_go_and_everyone_told(
    webinar, regions, mailoutbox, django_capture_on_commit_callbacks
):
    register(webinar, regions, 1)
    register(webinar, regions, 2)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert webinars.decide_webinars(today=webinar.go_no_go_date - dt.timedelta(days=1)) == []
        decided = webinars.decide_webinars(today=webinar.go_no_go_date)
    assert [w.status for w in decided] == ["cancelled"]
    assert sorted(m.to[0] for m in mailoutbox) == ["staf1@alfa.go.id", "staf2@alfa.go.id"]
    assert all("dibatalkan" in m.subject for m in mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert webinars.decide_webinars(today=webinar.go_no_go_date + dt.timedelta(days=1)) == []
    assert len(mailoutbox) == 2, "idempotent: nobody is told twice"
    assert LogEntry.objects.filter(object_repr__startswith="Keputusan webinar").count() == 1


def test_at_its_minimum_a_webinar_is_confirmed_by_the_daily_command(
    webinar, regions, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        register(webinar, regions, n)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("decide_webinars", today=webinar.go_no_go_date)
    webinar.refresh_from_db()
    assert webinar.status == "confirmed"
    assert len(mailoutbox) == 3 and "dipastikan" in mailoutbox[0].subject


def test_the_central_team_records_attendance_and_the_recording(
    client, login_as, personas, webinar, regions
):
    r = register(webinar, regions, 1)
    register(webinar, regions, 2)
    login_as(personas["diana"])
    client.post(
        reverse("training:webinar_detail", args=[webinar.pk]),
        {"recording_url": "https://video.example/rekaman", "attended": [r.pk]},
    )
    webinar.refresh_from_db()
    assert webinar.recording_url == "https://video.example/rekaman"
    assert list(webinar.registrations.filter(attended=True)) == [r]


@pytest.mark.parametrize("persona", ["alice", "bob", "erin", "frank", "grace", "hana"])
def test_only_the_central_admin_manages_webinars(client, login_as, personas, persona, webinar):
    login_as(personas[persona])
    assert client.get(reverse("training:webinar_list")).status_code == 403
    assert client.get(reverse("training:webinar_detail", args=[webinar.pk])).status_code == 403


def test_a_region_without_a_package_cannot_book_mentoring(client, login_as, personas, regions):
    beta_admin = user_create(
        username="beta-admin",
        password=None,
        role="regional_admin",
        region=regions["kab_b"],
        is_trial=True,
        email="b@beta.go.id",
    )
    totp_device_create(user=beta_admin)
    login_as(beta_admin)
    page = client.get(reverse("training:mentoring")).content.decode()
    assert "hanya untuk daerah yang memiliki paket" in page
    assert 'id="mentoring-form"' not in page
    client.post(
        reverse("training:mentoring"),
        {"topics": "Analisis", "proposed_start": "2030-02-01", "days": 1},
    )
    assert not MentoringRequest.objects.exists()
    with pytest.raises(UserError, match="paket"):
        mentoring.mentoring_request_create(
            user=beta_admin, topics="x", proposed_start=dt.date(2030, 2, 1)
        )


def test_mentoring_is_requested_agreed_prepared_and_recorded(
    client, login_as, personas, mailoutbox, django_capture_on_commit_callbacks
):
    login_as(personas["bob"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:mentoring"),
            {"topics": "Prioritisasi lokasi", "proposed_start": "2030-02-03", "days": 2},
        )
    item = MentoringRequest.objects.get()
    assert response["Location"] == reverse("training:mentoring_detail", args=[item.pk])
    assert mailoutbox[-1].to == ["diana@contoh.go.id"]
    assert LogEntry.objects.get_for_object(item).exists()
    login_as(personas["diana"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("training:mentoring_decide", args=[item.pk]),
            {
                "agree": "1",
                "agreed_start": "2030-02-10",
                "days": 1,
                "agreed_topics": "Prioritisasi lokasi desa",
            },
        )
    item.refresh_from_db()
    assert item.status == "agreed" and item.agreed_start == dt.date(2030, 2, 10)
    assert mailoutbox[-1].to == ["bob@contoh.go.id"] and "Daerah Dalam Angka" in mailoutbox[-1].body
    login_as(personas["bob"])
    client.post(reverse("training:mentoring_checklist", args=[item.pk]), {"done": ["0", "3"]})
    item.refresh_from_db()
    assert [e["done"] for e in item.data_checklist][:4] == [True, False, False, True]
    login_as(personas["grace"])
    client.post(
        reverse("training:mentoring_session", args=[item.pk]),
        {
            "date": "2030-02-10",
            "topic": "Lokasi prioritas",
            "outcome": "Daftar 10 desa prioritas disepakati.",
        },
    )
    assert item.sessions.get().outcome == "Daftar 10 desa prioritas disepakati."


def test_another_region_sees_nothing_of_a_mentoring_request(client, login_as, personas, regions):
    item = mentoring.mentoring_request_create(
        user=personas["bob"], topics="x", proposed_start=dt.date(2030, 1, 1)
    )
    beta_admin = user_create(
        username="beta2", password=None, role="regional_admin", region=regions["kab_b"]
    )
    totp_device_create(user=beta_admin)
    login_as(beta_admin)
    assert client.get(reverse("training:mentoring_detail", args=[item.pk])).status_code == 404
    assert "x" not in [
        m.topics for m in client.get(reverse("training:mentoring")).context["requests"]
    ]


def test_data_warnings_go_out_at_14_and_7_days_and_once(
    training, mailoutbox, django_capture_on_commit_callbacks
):
    due = training.data_due_date
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_data_warnings(today=due - dt.timedelta(days=15)) == []
        sent = services.send_data_warnings(today=due - dt.timedelta(days=14))
        again = services.send_data_warnings(today=due - dt.timedelta(days=13))
    assert [d for _t, d in sent] == [14] and again == []
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert set(message.to) == {"bob@contoh.go.id", "hana@contoh.go.id", "diana@contoh.go.id"}
    assert "Daerah Dalam Angka" in message.body and "14 hari lagi" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("training_data_warnings", today=due - dt.timedelta(days=7))
    assert len(mailoutbox) == 2 and "7 hari lagi" in mailoutbox[1].body


def test_no_warning_when_all_data_is_received(training, monkeypatch, mailoutbox):
    monkeypatch.setattr("sepakat.training.selectors.missing_datasets", lambda t, today=None: [])
    assert services.send_data_warnings(today=training.data_due_date - dt.timedelta(days=7)) == []


def test_the_public_webinar_page_lists_upcoming_webinars(client, webinar):
    page = client.get(reverse("training:webinar_public")).content.decode()
    assert webinar.topic in page
    assert Webinar.objects.count() == 1


def test_a_package_comes_from_an_approved_training_and_access_request(regions):
    import datetime as dt

    from sepakat.access.models import Package, RegionAccess

    today = dt.date.today()
    RegionAccess.objects.create(
        region=regions["kab_b"],
        package=Package.ACCESS_ONLY,
        starts_on=today,
        expires_on=today + dt.timedelta(days=90),
    )
    assert not region_has_package(regions["kab_b"])  # a trial is not a package
    RegionAccess.objects.create(
        region=regions["kab_b"],
        package=Package.TRAINING_AND_ACCESS,
        starts_on=today,
        expires_on=today + dt.timedelta(days=90),
    )
    assert region_has_package(regions["kab_b"])
    RegionAccess.objects.filter(region=regions["kab_b"]).update(
        expires_on=today - dt.timedelta(days=1)
    )
    assert not region_has_package(regions["kab_b"])
