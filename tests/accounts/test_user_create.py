"""Creating users: roles never above the creator's, only inside the creator's region."""

from __future__ import annotations

import pytest

from sepakat.accounts.services import user_create
from sepakat.core.errors import UserError
from sepakat.core.roles import Role

pytestmark = pytest.mark.django_db


def test_a_kab_admin_creates_a_planner_of_its_kab(personas, regions):
    user = user_create(
        username="baru",
        password=None,
        role=Role.PLANNER,
        region=regions["kab_a"],
        created_by=personas["bob"],
    )
    assert user.region == regions["kab_a"]
    assert not user.has_usable_password()


def test_nobody_grants_a_role_above_their_own(personas, regions):
    with pytest.raises(UserError, match="di atas peran Anda"):
        user_create(
            username="baru",
            password=None,
            role=Role.CENTRAL_ADMIN,
            region=regions["nation"],
            created_by=personas["bob"],
        )


def test_a_kab_admin_cannot_create_users_in_another_kab(personas, regions):
    with pytest.raises(UserError, match="wilayah Anda"):
        user_create(
            username="baru",
            password=None,
            role=Role.PLANNER,
            region=regions["kab_b"],
            created_by=personas["bob"],
        )


def test_central_roles_belong_to_the_nation(regions):
    with pytest.raises(UserError, match="nasional"):
        user_create(username="baru", password=None, role=Role.TRAINER, region=regions["kab_a"])


def test_an_unknown_role_is_refused(regions):
    with pytest.raises(UserError):
        user_create(username="baru", password=None, role="raja", region=regions["kab_a"])
