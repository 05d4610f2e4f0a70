"""Tags of budget lines: suggested from the approved plan, applied in bulk, audited.

A line whose sub kegiatan code is an intervention of the region's plan in force for the
line's year is, by the plan's own decision, poverty spending: it carries the plan's tags
(kemiskinan-ekstrem, stunting and the intervention's strategy), it serves the plan's
problems directly, and it is linked to the intervention, its priority problem(s) and the
locations of that year. The plan is the TKPKD's agreed document, so its word is suggested,
never forced: a planner applies the suggestions (all, or the lines chosen) or sets tags by
hand on a chosen set of lines. Suggestions only add: a tag a line already carries (from
SIPD-RI's export) stays.

Every write checks the actor (a planner or regional admin of the region or of the province
above; none for the server's operator), runs in one transaction and leaves one audit row
naming the event ``budget lines tagged`` and the number of lines changed, and starts a new
data generation of the region's province, so that cached analyses that read the tags are
computed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.models import User
from sepakat.budgeting.budget_import import may_import
from sepakat.budgeting.models import ApbdLine, Service
from sepakat.budgeting.tagging_selectors import LineFilter, matching_lines
from sepakat.budgeting.vocabulary import TAGS
from sepakat.core.audit import record_bulk_change
from sepakat.datahub.generations import bump_data_generation
from sepakat.planning.models_plan import Intervention, Plan, PlanVersion
from sepakat.planning.plan_selectors import approved_version
from sepakat.priorities.models import PrioritySetItem
from sepakat.regions.models import Region

EVENT = "budget lines tagged"


@dataclass(frozen=True)
class Suggestion:
    """What the plan says of one line; ``changes`` is False when the line already says it."""

    line_id: int
    sub_kegiatan_code: str
    stage: str
    tags: str
    service: str
    intervention_id: int
    problem_codes: str
    locations: tuple[str, ...]
    changes: bool


def order_tags(words: Iterable[str]) -> str:
    """The tag words in the fixed order of :data:`TAGS`, each once."""
    wanted = set(words)
    return " ".join(t for t in TAGS if t in wanted)


def plan_in_force(region: Region, year: int) -> PlanVersion | None:
    """The approved version of the region's plan whose period covers the year (the latest
    such plan when periods overlap after a revision of the RPJMD)."""
    for plan in Plan.objects.filter(
        region=region, start_year__lte=year, end_year__gte=year
    ).order_by("-start_year"):
        version = approved_version(plan)
        if version is not None:
            return version
    return None


def _plan_view(version: PlanVersion, year: int) -> dict[str, dict[str, object]]:
    """Per sub kegiatan code: the plan's tags, first intervention, problems, locations.

    One code may serve two problems (two interventions): the line then serves both and
    carries the tags of both; it is linked to the first intervention in the plan's order.
    """
    view: dict[str, dict[str, object]] = {}
    interventions = (
        Intervention.objects.filter(version=version)
        .select_related("problem")
        .prefetch_related("years")
        .order_by("position")
    )
    for item in interventions:
        entry = view.setdefault(
            item.sub_kegiatan_code,
            {"tags": set(), "intervention": item.pk, "problems": [], "locations": []},
        )
        tags: set[str] = entry["tags"]  # type: ignore[assignment]
        tags.add(item.strategy)
        if item.tag_extreme_poverty:
            tags.add("kemiskinan-ekstrem")
        if item.tag_stunting:
            tags.add("stunting")
        problems: list[str] = entry["problems"]  # type: ignore[assignment]
        if item.problem.code not in problems:
            problems.append(item.problem.code)
        locations: list[str] = entry["locations"]  # type: ignore[assignment]
        for row in item.years.all():
            if row.year == year:
                locations.extend(c for c in row.locations if c not in locations)
    return view


def suggest_tags(region: Region, year: int) -> list[Suggestion]:
    """The plan's suggestion for every line of the year (all stages) whose sub kegiatan is
    an intervention of the plan in force; empty when the region has no approved plan
    covering the year."""
    version = plan_in_force(region, year)
    if version is None:
        return []
    view = _plan_view(version, year)
    out: list[Suggestion] = []
    lines = ApbdLine.objects.filter(region=region, year=year, sub_kegiatan_code__in=list(view))
    for line in lines.order_by("stage", "sub_kegiatan_code", "skpd_code", "account", "pk"):
        entry = view[line.sub_kegiatan_code]
        tags = order_tags([*line.tag_list, *entry["tags"]])  # type: ignore[misc]
        problems = " ".join(entry["problems"])  # type: ignore[arg-type]
        locations: tuple[str, ...] = tuple(entry["locations"])  # type: ignore[arg-type]
        intervention = int(entry["intervention"])  # type: ignore[call-overload]
        changes = (
            tags != line.tags
            or line.service != Service.DIRECT
            or line.intervention_id != intervention
            or line.problem_codes != problems
            or tuple(line.locations) != locations
        )
        out.append(
            Suggestion(
                line_id=line.pk,
                sub_kegiatan_code=line.sub_kegiatan_code,
                stage=line.stage,
                tags=tags,
                service=Service.DIRECT,
                intervention_id=intervention,
                problem_codes=problems,
                locations=locations,
                changes=changes,
            )
        )
    return out


def _check_actor(actor: User | None, region: Region) -> None:
    if not may_import(actor, region):
        raise PermissionDenied(
            _(
                "Pengguna %(user)s tidak berhak memberi tag anggaran %(region)s; tag diberikan "
                "oleh perencana atau admin daerah wilayah itu."
            )
            % {"user": getattr(actor, "username", "-"), "region": region.display_name}
        )


def _locked_lines(region: Region, line_ids: Sequence[int]) -> dict[int, ApbdLine]:
    """The chosen lines, locked; a line of another region or one that no longer exists
    refuses the whole request (a stale page or a forged id), so nothing is half-tagged."""
    wanted = set(line_ids)
    lines = {
        line.pk: line
        for line in ApbdLine.objects.select_for_update().filter(region=region, pk__in=wanted)
    }
    missing = sorted(wanted - set(lines))
    if missing:
        raise ValidationError(
            _(
                "Baris anggaran %(ids)s tidak ada di anggaran %(region)s. Muat ulang daftar "
                "baris, pilih lagi, lalu simpan."
            )
            % {"ids": ", ".join(str(i) for i in missing[:10]), "region": region.display_name}
        )
    return lines


def _audit(actor: User | None, region: Region, how: str, count: int, years: set[int]) -> None:
    # the tags decide what the Penganggaran page counts as poverty spending: its cached
    # reports of the region must be computed again
    bump_data_generation([region.code])
    record_bulk_change(
        actor=actor,
        model=ApbdLine,
        object_repr=_("Anggaran %(region)s") % {"region": region.code},
        summary={
            "event": [EVENT],
            "region": [region.code],
            "how": [how],
            "years": [str(y) for y in sorted(years)],
            "lines": [str(count)],
        },
    )
    bump_data_generation([region.code])


@transaction.atomic
def suggestions_apply(
    *, actor: User | None, region: Region, year: int, line_ids: Sequence[int] | None = None
) -> int:
    """Apply the plan's suggestions to the chosen lines (all suggested lines when None);
    returns the number of lines changed. Nothing changed: no write, no audit row."""
    _check_actor(actor, region)
    suggestions = {s.line_id: s for s in suggest_tags(region, year)}
    if line_ids is not None:
        unknown = sorted(set(line_ids) - set(suggestions))
        if unknown:
            raise ValidationError(
                _(
                    "Rencana yang berlaku tidak menyarankan tag untuk baris %(ids)s tahun "
                    "%(year)s. Pilih hanya baris yang ada di daftar saran."
                )
                % {"ids": ", ".join(str(i) for i in unknown[:10]), "year": year}
            )
    chosen = [s for s in suggestions.values() if line_ids is None or s.line_id in line_ids]
    chosen = [s for s in chosen if s.changes]
    lines = _locked_lines(region, [s.line_id for s in chosen])
    for s in chosen:
        line = lines[s.line_id]
        line.tags = s.tags
        line.service = s.service
        line.intervention_id = s.intervention_id
        line.problem_codes = s.problem_codes
        line.locations = list(s.locations)
    ApbdLine.objects.bulk_update(
        list(lines.values()),
        ["tags", "service", "intervention", "problem_codes", "locations"],
        batch_size=500,
    )
    if chosen:
        _audit(actor, region, "plan", len(chosen), {year})
    return len(chosen)


def linkable_problems(region: Region, year: int) -> list[tuple[str, str]]:
    """The priority problems a line of the year may be linked to: those of the priority
    set the plan in force was made from (code, Indonesian name), in the set's order."""
    version = plan_in_force(region, year)
    if version is None:
        return []
    items = PrioritySetItem.objects.filter(priority_set_id=version.plan.priority_set_id)
    return [
        (code, name)
        for code, name in items.order_by("position").values_list(
            "indicator__code", "indicator__name_id"
        )
    ]


