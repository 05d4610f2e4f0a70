"""The problem tree page: the planner edits through HTMX and gets the problem's section
back, a viewer reads the drawing only, another region gets 404 and nothing is written."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from sepakat.planning import plans, tree
from sepakat.planning.models_tree import ProblemTreeNode

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def core(tree_world: dict[str, Any]) -> ProblemTreeNode:
    return tree.node_add(
        actor=tree_world["personas"]["alice"],
        version=tree_world["version"],
        problem=tree_world["problem"],
        kind="inti",
        statement="Partisipasi sekolah rendah",
        evidence="Skor prioritas set 2024",
    )


def page_url(w: dict[str, Any]) -> str:
    return reverse("planning:tree", args=[w["version"].pk])


def test_the_planner_sees_one_tree_per_problem_with_its_forms(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["alice"])
    text = client.get(page_url(tree_world)).content.decode()
    for code in tree_world["problems"]:
        assert f'id="pohon-{code}"' in text
    assert "<svg" in text and "Partisipasi sekolah rendah" in text
    assert "Bukti: Skor prioritas set 2024" in text
    assert "Tambah penyebab" in text  # the tree with its core problem takes causes
    assert "Mulai pohon masalah" in text  # the other problems have none yet
    assert 'hx-post="' in text and "<script>" not in text
    assert "planning/tree.css" in text


def test_the_plan_version_page_links_to_the_tree(
    tree_world: dict[str, Any], login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["frank"])
    text = client.get(
        reverse("planning:plan_version", args=[tree_world["version"].pk])
    ).content.decode()
    assert page_url(tree_world) in text and "Pohon masalah" in text


def test_a_cause_added_through_htmx_comes_back_drawn_in_the_fragment(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["alice"])
    response = client.post(
        reverse("planning:tree_node_add", args=[tree_world["version"].pk]),
        {
            "masalah": tree_world["problem"].code,
            "jenis": "langsung",
            "induk": core.pk,
            "rumusan": "Anak miskin tidak melanjutkan ke SMP",
            "bukti": "Susenas 2024",
        },
        **HTMX,
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text and text.lstrip().startswith("<section")
    assert f'id="pohon-{tree_world["problem"].code}"' in text
    assert "<svg" in text and "Anak miskin tidak melanjutkan" in text
    assert "Simpul ditambahkan." in text
    node = ProblemTreeNode.objects.get(kind="langsung")
    assert node.parent == core and node.created_by == tree_world["personas"]["alice"]
    assert LogEntry.objects.filter(changes__icontains="plan tree node added").count() == 2


def test_bad_input_comes_back_in_the_fragment_and_nothing_is_written(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["alice"])
    before = (ProblemTreeNode.objects.count(), LogEntry.objects.count())
    response = client.post(
        reverse("planning:tree_node_add", args=[tree_world["version"].pk]),
        {
            "masalah": tree_world["problem"].code,
            "jenis": "determinan",
            "induk": core.pk,
            "rumusan": "Sekolah jauh",
            "indikator": "DET01",
            "form": "tambah",
        },
        **HTMX,
    )
    text = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in text
    assert "tempatkan di bawah penyebab langsung" in text
    # what was typed comes back in the form
    assert 'value="Sekolah jauh"' in text and 'value="determinan" selected' in text
    assert (ProblemTreeNode.objects.count(), LogEntry.objects.count()) == before


def test_an_offered_determinant_is_added_with_one_click(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    direct = tree.node_add(
        actor=None,
        version=tree_world["version"],
        problem=tree_world["problem"],
        kind="langsung",
        parent=core,
        statement="Anak miskin tidak melanjutkan",
        evidence="Susenas",
    )
    client = login_as(tree_world["personas"]["alice"])
    page = client.get(page_url(tree_world)).content.decode()
    assert 'value="ind:DET01"' in page and "Tambahkan sebagai determinan" in page
    response = client.post(
        reverse("planning:tree_offer_add", args=[tree_world["version"].pk]),
        {"masalah": tree_world["problem"].code, "tawaran": "ind:DET01", "induk": direct.pk},
        **HTMX,
    )
    text = response.content.decode()
    assert "Rasio murid per sekolah dasar" in text and "DET01: 38,50 rasio (2024, Dapodik)" in text
    assert 'value="ind:DET01"' not in text  # no longer offered
    assert ProblemTreeNode.objects.filter(parent=direct, indicator_code="DET01").exists()


def test_without_htmx_a_post_redirects_back_to_the_problem(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["bob"])
    response = client.post(
        reverse("planning:tree_node_change", args=[core.pk]),
        {"rumusan": "Banyak anak tidak bersekolah", "indikator": "", "bukti": "Susenas 2024"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#pohon-{tree_world['problem'].code}")
    core.refresh_from_db()
    assert core.statement == "Banyak anak tidak bersekolah"
    followed = client.get(response["Location"]).content.decode()
    assert "Simpul diubah." in followed


def test_a_node_is_removed_through_htmx(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["alice"])
    response = client.post(reverse("planning:tree_node_remove", args=[core.pk]), **HTMX)
    assert "Simpul dihapus." in response.content.decode()
    assert "Mulai pohon masalah" in response.content.decode()
    assert not ProblemTreeNode.objects.exists()


def test_a_viewer_reads_the_tree_but_gets_no_forms_and_may_not_write(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["frank"])
    text = client.get(page_url(tree_world)).content.decode()
    assert "Partisipasi sekolah rendah" in text and "<svg" in text
    assert "hx-post" not in text and "Tambah penyebab" not in text
    before = (ProblemTreeNode.objects.count(), LogEntry.objects.count())
    response = client.post(reverse("planning:tree_node_remove", args=[core.pk]), **HTMX)
    assert response.status_code == 403
    assert (ProblemTreeNode.objects.count(), LogEntry.objects.count()) == before


def test_another_region_gets_404_and_nothing_is_written(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["charlie"])
    before = (ProblemTreeNode.objects.count(), LogEntry.objects.count())
    response = client.get(page_url(tree_world))
    assert response.status_code == 404
    assert "Partisipasi sekolah rendah" not in response.content.decode()
    for url, data in (
        (
            reverse("planning:tree_node_add", args=[tree_world["version"].pk]),
            {
                "masalah": tree_world["problem"].code,
                "jenis": "langsung",
                "induk": core.pk,
                "rumusan": "x",
                "bukti": "y",
            },
        ),
        (reverse("planning:tree_node_change", args=[core.pk]), {"rumusan": "x", "bukti": "y"}),
        (reverse("planning:tree_node_remove", args=[core.pk]), {}),
    ):
        assert client.post(url, data, **HTMX).status_code == 404
    assert (ProblemTreeNode.objects.count(), LogEntry.objects.count()) == before


def test_a_locked_version_is_read_only_on_the_page(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    plans.version_submit(actor=tree_world["personas"]["alice"], version=tree_world["version"])
    client = login_as(tree_world["personas"]["alice"])
    text = client.get(page_url(tree_world)).content.decode()
    assert "Versi ini terkunci" in text and "hx-post" not in text
    response = client.post(
        reverse("planning:tree_node_change", args=[core.pk]),
        {"rumusan": "Baru", "bukti": "y"},
        **HTMX,
    )
    assert "terkunci" in response.content.decode()
    core.refresh_from_db()
    assert core.statement == "Partisipasi sekolah rendah"


def test_the_drawing_uses_plain_numbers_in_an_indonesian_page(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    """SVG coordinates must not take the decimal comma of the Indonesian locale."""
    client = login_as(tree_world["personas"]["alice"])
    text = client.get(page_url(tree_world)).content.decode()
    svg = text[text.index("<svg") : text.index("</svg>")]
    for value in re.findall(r' (?:x|y|width|height)="([^"]+)"', svg):
        float(value)


def test_the_page_asks_the_database_the_same_number_of_times_for_a_bigger_tree(
    tree_world: dict[str, Any],
    core: ProblemTreeNode,
    login_as: Callable[[Any], Any],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(kind: str, parent: ProblemTreeNode, n: int) -> ProblemTreeNode:
        return tree.node_add(
            actor=None,
            version=tree_world["version"],
            problem=tree_world["problem"],
            kind=kind,
            parent=parent,
            statement=f"Sebab {n}",
            indicator_code="DET01",
        )

    direct = add("langsung", core, 0)  # the small tree already reads an indicator
    client = login_as(tree_world["personas"]["alice"])
    url = page_url(tree_world)
    client.get(url)  # sessions and caches warm
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    determinant = add("determinan", direct, 1)
    add("akar", determinant, 2)
    add("akar", direct, 3)
    with CaptureQueriesContext(connection) as big:
        text = client.get(url).content.decode()
    assert "Sebab 3" in text
    assert len(big.captured_queries) == len(small.captured_queries)


def test_the_page_reads_in_english(
    tree_world: dict[str, Any], core: ProblemTreeNode, login_as: Callable[[Any], Any]
) -> None:
    client = login_as(tree_world["personas"]["alice"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(page_url(tree_world)).content.decode()
    assert "Problem tree: plan of" in text and "Add a cause" in text
    assert "Core problem" in text and "Evidence: Skor prioritas set 2024" in text
