"""Client addresses behind a reverse proxy: lockout and the access-request limit count
real clients, and a forged X-Forwarded-For from the open network changes nothing."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sepakat.access.models import AccessRequest
from sepakat.accounts.models import LoginEvent
from sepakat.core.clientip import client_ip, parse_networks
from sepakat.regions.models import Kind, Level, Region
from tests.access.conftest import form_data
from tests.conftest import PASSWORD

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.SEPAKAT_TRUSTED_PROXIES = parse_networks(["10.0.0.0/24", "::1"])


def via_proxy(client_address: str) -> dict[str, str]:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def post_login(client, username, password, **meta):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **meta
    )


def request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.SEPAKAT_TRUSTED_PROXIES = []
    assert client_ip(request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")) == (
        "203.0.113.9"
    )


def test_a_trusted_proxy_names_the_client_and_a_forged_left_part_is_ignored(behind_proxy):
    # The visitor sent "6.6.6.6" itself; nginx appended the address it saw.
    forged = request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(forged) == "198.51.100.7"
    # Two trusted hops (a gateway, then nginx): the first untrusted from the right counts.
    chained = request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.0.0.9")
    assert client_ip(chained) == "198.51.100.7"
    assert client_ip(request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="junk")) == PROXY


def test_an_untrusted_sender_cannot_choose_its_address(behind_proxy):
    direct = request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(direct) == "203.0.113.9"


def test_a_bad_trusted_proxy_setting_names_the_entry():
    with pytest.raises(ValueError, match=re.escape("'10.0.0.300'")):
        parse_networks(["10.0.0.0/8", "10.0.0.300"])


@pytest.mark.django_db
def test_behind_a_proxy_an_attacker_locks_only_their_own_address(
    client, personas, settings, behind_proxy
):
    attacker, planner = via_proxy("198.51.100.66"), via_proxy("198.51.100.20")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "alice", "salah-sandinya-1", **attacker)
    locked = post_login(client, "alice", PASSWORD, **attacker)
    assert locked.status_code == 403
    assert "dikunci sementara" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Alice herself, through the same proxy from her office, still gets in.
    response = post_login(client, "alice", PASSWORD, **planner)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas["alice"].pk)
    events = LoginEvent.objects.filter(username="alice")
    assert set(events.values_list("ip_address", flat=True)) == {"198.51.100.66", "198.51.100.20"}
    assert events.get(ip_address="198.51.100.20").outcome == LoginEvent.Outcome.SUCCESS


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lockout(
    client, personas, settings
):
    settings.SEPAKAT_TRUSTED_PROXIES = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        # A new forged address each time: all count against the real one.
        post_login(
            client,
            "alice",
            "salah-sandinya-1",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = post_login(
        client, "alice", PASSWORD, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert set(LoginEvent.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def _kabupaten(regions, count):
    return [
        Region.objects.create(
            code=f"98.{n:02d}",
            name=f"Kab {n}",
            level=Level.REGENCY,
            kind=Kind.KABUPATEN,
            parent=regions["province"],
        )
        for n in range(3, 3 + count)
    ]


@pytest.mark.django_db
def test_behind_a_proxy_the_request_limit_counts_each_client(
    client, regions, letter_pdf, behind_proxy
):
    extra = _kabupaten(regions, 2)
    flooder = via_proxy("198.51.100.66")
    for region in [regions["kab_a"], regions["kab_b"], extra[0]]:
        response = client.post(
            reverse("access:request_new"), form_data(region, letter_pdf), **flooder
        )
        assert response.status_code == 302
    refused = client.post(reverse("access:request_new"), form_data(extra[1], letter_pdf), **flooder)
    assert refused.status_code == 400
    assert "dalam satu jam terakhir" in refused.content.decode()
    assert AccessRequest.objects.count() == 3
    # Another region's staff behind the same national gateway is not slowed down.
    other = client.post(
        reverse("access:request_new"), form_data(extra[1], letter_pdf), **via_proxy("198.51.100.20")
    )
    assert other.status_code == 302
    assert set(AccessRequest.objects.values_list("submitted_from", flat=True)) == {
        "198.51.100.66",
        "198.51.100.20",
    }


@pytest.mark.django_db
def test_without_a_trusted_proxy_forged_headers_share_one_limit(
    client, regions, letter_pdf, settings
):
    settings.SEPAKAT_TRUSTED_PROXIES = []
    extra = _kabupaten(regions, 2)
    targets = [regions["kab_a"], regions["kab_b"], extra[0], extra[1]]
    statuses = [
        client.post(
            reverse("access:request_new"),
            form_data(region, letter_pdf),
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n, region in enumerate(targets)
    ]
    assert statuses == [302, 302, 302, 400]
    assert set(AccessRequest.objects.values_list("submitted_from", flat=True)) == {"203.0.113.9"}


def test_the_setting_is_read_from_the_environment_and_a_typo_stops_the_start(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEPAKAT_", "DATABASE_URL"))}
    env["SEPAKAT_DATA_DIR"] = str(tmp_path)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sepakat.settings';"
        "django.setup(); from django.conf import settings as s;"
        "print(' '.join(map(str, s.SEPAKAT_TRUSTED_PROXIES)))"
    )

    def run(value: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**env, "SEPAKAT_TRUSTED_PROXIES": value},
            capture_output=True,
            text=True,
            check=False,
        )

    good = run("127.0.0.1, 10.20.0.0/16,::1")
    assert good.stdout.split() == ["127.0.0.1/32", "10.20.0.0/16", "::1/128"], good.stderr
    bad = run("127.0.0.1,nginx.local")
    assert bad.returncode != 0
    assert "SEPAKAT_TRUSTED_PROXIES: 'nginx.local' is not an IP address" in bad.stderr