def _check_change(
    region: Region,
    add: list[str],
    remove: list[str],
    service: str | None,
    problem: str,
    years: set[int],
) -> None:
    unknown = [w for w in (*add, *remove) if w not in TAGS]
    if unknown:
        raise ValidationError(
            _("Tag %(words)s tidak dikenal; pakai kata dari: %(known)s.")
            % {"words": ", ".join(unknown), "known": " ".join(TAGS)}
        )
    if set(add) & set(remove):
        raise ValidationError(_("Satu tag tidak bisa ditambah dan dihapus sekaligus."))
    if service is not None and service not in ("", *Service.values):
        raise ValidationError(
            _("Sifat '%(value)s' tidak dikenal; pakai 'langsung', 'penunjang' atau kosong.")
            % {"value": service}
        )
    for year in sorted(years) if problem else ():
        if problem not in dict(linkable_problems(region, year)):
            raise ValidationError(
                _(
                    "Masalah %(code)s bukan masalah prioritas rencana %(region)s yang berlaku "
                    "tahun %(year)s. Pilih masalah dari daftar set prioritas rencana itu."
                )
                % {"code": problem, "region": region.display_name, "year": year}
            )


def _changed_lines(
    lines: Iterable[ApbdLine], add: list[str], remove: list[str], service: str | None, problem: str
) -> list[ApbdLine]:
    """The lines the change alters, already altered in memory (nothing saved)."""
    changed: list[ApbdLine] = []
    for line in lines:
        tags = order_tags((set(line.tag_list) | set(add)) - set(remove))
        mark = line.service if service is None else service
        codes = line.problem_codes.split()
        if problem and problem not in codes:
            codes.append(problem)
        problems = " ".join(codes)
        if (tags, mark, problems) != (line.tags, line.service, line.problem_codes):
            line.tags, line.service, line.problem_codes = tags, mark, problems
            changed.append(line)
    return changed


