"""The one permission-checked way to read objects: region scope, 404 for outsiders."""

from __future__ import annotations

import pytest
from django.http import Http404

from sepakat.core.access import get_for_user, scoped
from sepakat.datahub.models import Area, Indicator, Observation, Polarity
from sepakat.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def observations(regions):
    indicator = Indicator.objects.create(
        code="KMS01",
        name_id="Persentase penduduk miskin",
        area=Area.POVERTY,
        unit="%",
        polarity=Polarity.LOWER_IS_BETTER,
    )
    return {
        key: Observation.objects.create(
            indicator=indicator, region=regions[key], period="2024", value=value, status="verified"
        )
        for key, value in (("kab_a", 10.5), ("kab_b", 12.25), ("province", 11.0), ("kec_a", 9.0))
    }


def test_a_kab_user_sees_its_kab_and_what_lies_below(personas, observations):
    visible = set(scoped(Observation.objects.all(), personas["alice"]))
    assert visible == {observations["kab_a"], observations["kec_a"]}


def test_a_province_user_sees_its_kab_kota(personas, observations):
    visible = set(scoped(Observation.objects.all(), personas["hana"]))
    assert visible == set(observations.values())


def test_the_central_team_sees_everything(personas, observations):
    assert scoped(Observation.objects.all(), personas["diana"]).count() == 4


def test_it_answers_404_for_another_regions_object(personas, observations):
    with pytest.raises(Http404):
        get_for_user(Observation, personas["alice"], pk=observations["kab_b"].pk)
    assert (
        get_for_user(Observation, personas["charlie"], pk=observations["kab_b"].pk).value == 12.25
    )


def test_regions_are_scoped_by_their_own_code(personas, regions):
    codes = set(scoped(Region.objects.all(), personas["alice"]).values_list("code", flat=True))
    assert codes == {"98.01", "98.01.01"}


def test_a_code_prefix_is_not_a_parent(personas, regions):
    # 98.010 is not below 98.01 even though the string starts the same way.
    from sepakat.regions.models import Level

    Region.objects.create(
        code="98.010", name="Bukan anak", level=Level.REGENCY, parent=regions["province"]
    )
    codes = set(scoped(Region.objects.all(), personas["alice"]).values_list("code", flat=True))
    assert "98.010" not in codes


def test_anonymous_users_see_nothing(observations):
    from django.contrib.auth.models import AnonymousUser

    assert scoped(Observation.objects.all(), AnonymousUser()).count() == 0


def test_a_model_without_region_lookup_cannot_be_scoped(personas):
    from sepakat.accounts.models import LoginEvent

    with pytest.raises(TypeError):
        scoped(LoginEvent.objects.all(), personas["alice"])


def test_write_permission_needs_the_role_and_the_region(personas, regions):
    from django.core.exceptions import PermissionDenied

    from sepakat.core.access import may_write, require_write
    from sepakat.core.roles import Role

    admins = (Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN)
    kab_a, kab_b = regions["kab_a"], regions["kab_b"]
    # bob verifies his own kab, hana her province's kab, diana every region...
    assert may_write(personas["bob"], kab_a, admins)
    assert may_write(personas["bob"], regions["kec_a"], admins)
    assert may_write(personas["hana"], kab_a, admins)
    assert may_write(personas["diana"], kab_b, admins)
    # ...but not the kab next door, nor the province above him, nor with a reader's role.
    assert not may_write(personas["bob"], kab_b, admins)
    assert not may_write(personas["bob"], regions["province"], admins)
    assert not may_write(personas["alice"], kab_a, admins)
    assert not may_write(personas["bob"], None, admins)
    with pytest.raises(PermissionDenied):
        require_write(personas["charlie"], kab_a, (Role.PLANNER,))
    require_write(personas["alice"], kab_a, (Role.PLANNER,))
