"""Opening an invitation link never signs the visitor out (issue 17, item 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sepakat.accounts.models import User
from tests.access.test_invitations import PASSWORD, invite

pytestmark = pytest.mark.django_db


def test_a_made_up_token_leaves_the_signed_in_user_signed_in(client, personas, login_as):
    login_as(personas["alice"])
    response = client.get(reverse("accounts:invitation", args=["token-karangan"]))
    assert response.status_code == 400
    assert "Tautan undangan ini tidak dikenal" in response.content.decode()
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)
    assert client.get("/dasbor/").status_code == 200


def test_a_real_invitation_asks_the_signed_in_user_to_sign_out_first(
    client, personas, login_as, regions
):
    user, invitation, token = invite(regions)
    login_as(personas["alice"])
    link = reverse("accounts:invitation", args=[token])
    response = client.get(link)
    assert response.status_code == 409
    assert "Anda sedang masuk sebagai alice" in response.content.decode()
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)
    # nothing of the invitation is used while someone else is signed in
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD, "token": "000000"})
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not User.objects.get(pk=user.pk).has_usable_password()
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)