def _save_changes(changed: list[ApbdLine]) -> None:
    """One UPDATE per distinct new state (and per 900 ids): a bulk change gives most lines
    the same tags and mark, and ``bulk_update`` would send one CASE per line instead."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for line in changed:
        groups.setdefault((line.tags, line.service, line.problem_codes), []).append(line.pk)
    for (tags, service, problems), ids in groups.items():
        for start in range(0, len(ids), 900):
            ApbdLine.objects.filter(pk__in=ids[start : start + 900]).update(
                tags=tags, service=service, problem_codes=problems
            )


@transaction.atomic
def lines_tag(
    *,
    actor: User | None,
    region: Region,
    line_ids: Sequence[int],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    service: str | None = None,
    problem: str = "",
) -> int:
    """A bulk tag change on chosen lines: add and remove tag words, set them direct,
    supporting or neither (``""``; ``None`` leaves the mark alone) and link them to a
    priority problem of the plan in force (``""`` links none). Returns the number of lines
    changed."""
    _check_actor(actor, region)
    add, remove = list(add), list(remove)
    _check_change(region, add, remove, service, "", set())
    if not line_ids:
        raise ValidationError(_("Belum ada baris anggaran yang dipilih."))
    lines = _locked_lines(region, line_ids)
    _check_change(region, add, remove, service, problem, {li.year for li in lines.values()})
    changed = _changed_lines(lines.values(), add, remove, service, problem)
    _save_changes(changed)
    if changed:
        _audit(actor, region, "bulk", len(changed), {line.year for line in changed})
    return len(changed)


@dataclass(frozen=True)
class FilterChange:
    matched: int
    changed: int


@transaction.atomic
def lines_tag_matching(
    *,
    actor: User | None,
    region: Region,
    line_filter: LineFilter,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    service: str | None = None,
    problem: str = "",
    dry_run: bool = False,
) -> FilterChange:
    """The bulk change of :func:`lines_tag` on every line the filter selects (the page's
    "all lines on this filter" and the command line). A dry run counts the lines the
    change would alter and writes nothing (no audit row either)."""
    _check_actor(actor, region)
    add, remove = list(add), list(remove)
    _check_change(region, add, remove, service, problem, {line_filter.year})
    if not (add or remove or service is not None or problem):
        raise ValidationError(
            _(
                "Tidak ada perubahan yang diminta. Pilih tag yang ditambah atau dihapus, sifat "
                "langsung/penunjang, atau masalah prioritas."
            )
        )
    lines = list(matching_lines(region, line_filter).select_for_update())
    changed = _changed_lines(lines, add, remove, service, problem)
    if not dry_run:
        _save_changes(changed)
        if changed:
            _audit(actor, region, "filter", len(changed), {line_filter.year})
    return FilterChange(matched=len(lines), changed=len(changed))
