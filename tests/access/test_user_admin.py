"""The regional admin invites the region's users and deactivates them; never above their role."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from sepakat.accounts.models import Invitation, User
from sepakat.core.roles import Role

pytestmark = pytest.mark.django_db


def invite_data(**overrides):
    data = {
        "username": "dewi",
        "first_name": "Dewi",
        "email": "dewi@dinsos-alfa.go.id",
        "agency": "Dinas Sosial",
        "role": Role.DATA_OPERATOR,
    }
    data.update(overrides)
    return data


def test_a_regional_admin_invites_a_data_operator_whose_account_follows_the_region(
    client, personas, login_as, django_capture_on_commit_callbacks
):
    bob = personas["bob"]
    bob.is_trial, bob.expires_on = True, dt.date(2030, 6, 30)
    bob.save()
    login_as(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_invite"), invite_data())
    assert response["Location"] == reverse("accounts:user_list")
    dewi = User.objects.get(username="dewi")
    assert dewi.region == bob.region and dewi.role == Role.DATA_OPERATOR
    assert dewi.is_trial and dewi.expires_on == dt.date(2030, 6, 30)
    assert not dewi.has_usable_password()
    assert Invitation.objects.get(user=dewi).invited_by == bob
    assert mail.outbox[0].to == ["dewi@dinsos-alfa.go.id"]
    assert LogEntry.objects.get_for_object(dewi).exists()


@pytest.mark.parametrize("role", [Role.REGIONAL_ADMIN, Role.CENTRAL_ADMIN, Role.TRAINER])
def test_nobody_grants_a_role_above_their_own(client, personas, login_as, role):
    login_as(personas["bob"])
    response = client.post(reverse("accounts:user_invite"), invite_data(role=role))
    assert response.status_code == 200
    assert not User.objects.filter(username="dewi").exists()


def test_a_taken_user_name_is_refused(client, personas, login_as):
    login_as(personas["bob"])
    response = client.post(reverse("accounts:user_invite"), invite_data(username="alice"))
    assert "sudah dipakai" in response.content.decode()


@pytest.mark.parametrize("persona", ["alice", "erin", "frank", "grace"])
def test_other_roles_may_not_invite(client, personas, login_as, persona):
    login_as(personas[persona])
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    response = client.post(reverse("accounts:user_invite"), invite_data())
    assert response.status_code == 403
    assert not User.objects.filter(username="dewi").exists()


def test_a_regional_admin_deactivates_a_user_of_the_region(client, personas, login_as):
    login_as(personas["bob"])
    client.post(reverse("accounts:user_deactivate", args=[personas["alice"].pk]))
    alice = User.objects.get(username="alice")
    assert not alice.is_active
    assert LogEntry.objects.get_for_object(alice).filter(action=LogEntry.Action.UPDATE).exists()


def test_a_user_of_another_region_is_404(client, personas, login_as):
    login_as(personas["bob"])
    response = client.post(reverse("accounts:user_deactivate", args=[personas["charlie"].pk]))
    assert response.status_code == 404
    assert User.objects.get(username="charlie").is_active


def test_an_admin_of_the_same_rank_is_not_deactivated(client, personas, login_as):
    login_as(personas["hana"])  # province admin, above kab A
    response = client.post(
        reverse("accounts:user_deactivate", args=[personas["bob"].pk]), follow=True
    )
    assert "setara atau lebih tinggi" in response.content.decode()
    assert User.objects.get(username="bob").is_active


@pytest.mark.parametrize("persona", ["alice", "erin", "frank", "grace"])
def test_other_roles_may_not_deactivate(client, personas, login_as, persona):
    login_as(personas[persona])
    response = client.post(reverse("accounts:user_deactivate", args=[personas["charlie"].pk]))
    assert response.status_code == 403
