"""The resource library: versioned resources, public or for regions with access."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sepakat.core.errors import UserError
from sepakat.library.models import Resource
from sepakat.library.services import resource_create, resource_new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def manual(personas):
    return resource_create(
        user=personas["diana"],
        title="Buku Panduan SEPAKAT",
        kind="manual",
        audience="public",
        file=SimpleUploadedFile("panduan.pdf", b"%PDF-1.4 panduan v1"),
    )


@pytest.fixture
def deck(personas):
    return resource_create(
        user=personas["diana"],
        title="Bahan presentasi analisis",
        kind="presentation",
        audience="access",
        url="https://video.example/bahan",
    )


def test_the_central_admin_adds_a_resource(client, login_as, personas):
    login_as(personas["diana"])
    response = client.post(
        reverse("library:new"),
        {
            "title": "Video tutorial unggah data",
            "kind": "video",
            "audience": "access",
            "url": "https://video.example/unggah",
        },
    )
    resource = Resource.objects.get()
    assert response["Location"] == reverse("library:detail", args=[resource.slug])
    assert resource.kind == "video" and resource.version == 1
    assert LogEntry.objects.get_for_object(resource).get().actor == personas["diana"]


def test_a_resource_needs_a_file_or_a_link(personas):
    with pytest.raises(UserError, match="berkas atau isi tautannya"):
        resource_create(user=personas["diana"], title="Kosong", kind="manual", audience="public")


def test_a_new_version_replaces_the_current_one_and_keeps_history(client, manual, personas):
    v2 = resource_new_version(
        user=personas["diana"],
        resource=manual,
        file=SimpleUploadedFile("panduan2.pdf", b"%PDF-1.4 panduan v2"),
    )
    manual.refresh_from_db()
    assert (manual.is_current, v2.is_current, v2.version) == (False, True, 2)
    page = client.get(reverse("library:detail", args=[manual.slug])).content.decode()
    assert "v2" in page and "v1" in page
    response = client.get(reverse("library:download", args=[manual.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 panduan v1"


def test_the_public_sees_only_public_resources(client, manual, deck):
    page = client.get(reverse("library:index")).content.decode()
    assert "Buku Panduan SEPAKAT" in page and "Bahan presentasi analisis" not in page
    assert client.get(reverse("library:download", args=[deck.pk])).status_code == 404
    assert client.get(reverse("library:detail", args=[deck.slug])).status_code == 404
    assert "Buku Panduan SEPAKAT" in client.get("/").content.decode()


def test_users_see_resources_for_regions_with_access(client, login_as, personas, manual, deck):
    login_as(personas["frank"])
    page = client.get(reverse("library:index")).content.decode()
    assert "Bahan presentasi analisis" in page
    response = client.get(reverse("library:download", args=[deck.pk]))
    assert response.status_code == 302 and response["Location"] == "https://video.example/bahan"


@pytest.mark.parametrize("persona", ["alice", "bob", "erin", "frank", "grace", "hana"])
def test_only_the_central_admin_edits_the_library(client, login_as, personas, persona, manual):
    login_as(personas[persona])
    assert client.get(reverse("library:new")).status_code == 403
    assert client.post(reverse("library:new_version", args=[manual.slug])).status_code == 403


def test_the_library_list_has_a_fixed_query_count(client, personas, django_assert_max_num_queries):
    for n in range(10):
        resource_create(
            user=personas["diana"],
            title=f"Brosur {n}",
            kind="booklet",
            audience="public",
            url=f"https://x.example/{n}",
        )
    with django_assert_max_num_queries(3):
        page = client.get(reverse("library:index")).content.decode()
    assert page.count("data-resource=") == 10
