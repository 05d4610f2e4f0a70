"""The OPD's quarterly report: the operator submits, the regional admin verifies, the
planner reads, outsiders get 404, and `sepakat monitor --period qN` reads verified
reports only."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from sepakat.core.errors import UserError
from sepakat.monitoring import quarter_rules
from sepakat.monitoring.models import QuarterReport, QuarterStatus
from sepakat.monitoring.quarter_services import Entry, quarter_review, quarter_save
from sepakat.monitoring.services import targets_from_plan
from sepakat.planning.models_plan import Intervention, PlanVersion
from tests.isolation_objects import World, intervention

URL = reverse("monitoring:quarter", kwargs={"code": "98.01", "year": 2025, "quarter": 1})


@pytest.fixture
def sub(regions: dict[str, Any], personas: dict[str, Any]) -> Intervention:
    """Alfa's sub kegiatan (target 10 Unit, pagu Rp 1000 in 2025) in an approved plan."""
    item: Intervention = intervention(World(regions=regions, people=personas))
    PlanVersion.objects.filter(pk=item.version_id).update(status="approved")
    return item


def _post(client: Any, sub: Intervention, action: str, **values: str) -> Any:
    form = {"action": action}
    form.update({f"{k}-{sub.pk}": v for k, v in values.items()})
    return client.post(URL, form)


@pytest.mark.parametrize(
    ("output", "money", "late_output", "late_money"),
    [
        ("2.5", "150", False, False),  # exactly a quarter of 10 and 15 % of 1000
        ("2.4", "150", True, False),
        ("2.5", "149", False, True),
    ],
)
def test_behind_is_under_the_pro_rata_share_or_the_absorption_benchmark(
    output: str, money: str, late_output: bool, late_money: bool
) -> None:
    late = quarter_rules.behind(
        quarter=1,
        year_target=Decimal(10),
        polarity=1,
        output=Decimal(output),
        budget=Decimal(1000),
        financial=Decimal(money),
    )
    assert (late.output, late.financial) == (late_output, late_money)


def test_a_lower_is_better_output_is_checked_on_money_only() -> None:
    late = quarter_rules.behind(
        quarter=3,
        year_target=Decimal(10),
        polarity=-1,
        output=Decimal(0),
        budget=None,
        financial=Decimal(0),
    )
    assert not late.any
    # by the third quarter 60 % of the pagu is expected
    assert quarter_rules.behind(
        quarter=3,
        year_target=None,
        polarity=1,
        output=Decimal(0),
        budget=Decimal(100),
        financial=Decimal(59),
    ).financial


@pytest.mark.django_db
def test_operator_submits_admin_verifies_planner_reads(
    personas: dict[str, Any], sub: Intervention, login_as: Any
) -> None:
    operator = login_as(personas["erin"])
    page = operator.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    # the Permendagri columns and the quarter's share (10 / 4)
    assert "Indikator keluaran" in text and "Jumlah sekolah" in text and ">2,50<" in text
    # behind on output (2 < 2.5) and money (10 % < 15 %) without a reason: refused, not saved
    refused = _post(operator, sub, "ajukan", output="2", financial="100")
    assert refused.status_code == 200
    assert "tulis alasannya sebelum mengajukan" in refused.content.decode()
    assert not QuarterReport.objects.exists()
    before = LogEntry.objects.count()
    done = _post(operator, sub, "ajukan", output="2", financial="100", reason="Lelang ulang")
    assert done.status_code == 302
    report = QuarterReport.objects.get()
    assert report.status == QuarterStatus.SUBMITTED and report.submitted_by == personas["erin"]
    assert LogEntry.objects.count() > before
    # a submitted quarter is no longer the operator's to change
    again = _post(operator, sub, "ajukan", output="3", financial="100", reason="x")
    assert "tidak dapat diubah" in again.content.decode()
    assert QuarterReport.objects.get().output == 2
    # the operator does not verify
    assert operator.post(URL, {"action": "verifikasi"}).status_code == 403
    # the planner reads but does not write
    planner = login_as(personas["alice"])
    assert "Lelang ulang" in planner.get(URL).content.decode()
    assert planner.post(URL, {"action": "verifikasi"}).status_code == 403
    # the regional admin verifies
    admin = login_as(personas["bob"])
    assert admin.post(URL, {"action": "verifikasi"}).status_code == 302
    report.refresh_from_db()
    assert report.status == QuarterStatus.VERIFIED and report.verified_by == personas["bob"]
    assert "terverifikasi" in planner.get(URL).content.decode()


@pytest.mark.django_db
def test_outsiders_get_404(personas: dict[str, Any], sub: Intervention, login_as: Any) -> None:
    assert login_as(personas["charlie"]).get(URL).status_code == 404
    assert login_as(personas["charlie"]).post(URL, {"action": "ajukan"}).status_code == 404
    assert not QuarterReport.objects.exists()
    bad = reverse("monitoring:quarter", kwargs={"code": "98.01", "year": 2025, "quarter": 5})
    assert login_as(personas["alice"]).get(bad).status_code == 404


