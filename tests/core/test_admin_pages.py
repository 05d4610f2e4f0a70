"""User list and audit log: who may open them and what each sees."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.datahub.models import Area, Indicator, Polarity

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["alice", "erin", "frank", "grace"])
def test_roles_without_user_management_get_403(client, personas, login_as, persona):
    login_as(personas[persona])
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("core:audit_log")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, regions):
    response = client.get(reverse("accounts:user_list"))
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_kab_admin_sees_only_the_users_of_its_kab(client, personas, login_as):
    login_as(personas["bob"])
    html = client.get(reverse("accounts:user_list")).content.decode()
    for name in ("alice", "erin", "frank"):
        assert f"<td>{name}</td>" in html
    for name in ("charlie", "diana", "hana"):
        assert f"<td>{name}</td>" not in html


def test_a_province_admin_sees_the_users_of_its_kab_kota(client, personas, login_as):
    login_as(personas["hana"])
    html = client.get(reverse("accounts:user_list")).content.decode()
    assert "<td>alice</td>" in html and "<td>charlie</td>" in html
    assert "<td>diana</td>" not in html


def test_every_data_change_leaves_an_audit_row_with_before_and_after(personas):
    from auditlog.context import set_actor

    with set_actor(personas["diana"]):
        indicator = Indicator.objects.create(
            code="KMS01",
            name_id="Persentase penduduk miskin",
            area=Area.POVERTY,
            unit="%",
            polarity=Polarity.LOWER_IS_BETTER,
        )
        indicator.unit = "persen"
        indicator.save()
    entries = LogEntry.objects.get_for_object(indicator).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[1].actor == personas["diana"]
    assert entries[1].changes_dict["unit"] == ["%", "persen"]


def test_the_audit_log_shows_a_kab_admin_only_its_regions_actors(client, personas, login_as):
    from auditlog.context import set_actor

    with set_actor(personas["charlie"]):
        Indicator.objects.create(
            code="B01", name_id="Milik Beta", area=Area.POVERTY, unit="%", polarity=1
        )
    with set_actor(personas["alice"]):
        Indicator.objects.create(
            code="A01", name_id="Milik Alfa", area=Area.POVERTY, unit="%", polarity=1
        )
    login_as(personas["bob"])
    html = client.get(reverse("core:audit_log")).content.decode()
    assert "Milik Alfa" in html
    assert "Milik Beta" not in html
    login_as(personas["diana"])
    html = client.get(reverse("core:audit_log")).content.decode()
    assert "Milik Alfa" in html and "Milik Beta" in html


def test_user_changes_are_audited_without_the_password(personas):
    alice = personas["alice"]
    alice.set_password("sandi-baru-yang-panjang")
    alice.agency = "Bappeda"
    alice.save()
    entry = LogEntry.objects.get_for_object(alice).latest("timestamp")
    assert "agency" in entry.changes_dict
    assert "password" not in entry.changes_dict


def test_list_pages_use_a_fixed_number_of_queries(
    client, personas, login_as, django_assert_max_num_queries
):
    from sepakat.accounts.services import user_create
    from sepakat.core.roles import Role

    for i in range(30):
        user_create(
            username=f"planner{i}",
            password=None,
            role=Role.PLANNER,
            region=personas["alice"].region,
        )
    login_as(personas["diana"])
    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:user_list"))
    with django_assert_max_num_queries(12):
        client.get(reverse("core:audit_log"))


def test_the_audit_page_shows_bulk_summaries_and_field_changes(client, personas, login_as):
    from auditlog.context import set_actor

    from sepakat.core.audit import record_bulk_change

    with set_actor(personas["diana"]):
        indicator = Indicator.objects.create(
            code="KMS01", name_id="P0", area=Area.POVERTY, unit="%", polarity=-1
        )
        indicator.unit = "persen"
        indicator.save()
    record_bulk_change(
        actor=personas["diana"],
        model=Indicator,
        summary={"export": ["decile_profile"], "rows": 12, "file": "x.xlsx"},
        object_repr="Ekspor profil desil",
    )
    login_as(personas["diana"])
    response = client.get(reverse("core:audit_log"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "unit: % → persen" in html
    assert "rows: 12" in html and "Ekspor profil desil" in html


def test_an_invited_user_is_shown_as_waiting_until_they_accept(client, personas, login_as):
    from sepakat.accounts.services import user_create
    from sepakat.core.roles import Role

    user_create(
        username="baru",
        password=None,
        role=Role.PLANNER,
        region=personas["bob"].region,
        created_by=personas["bob"],
    )
    login_as(personas["bob"])
    html = client.get(reverse("accounts:user_list")).content.decode()
    row = html[html.index("<td>baru</td>") :]
    row = row[: row.index("</tr>")]
    assert "undangan belum diterima" in row
