"""A user of another region never sees a region's request, letters or worksheet; each view
refuses the roles that may not use it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from sepakat.access import services
from sepakat.access.models import Extension, RegionAccess, Worksheet
from sepakat.access.worksheets import DEFAULT_STRUCTURE, worksheet_template_create
from tests.access.conftest import approved_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def kab_a(personas, regions, letter_pdf):
    request = approved_request(
        regions["kab_a"], letter_pdf, personas["diana"], contact_email="bob@contoh.go.id"
    )
    template = worksheet_template_create(
        title="LK", structure=DEFAULT_STRUCTURE, by=personas["diana"]
    )
    worksheet = Worksheet.objects.create(
        template=template,
        region=regions["kab_a"],
        status="submitted",
        created_by=personas["alice"],
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    extension = services.extension_request(
        access=RegionAccess.objects.get(region=regions["kab_a"]),
        requested_by=personas["bob"],
        worksheet=worksheet,
    )
    return {
        "request": request,
        "worksheet": worksheet,
        "template": template,
        "extension": extension,
    }


LETTER_URLS = [
    ("access:letter", "request"),
    ("access:response_letter", "request"),
]
REGION_URLS = [
    ("access:worksheet", "worksheet"),
    ("access:worksheet_pdf", "worksheet"),
]


@pytest.mark.parametrize(("name", "obj"), LETTER_URLS)
@pytest.mark.parametrize("persona", ["bob", "diana", "hana"])
def test_letters_are_read_by_the_regions_admins_and_the_centre(
    client, personas, login_as, kab_a, name, obj, persona
):
    login_as(personas[persona])
    assert client.get(reverse(name, args=[kab_a[obj].pk])).status_code == 200


@pytest.mark.parametrize(("name", "obj"), LETTER_URLS)
@pytest.mark.parametrize("persona", ["alice", "erin", "frank", "grace"])
def test_letters_are_not_for_other_roles_of_the_region(
    client, personas, login_as, kab_a, name, obj, persona
):
    login_as(personas[persona])
    assert client.get(reverse(name, args=[kab_a[obj].pk])).status_code == 403


@pytest.mark.parametrize(("name", "obj"), LETTER_URLS)
def test_another_regions_admin_gets_404_for_letters(client, personas, login_as, kab_a, name, obj):
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
    assert client.get(reverse(name, args=[kab_a[obj].pk])).status_code == 404


@pytest.mark.parametrize(("name", "obj"), REGION_URLS)
def test_another_regions_user_gets_404(client, personas, login_as, kab_a, name, obj):
    login_as(personas["charlie"])
    assert client.get(reverse(name, args=[kab_a[obj].pk])).status_code == 404


@pytest.mark.parametrize(("name", "obj"), REGION_URLS)
@pytest.mark.parametrize("persona", ["alice", "diana", "hana"])
def test_the_region_its_province_and_the_centre_may_read(
    client, personas, login_as, kab_a, name, obj, persona
):
    login_as(personas[persona])
    response = client.get(reverse(name, args=[kab_a[obj].pk]))
    assert response.status_code == 200


def test_the_letter_is_the_pdf_of_the_request(client, personas, login_as, kab_a):
    login_as(personas["bob"])
    response = client.get(reverse("access:letter", args=[kab_a["request"].pk]))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_lists_show_only_the_users_region(client, personas, login_as, kab_a):
    login_as(personas["charlie"])
    html = client.get(reverse("access:worksheets")).content.decode()
    assert "Kabupaten Alfa" not in html
    html = client.get(reverse("access:materials")).content.decode()
    assert kab_a["request"].letter_number not in html and "region-requests" not in html
    login_as(personas["alice"])
    html = client.get(reverse("access:materials")).content.decode()
    assert kab_a["request"].letter_number not in html  # letters are for the region's admin
    login_as(personas["bob"])
    html = client.get(reverse("access:materials")).content.decode()
    assert kab_a["request"].letter_number in html


CENTRAL_GET = [
    "access:queue",
    "access:request_register",
    "access:expiring",
    "access:extensions",
    "access:worksheet_template_new",
]
NOT_CENTRAL = ["alice", "bob", "charlie", "erin", "frank", "grace", "hana"]


@pytest.mark.parametrize("name", CENTRAL_GET)
@pytest.mark.parametrize("persona", NOT_CENTRAL)
def test_central_pages_refuse_other_roles(client, personas, login_as, kab_a, name, persona):
    login_as(personas[persona])
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("persona", NOT_CENTRAL)
def test_central_actions_refuse_other_roles(client, personas, login_as, kab_a, persona):
    login_as(personas[persona])
    pk = kab_a["request"].pk
    assert client.get(reverse("access:request", args=[pk])).status_code == 403
    for action in ("konfirmasi", "telaah", "setujui", "tolak"):
        url = reverse("access:request_action", args=[pk, action])
        assert client.post(url, {"reason": "x"}).status_code == 403
    assert client.post(reverse("access:consultation_add", args=[pk])).status_code == 403
    url = reverse("access:extension_decide", args=[kab_a["extension"].pk, "setujui"])
    assert client.post(url, {"commitment": "x"}).status_code == 403
    assert Extension.objects.get().status == "requested"


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "erin", "frank", "hana"])
def test_only_the_central_team_reviews_worksheets(client, personas, login_as, kab_a, persona):
    login_as(personas[persona])
    url = reverse("access:worksheet_review", args=[kab_a["worksheet"].pk, "terima"])
    assert client.post(url).status_code == 403
    assert Worksheet.objects.get().status == "submitted"


def test_data_operators_do_not_use_worksheets(client, personas, login_as, kab_a):
    login_as(personas["erin"])
    assert client.get(reverse("access:worksheets")).status_code == 403
    assert client.get(reverse("access:worksheet", args=[kab_a["worksheet"].pk])).status_code == 403


def test_another_regions_planner_cannot_start_or_fill_a_worksheet_of_kab_a(
    client, personas, login_as, kab_a
):
    login_as(personas["charlie"])
    client.post(reverse("access:worksheet_start", args=[kab_a["template"].pk]))
    assert Worksheet.objects.filter(region__code="98.02").count() == 1  # its own, not kab A's
    url = reverse("access:worksheet", args=[kab_a["worksheet"].pk])
    assert client.post(url, {}).status_code == 404


def test_pages_need_a_login(client, kab_a):
    for name in ("access:materials", "access:worksheets", "access:queue"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    response = client.get(reverse("access:letter", args=[kab_a["request"].pk]))
    assert response.status_code == 302