@pytest.mark.django_db
def test_return_needs_a_note_and_reopens_the_quarter(
    personas: dict[str, Any], regions: dict[str, Any], sub: Intervention
) -> None:
    kab = regions["kab_a"]
    entry = Entry(intervention_id=sub.pk, output=Decimal(3), financial=Decimal(200))
    quarter_save(
        actor=personas["erin"], region=kab, year=2025, quarter=1, entries=[entry], submit=True
    )
    with pytest.raises(UserError, match="Tulis catatan"):
        quarter_review(actor=personas["bob"], region=kab, year=2025, quarter=1, verify=False)
    quarter_review(
        actor=personas["bob"], region=kab, year=2025, quarter=1, verify=False, note="Cek SP2D"
    )
    assert QuarterReport.objects.get().status == QuarterStatus.RETURNED
    quarter_save(
        actor=personas["erin"], region=kab, year=2025, quarter=1, entries=[entry], submit=True
    )
    assert QuarterReport.objects.get().status == QuarterStatus.SUBMITTED


@pytest.mark.django_db
def test_nobody_verifies_their_own_submission(
    personas: dict[str, Any], regions: dict[str, Any], sub: Intervention
) -> None:
    QuarterReport.objects.create(
        region=regions["kab_a"],
        year=2025,
        quarter=1,
        intervention=sub,
        output=3,
        financial=200,
        status=QuarterStatus.SUBMITTED,
        submitted_by=personas["bob"],
    )
    with pytest.raises(UserError, match="Anda sendiri"):
        quarter_review(
            actor=personas["bob"], region=regions["kab_a"], year=2025, quarter=1, verify=True
        )


@pytest.mark.django_db
def test_cumulative_output_does_not_fall_and_every_line_is_filled(
    personas: dict[str, Any], regions: dict[str, Any], sub: Intervention
) -> None:
    kab = regions["kab_a"]
    first = Entry(intervention_id=sub.pk, output=Decimal(4), financial=Decimal(200))
    quarter_save(
        actor=personas["erin"], region=kab, year=2025, quarter=1, entries=[first], submit=False
    )
    with pytest.raises(UserError, match="kumulatif"):
        quarter_save(
            actor=personas["erin"],
            region=kab,
            year=2025,
            quarter=2,
            entries=[Entry(intervention_id=sub.pk, output=Decimal(3), financial=Decimal(500))],
            submit=False,
        )
    with pytest.raises(UserError, match="belum diisi"):
        quarter_save(
            actor=personas["erin"], region=kab, year=2025, quarter=2, entries=[], submit=True
        )


def _monitor(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("monitor", *args, stdout=out, stderr=io.StringIO())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.django_db
def test_the_command_reads_verified_quarter_reports_only(
    personas: dict[str, Any], regions: dict[str, Any], sub: Intervention
) -> None:
    kab = regions["kab_a"]
    version = PlanVersion.objects.get(pk=sub.version_id)
    targets_from_plan(actor=None, version=version)
    entry = Entry(intervention_id=sub.pk, output=Decimal(2), financial=Decimal(100), reason="x")
    quarter_save(
        actor=personas["erin"], region=kab, year=2025, quarter=1, entries=[entry], submit=True
    )
    (row,) = _monitor("98.01", "--year", "2025", "--period", "q1")
    assert row["realisation"] == "" and row["band"] == ""
    quarter_review(actor=personas["bob"], region=kab, year=2025, quarter=1, verify=True)
    (row,) = _monitor("98.01", "--year", "2025", "--period", "q1")
    # cumulative 2 of the year's 10: 20 %, sangat rendah
    assert (row["indicator"], row["level"], row["target"]) == ("Jumlah sekolah", "rpkd", "10.0")
    assert (row["realisation"], row["achievement_pct"], row["band"]) == (
        "2.0",
        "20.00",
        "sangat rendah",
    )
    # another quarter and the year (read from the fourth quarter) have no verified report
    assert _monitor("98.01", "--year", "2025", "--period", "q2")[0]["realisation"] == ""
    assert _monitor("98.01", "--year", "2025")[0]["realisation"] == ""


@pytest.mark.django_db
def test_the_operator_finds_the_quarterly_report_from_the_index(
    personas: dict[str, Any], sub: Intervention, login_as: Any
) -> None:
    targets_from_plan(actor=None, version=PlanVersion.objects.get(pk=sub.version_id))
    text = login_as(personas["erin"]).get(reverse("monitoring:index")).content.decode()
    assert f'href="{URL}"' in text
    # the monitoring table is for the cycle roles, not linked for the operator
    assert 'href="/pemantauan/98.01/2025/"' not in text
    assert 'href="/pemantauan/98.01/2025/"' in (
        login_as(personas["alice"]).get(reverse("monitoring:index")).content.decode()
    )
