"""Who may open which training page: another region gets 404, a role that may not gets 403;
list pages keep a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sepakat.accounts.services import totp_device_create, user_create
from sepakat.training import services
from sepakat.training.models import Training, TrainingModel
from tests.training.conftest import person

pytestmark = pytest.mark.django_db

VIEW = {"detail", "agenda", "agenda_pdf", "kak_pdf", "rab_xlsx", "report_pdf"}
REGISTER = {"participants", "participant_template", "participants_import"}
RUN = {"attendance", "tests", "certificates", "survey"}
MANAGE = {"edit", "session_new"}
ALL = VIEW | REGISTER | RUN | MANAGE


def url(name, training):
    return reverse(f"training:{name}", args=[training.pk])


@pytest.fixture
def beta_admin(regions):
    user = user_create(
        username="beta-admin", password=None, role="regional_admin", region=regions["kab_b"]
    )
    totp_device_create(user=user)
    return user


@pytest.mark.parametrize("name", sorted(VIEW | REGISTER))
def test_a_user_of_another_region_gets_404(client, login_as, training, beta_admin, name):
    login_as(beta_admin)
    assert client.get(url(name, training)).status_code == 404


def test_another_region_sees_nothing_of_a_training_that_is_not_theirs(
    client, login_as, training, beta_admin, enrolled
):
    login_as(beta_admin)
    page = client.get(reverse("training:index")).content.decode()
    assert training.title not in page
    participant = enrolled[0]
    for name, args in [
        ("participant_remove", [training.pk, participant.pk]),
        ("trainer_add", [training.pk]),
        ("participants_import_confirm", [training.pk]),
    ]:
        assert client.post(reverse(f"training:{name}", args=args)).status_code in (403, 404)
    assert training.participants.count() == len(enrolled)


def test_the_region_and_its_province_see_their_training(client, login_as, personas, training):
    for persona in ("bob", "hana"):
        login_as(personas[persona])
        assert client.get(url("detail", training)).status_code == 200
        assert training.title in client.get(reverse("training:index")).content.decode()


@pytest.mark.parametrize("persona", ["alice", "charlie", "erin", "frank"])
@pytest.mark.parametrize("name", sorted(ALL))
def test_roles_outside_training_get_403(client, login_as, personas, training, persona, name):
    login_as(personas[persona])
    assert client.get(url(name, training)).status_code == 403


@pytest.mark.parametrize("name", sorted(RUN | MANAGE))
def test_a_regional_admin_does_not_run_the_training(client, login_as, personas, training, name):
    login_as(personas["bob"])
    assert client.get(url(name, training)).status_code == 403


@pytest.mark.parametrize("name", sorted(MANAGE))
def test_a_trainer_does_not_manage_the_event(client, login_as, personas, training, name):
    login_as(personas["grace"])
    assert client.get(url(name, training)).status_code == 403


@pytest.mark.parametrize("name", sorted(VIEW | REGISTER | RUN))
def test_the_central_team_opens_every_page(client, login_as, personas, training, enrolled, name):
    login_as(personas["grace"])
    assert client.get(url(name, training)).status_code == 200


def test_participant_pages_need_the_personal_token(client, training, enrolled):
    assert client.get(reverse("training:participant_home", args=["tebakan"])).status_code == 404
    assert (
        client.get(reverse("training:participant_home", args=[enrolled[0].token])).status_code
        == 200
    )


def make_trainings(personas, regions, n, start_date):
    for i in range(n):
        t = services.training_create(
            user=personas["diana"],
            region=regions["kab_a"],
            title=f"P{i}",
            model=TrainingModel.MODEL_I,
            start_date=start_date,
        )
        services.participant_add(user=personas["diana"], training=t, data=person(i))


def test_the_training_list_has_a_fixed_query_count(
    client, login_as, personas, regions, start_date, django_assert_max_num_queries
):
    make_trainings(personas, regions, 3, start_date)
    login_as(personas["diana"])
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("training:index"))
    make_trainings(personas, regions, 7, start_date)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("training:index")).content.decode()
    assert page.count("data-training=") == Training.objects.count() == 10


def test_participant_and_attendance_pages_have_a_fixed_query_count(
    client, login_as, personas, training, django_assert_max_num_queries
):
    for n in range(1, 31):
        services.participant_add(user=personas["diana"], training=training, data=person(n))
    login_as(personas["grace"])
    with django_assert_max_num_queries(20):
        client.get(reverse("training:participants", args=[training.pk]))
    with django_assert_max_num_queries(15):
        client.get(reverse("training:attendance", args=[training.pk]))
    with django_assert_max_num_queries(15):
        client.get(reverse("training:certificates", args=[training.pk]))
