"""One isolation suite generated from the URL configuration (issue 17, item 7).

Every URL pattern of ``sepakat.urls`` is found by walking the resolver (includes and the
API's django-ninja routes). Each pattern with a path parameter must be registered in
``tests/isolation_registry.py`` with a factory for an object of kab Alfa; it is then asked
for by users of other regions in every regional role, by GET and by POST, and must answer
404 (never the object, never 500) and leave the database exactly as it was. The list pages
are asked for too and must not show Alfa's objects. See the registry's docstring for how
to register a new page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.isolation_objects import (
    access_request,
    extension,
    incoming,
    mentoring,
    submission,
    upload,
    worksheet,
)
from tests.isolation_registry import (
    LIST_PAGES,
    MARKER,
    NATIONAL_TEAM,
    REGION,
    REGISTRY,
    SHARED,
    TOKEN,
    Target,
    World,
)

pytestmark = pytest.mark.django_db

# Tables that change on every request whoever makes it (sessions, the lockout's own log) or
# by the login itself; everything else, the audit log included, must stay as it was.
UNTRACKED = {"sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"}
UNTRACKED_FIELDS = {"accounts.User": {"last_login"}, "datahub.ApiToken": {"last_used_at"}}


def walk(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(name with namespace, route, pattern) of every pattern, through every include."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern), entry


def has_parameter(route: str, pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groupindex) or "<" in route


ALL = [(name, route) for name, route, p in walk()]
WITH_PARAMETERS = sorted({name for name, route, p in walk() if has_parameter(route, p)})


def missing_registrations(patterns: list[Any] | None = None) -> str:
    """The message for the patterns with a parameter and no registration ("" if none)."""
    missing = [
        f"{name} ({route})"
        for name, route, p in walk(patterns)
        if has_parameter(route, p) and name not in REGISTRY
    ]
    if not missing:
        return ""
    return (
        "These URL patterns take a path parameter but have no isolation registration: "
        + ", ".join(missing)
        + ". Add a factory to REGISTRY in tests/isolation_registry.py that creates the "
        "object in kab Alfa (98.01) and returns the kwargs for reverse(); see its docstring."
    )


def test_a_new_pattern_without_registration_is_named_with_what_to_add() -> None:
    from django.urls import include, path

    from sepakat.core.views import favicon

    new_app = ([path("<int:pk>/hapus/", favicon, name="thing_delete")], "newapp")
    patterns = [*get_resolver().url_patterns, path("baru/", include(new_app))]
    message = missing_registrations(patterns)
    assert message.startswith("These URL patterns take a path parameter")
    assert "newapp:thing_delete (baru/<int:pk>/hapus/)" in message
    assert "tests/isolation_registry.py" in message
    # Only the new one: the real configuration has nothing else missing.
    assert message.count(" (") == 2  # the pattern's route and "kab Alfa (98.01)"


def test_every_pattern_with_a_parameter_is_registered() -> None:
    message = missing_registrations()
    assert not message, message
    stale = sorted(set(REGISTRY) - set(WITH_PARAMETERS))
    assert not stale, f"Registered but no longer in the URL configuration: {stale}"
    unnamed = [route for name, route in ALL if name.endswith(":") or not name]
    assert unnamed == ["favicon.ico"], f"Name these patterns so they can be registered: {unnamed}"


@pytest.fixture
def outsiders(regions: dict[str, Any]) -> dict[str, Any]:
    """Users of kab Beta (98.02) in each regional role, and an admin of province 97."""
    from sepakat.accounts.services import totp_device_create, user_create
    from sepakat.core.roles import Role
    from sepakat.regions.models import Level, Region

    province_97 = Region.objects.create(
        code="97", name="Provinsi Lain", level=Level.PROVINCE, parent=regions["nation"]
    )
    spec = {
        "beta-planner": (Role.PLANNER, regions["kab_b"]),
        "beta-admin": (Role.REGIONAL_ADMIN, regions["kab_b"]),
        "beta-operator": (Role.DATA_OPERATOR, regions["kab_b"]),
        "beta-viewer": (Role.VIEWER, regions["kab_b"]),
        "admin-97": (Role.REGIONAL_ADMIN, province_97),
    }
    users = {}
    for name, (role, region) in spec.items():
        user = user_create(username=name, password=None, role=role, region=region)
        if user.needs_second_factor:
            totp_device_create(user=user)
        users[name] = user
    return users


def logged_in(user: Any) -> tuple[Client, dict[str, str]]:
    """A client with ``user``'s session (second factor verified) and their API token."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sepakat.datahub.api_services import token_create

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    _, plaintext = token_create(user=user, name="uji isolasi")
    return client, {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table we track, so that any write (an update too) shows."""
    state = {}
    for model in apps.get_models():
        label = model._meta.label
        if label in UNTRACKED or model._meta.proxy:
            continue
        skip = UNTRACKED_FIELDS.get(label, set())
        names = [f.attname for f in model._meta.concrete_fields if f.name not in skip]
        state[label] = sorted(map(repr, model._default_manager.values_list(*names)))
    return state


def changed(before: dict[str, list[Any]], after: dict[str, list[Any]]) -> list[str]:
    return [label for label in before if before[label] != after[label]]


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def ask(client: Client, method: str, url: str, query: dict[str, str], headers: dict[str, str]):
    if method == "GET":
        return client.get(url, query, **headers)
    return client.post(
        url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""), {}, **headers
    )


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_an_outsider_gets_404_and_changes_nothing(
    name: str, regions: dict[str, Any], personas: dict[str, Any], outsiders: dict[str, Any]
) -> None:
    entry = REGISTRY[name]
    world = World(regions=regions, people=personas)
    target: Target = entry.factory(world)
    url = reverse(name, kwargs=target.kwargs)
    api = name.startswith("api:")
    visitors = {user: logged_in(outsiders[user]) for user in outsiders}
    if entry.kind == TOKEN:
        visitors["anonymous"] = (Client(), {})
    before = snapshot()
    seen = []
    for who, (client, headers) in visitors.items():
        for method in ("GET", "POST"):
            response = ask(client, method, url, target.query, headers if api else {})
            status, text = response.status_code, body(response)
            seen.append((who, method, status))
            assert MARKER not in text, f"{method} {url} as {who} shows kab Alfa's object"
            if entry.kind == SHARED:
                assert status < 500, f"{method} {url} as {who}: {status}"
                continue
            # 405: the page does not take this method; it answers before looking anything up.
            allowed = {
                NATIONAL_TEAM: {403, 405},
                TOKEN: {404, 400, 405},
            }.get(entry.kind, {404, 403, 405})
            if method == "GET":
                allowed = allowed | entry.get_also
            assert status in allowed, f"{method} {url} as {who}: {status}, expected 404"
    if entry.kind == SHARED:
        return
    assert not changed(before, snapshot()), (
        f"{url}: outsiders' requests wrote {changed(before, snapshot())}"
    )
    if entry.kind != REGION:
        return
    assert any(status == 404 for _, _, status in seen), (
        f"{url}: no outsider got 404, so only the role check was tried: {seen}"
    )


# Who of kab Alfa (or above it) sees each list page's objects: the proof that the marker
# test can fail, i.e. that the page does list what an outsider must not see.
INSIDERS = ("bob", "alice", "erin", "hana", "diana", "grace")


def populate(world: World) -> None:
    """Every object a list page could show, all in kab Alfa."""
    makers = [make for group in LIST_PAGES.values() for make in group]
    makers += [upload, submission, incoming, access_request, mentoring, worksheet, extension]
    for make in makers:
        make(world)


@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_a_list_page_shows_an_outsider_nothing_of_another_region(
    name: str, regions: dict[str, Any], personas: dict[str, Any], outsiders: dict[str, Any]
) -> None:
    populate(World(regions=regions, people=personas))
    url = reverse(name)
    api = name.startswith("api:")
    query = {"region": regions["kab_a"].code} if api else {}
    for who, user in outsiders.items():
        client, headers = logged_in(user)
        response = client.get(url, query, **(headers if api else {}))
        assert response.status_code in (200, 403, 404), f"{url} as {who}: {response.status_code}"
        assert MARKER not in body(response), f"{url} as {who} shows kab Alfa's object"
    if not LIST_PAGES[name]:
        return
    shown_to = []
    for who in INSIDERS:
        client, headers = logged_in(personas[who])
        response = client.get(url, query, **(headers if api else {}))
        if response.status_code == 200 and MARKER in body(response):
            shown_to.append(who)
    assert shown_to, f"{url} lists none of {LIST_PAGES[name]} for anyone: fix LIST_PAGES"


def test_every_page_without_a_parameter_answers_an_outsider_without_error(
    regions: dict[str, Any], personas: dict[str, Any], outsiders: dict[str, Any]
) -> None:
    """The pages that are not in LIST_PAGES at least answer, and show no marker either."""
    populate(World(regions=regions, people=personas))
    client, headers = logged_in(outsiders["beta-admin"])
    for name in sorted({n for n, _ in ALL} - set(WITH_PARAMETERS) - {"", "set_language"}):
        if name.endswith(":") or name in ("accounts:logout",):
            continue
        response = client.get(reverse(name), **(headers if name.startswith("api:") else {}))
        assert response.status_code < 500, f"{name}: {response.status_code}"
        assert MARKER not in body(response), f"{reverse(name)} shows kab Alfa's object"
