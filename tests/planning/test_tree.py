"""The problem tree's services: the order of kinds, what backs a node, who may write,
the lock of a submitted version, the audit, the offers and the copy into a new draft."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from sepakat.planning import plans, tree
from sepakat.planning.models_tree import ProblemTreeNode
from sepakat.planning.tree_selectors import indicator_facts, problem_trees

pytestmark = pytest.mark.django_db


def tree_events() -> list[dict[str, Any]]:
    out = []
    for entry in LogEntry.objects.order_by("pk"):
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        if str(changes.get("event", [""])[0]).startswith("plan tree"):
            out.append(changes)
    return out


def grow(w: dict[str, Any], actor: Any = None) -> dict[str, ProblemTreeNode]:
    """A small tree: core, a direct cause, a determinant under it, a root cause under the
    determinant and one straight under the direct cause."""
    actor = actor or w["personas"]["alice"]
    v, problem = w["version"], w["problem"]
    core = tree.node_add(
        actor=actor,
        version=v,
        problem=problem,
        kind="inti",
        statement="Partisipasi sekolah rendah",
        evidence="Skor prioritas set 2024",
    )
    direct = tree.node_add(
        actor=actor,
        version=v,
        problem=problem,
        kind="langsung",
        parent=core,
        statement="Anak miskin tidak melanjutkan ke SMP",
        evidence="Susenas 2024",
    )
    det = tree.node_add(
        actor=actor,
        version=v,
        problem=problem,
        kind="determinan",
        parent=direct,
        statement="Murid per sekolah terlalu banyak",
        indicator_code="det01",
    )
    root = tree.node_add(
        actor=actor,
        version=v,
        problem=problem,
        kind="akar",
        parent=det,
        statement="Sekolah dibangun tanpa peta kebutuhan",
        evidence="hasil FGD Desa Satu 2024",
    )
    root2 = tree.node_add(
        actor=actor,
        version=v,
        problem=problem,
        kind="akar",
        parent=direct,
        statement="Biaya transportasi tidak ditanggung",
        evidence="hasil FGD Desa Satu 2024",
    )
    return {"core": core, "direct": direct, "det": det, "root": root, "root2": root2}


def test_it_builds_a_tree_in_the_order_of_kinds_and_audits_each_node(
    tree_world: dict[str, Any],
) -> None:
    nodes = grow(tree_world)
    assert nodes["det"].indicator_code == "DET01"  # the catalogue's own spelling
    assert ProblemTreeNode.objects.filter(version=tree_world["version"]).count() == 5
    events = tree_events()
    assert [e["event"][0] for e in events] == ["plan tree node added"] * 5
    assert events[0]["problem"] == [tree_world["problem"].code]
    assert events[3]["kind"] == ["akar"] and events[3]["basis"] == ["hasil FGD Desa Satu 2024"]
    assert LogEntry.objects.filter(actor=tree_world["personas"]["alice"]).count() >= 5


@pytest.mark.parametrize(
    ("kind", "under", "message"),
    [
        ("determinan", "core", "tempatkan di bawah penyebab langsung"),
        ("akar", "core", "tempatkan di bawah penyebab langsung, determinan"),
        ("langsung", "direct", "tempatkan di bawah masalah inti"),
        ("akar", "root", "tempatkan di bawah penyebab langsung, determinan"),
        ("langsung", None, "Pilih simpul induk"),
        ("inti", None, "sudah mempunyai masalah inti"),
        ("inti", "core", "tidak berada di bawah simpul lain"),
        ("cabang", "core", "tidak dikenal"),
    ],
)
def test_it_refuses_a_node_out_of_order_and_writes_nothing(
    tree_world: dict[str, Any], kind: str, under: str | None, message: str
) -> None:
    nodes = grow(tree_world)
    before = (ProblemTreeNode.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationError) as exc:
        tree.node_add(
            actor=tree_world["personas"]["alice"],
            version=tree_world["version"],
            problem=tree_world["problem"],
            kind=kind,
            parent=nodes[under] if under else None,
            statement="Simpul baru",
            evidence="catatan",
        )
    assert message in " ".join(exc.value.messages)
    assert (ProblemTreeNode.objects.count(), LogEntry.objects.count()) == before


def test_a_parent_from_another_problems_tree_is_refused(tree_world: dict[str, Any]) -> None:
    nodes = grow(tree_world)
    with pytest.raises(ValidationError, match="Pilih simpul induk"):
        tree.node_add(
            actor=None,
            version=tree_world["version"],
            problem=tree_world["other_problem"],
            kind="langsung",
            parent=nodes["core"],
            statement="x",
            evidence="y",
        )


@pytest.mark.parametrize(
    ("indicator", "evidence", "message"),
    [
        ("", "", "Isi salah satu dasar simpul"),
        ("DET01", "hasil FGD", "tidak keduanya"),
        ("TIDAKADA", "", "Indikator 'TIDAKADA' tidak ada dalam katalog indikator"),
    ],
)
def test_a_node_rests_on_one_indicator_or_written_evidence(
    tree_world: dict[str, Any], indicator: str, evidence: str, message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        tree.node_add(
            actor=tree_world["personas"]["alice"],
            version=tree_world["version"],
            problem=tree_world["problem"],
            kind="inti",
            statement="Masalah",
            indicator_code=indicator,
            evidence=evidence,
        )
    assert message in " ".join(exc.value.messages)
    assert not ProblemTreeNode.objects.exists()


def test_an_empty_or_too_long_statement_is_refused(tree_world: dict[str, Any]) -> None:
    for statement, message in (("   ", "wajib diisi"), ("x" * 301, "terlalu panjang (301")):
        with pytest.raises(ValidationError) as exc:
            tree.node_add(
                actor=None,
                version=tree_world["version"],
                problem=tree_world["problem"],
                kind="inti",
                statement=statement,
                evidence="e",
            )
        assert message in " ".join(exc.value.messages)


def test_a_problem_outside_the_plans_priority_set_has_no_tree(tree_world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="bukan masalah prioritas dalam set"):
        tree.node_add(
            actor=None,
            version=tree_world["version"],
            problem=tree_world["outside_problem"],
            kind="inti",
            statement="x",
            evidence="y",
        )


@pytest.mark.parametrize("name", ["charlie", "frank", "erin"])
def test_only_the_regions_planner_or_admin_writes(tree_world: dict[str, Any], name: str) -> None:
    nodes = grow(tree_world)
    someone = tree_world["personas"][name]
    before = (ProblemTreeNode.objects.count(), LogEntry.objects.count())
    with pytest.raises(PermissionDenied):
        tree.node_add(
            actor=someone,
            version=tree_world["version"],
            problem=tree_world["problem"],
            kind="langsung",
            parent=nodes["core"],
            statement="x",
            evidence="y",
        )
    with pytest.raises(PermissionDenied):
        tree.node_change(
            actor=someone, node=nodes["core"], statement="x", indicator_code="", evidence="y"
        )
    with pytest.raises(PermissionDenied):
        tree.node_remove(actor=someone, node=nodes["root"])
    assert (ProblemTreeNode.objects.count(), LogEntry.objects.count()) == before
    # the regional admin of the region may
    tree.node_remove(actor=tree_world["personas"]["bob"], node=nodes["root"])
    assert not ProblemTreeNode.objects.filter(pk=nodes["root"].pk).exists()


def test_a_submitted_or_approved_version_is_locked(tree_world: dict[str, Any]) -> None:
    p = tree_world["personas"]
    nodes = grow(tree_world)
    version = plans.version_submit(actor=p["alice"], version=tree_world["version"])
    for write in (
        lambda: tree.node_add(
            actor=p["alice"],
            version=version,
            problem=tree_world["problem"],
            kind="langsung",
            parent=nodes["core"],
            statement="x",
            evidence="y",
        ),
        lambda: tree.node_change(
            actor=p["alice"], node=nodes["core"], statement="Baru", indicator_code="", evidence="y"
        ),
        lambda: tree.node_remove(actor=p["alice"], node=nodes["root"]),
    ):
        with pytest.raises(ValidationError, match="terkunci"):
            write()
    assert (
        ProblemTreeNode.objects.get(pk=nodes["core"].pk).statement == "Partisipasi sekolah rendah"
    )
    assert ProblemTreeNode.objects.count() == 5


def test_a_change_is_audited_with_before_and_after(tree_world: dict[str, Any]) -> None:
    nodes = grow(tree_world)
    tree.node_change(
        actor=tree_world["personas"]["alice"],
        node=nodes["direct"],
        statement="Anak miskin putus sekolah di SMP",
        indicator_code="DET01",
        evidence="",
    )
    changed = ProblemTreeNode.objects.get(pk=nodes["direct"].pk)
    assert (changed.statement, changed.indicator_code, changed.evidence) == (
        "Anak miskin putus sekolah di SMP",
        "DET01",
        "",
    )
    last = tree_events()[-1]
    assert last["event"] == ["plan tree node changed"]
    assert last["before"] == ["Anak miskin tidak melanjutkan ke SMP | Susenas 2024"]
    assert last["after"] == ["Anak miskin putus sekolah di SMP | DET01"]


def test_a_node_with_causes_under_it_is_not_removed(tree_world: dict[str, Any]) -> None:
    nodes = grow(tree_world)
    with pytest.raises(ValidationError, match="masih mempunyai 2 simpul di bawahnya"):
        tree.node_remove(actor=tree_world["personas"]["alice"], node=nodes["direct"])
    tree.node_remove(actor=tree_world["personas"]["alice"], node=nodes["root2"])
    assert ProblemTreeNode.objects.count() == 4
    assert tree_events()[-1]["event"] == ["plan tree node removed"]
    assert tree_events()[-1]["statement"] == ["Biaya transportasi tidak ditanggung"]


def test_the_set_offers_its_determinants_note_and_locations(tree_world: dict[str, Any]) -> None:
    offers = tree.offers(tree_world["version"], tree_world["problem"])
    assert [(o.key, o.indicator_code, o.location_code) for o in offers] == [
        ("ind:DET01", "DET01", ""),
        ("teks:1", "", ""),
        ("teks:3", "", ""),
        ("lokasi:98.01.01", "", "98.01.01"),
    ]
    assert offers[0].statement == "Rasio murid per sekolah dasar"
    assert offers[2].statement == "Orang tua kurang peduli"
    assert "Alfa Utara" in offers[3].statement
    assert all(o.kind == "determinan" for o in offers)


def test_the_catalogues_determinants_are_offered_when_the_set_names_none(
    tree_world: dict[str, Any],
) -> None:
    item = tree_world["version"].plan.priority_set.items.get(indicator=tree_world["problem"])
    item.determinants.clear()
    tree_world["problem"].determinants.add(tree_world["determinant"])
    offers = tree.offers(tree_world["version"], tree_world["problem"])
    assert offers[0].key == "ind:DET01" and "katalog" in offers[0].source


def test_an_offer_becomes_a_node_with_one_call_and_is_not_offered_again(
    tree_world: dict[str, Any],
) -> None:
    nodes = grow(tree_world)
    node = tree.offer_add(
        actor=tree_world["personas"]["alice"],
        version=tree_world["version"],
        problem=tree_world["problem"],
        key="lokasi:98.01.01",
        parent=nodes["direct"],
    )
    assert node.kind == "determinan" and node.location_code == "98.01.01"
    assert node.evidence.startswith("Lokasi prioritas set prioritas")
    assert tree_events()[-1]["offer"] == ["lokasi:98.01.01"]
    (drawn,) = problem_trees(tree_world["version"], tree_world["problem"])
    # DET01 is already in the tree (grow), the location now too; the note's lines remain
    assert [o.key for o in drawn.open_offers] == ["teks:1", "teks:3"]
    with pytest.raises(ValidationError, match="tidak ada lagi pada set prioritas"):
        tree.offer_add(
            actor=None,
            version=tree_world["version"],
            problem=tree_world["problem"],
            key="lokasi:98.02.01",
            parent=nodes["direct"],
        )


def test_the_latest_verified_value_and_its_source_are_shown(tree_world: dict[str, Any]) -> None:
    facts = indicator_facts({"DET01"}, tree_world["kab_a"])
    fact = facts["DET01"]
    assert (fact.value, fact.period, fact.source) == ("38,50", "2024", "Dapodik")
    assert fact.text == "DET01: 38,50 rasio (2024, Dapodik)"
    nobody = indicator_facts({"DET01"}, tree_world["kab_b"])["DET01"]
    assert nobody.text == "DET01: belum ada nilai terverifikasi"


def test_a_desa_indicator_is_summarised_over_the_regions_desa(tree_world: dict[str, Any]) -> None:
    from sepakat.datahub.models import Indicator, Observation

    podes = Indicator.objects.create(
        code="PDS99",
        name_id="Jarak ke SD terdekat",
        area="pendidikan",
        unit="km",
        polarity=-1,
        decimals=1,
        source="Podes",
    )
    for desa, value in ((tree_world["desa_a"], 2.0), (tree_world["desa_b"], 9.0)):
        Observation.objects.create(
            indicator=podes, region=desa, period="2024", value=value, status="verified"
        )
    fact = indicator_facts({"PDS99"}, tree_world["kab_a"])["PDS99"]
    assert fact.text == "PDS99: rata-rata 2,0 km di 1 desa (2024, Podes)"  # kab B's desa left out


def test_a_new_draft_copies_the_trees_and_the_approved_one_stays(
    tree_world: dict[str, Any],
) -> None:
    p = tree_world["personas"]
    nodes = grow(tree_world)
    v1 = plans.version_submit(actor=p["alice"], version=tree_world["version"])
    v1 = plans.version_approve(actor=p["bob"], version=v1)
    v2 = plans.version_draft_from(actor=p["alice"], version=v1)

    def shape(version: Any) -> list[tuple[str, str, str]]:
        return sorted(
            (n.kind, n.statement, n.parent.statement if n.parent else "")
            for n in version.tree_nodes.select_related("parent")
        )

    assert shape(v2) == shape(v1) and len(shape(v2)) == 5
    assert not set(v2.tree_nodes.values_list("pk", flat=True)) & {n.pk for n in nodes.values()}
    copy = v2.tree_nodes.get(statement="Biaya transportasi tidak ditanggung")
    tree.node_remove(actor=p["alice"], node=copy)
    assert v1.tree_nodes.count() == 5 and v2.tree_nodes.count() == 4
