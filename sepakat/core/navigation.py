"""The navigation through the planning cycle, and which role may use which module.

A module that is not built yet stays in the menu, greyed and marked as coming, so that
users see the whole cycle without anything pretending to work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sepakat.core.roles import Role

ALL_ROLES = frozenset(Role.values)
CYCLE_READERS = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER})


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str | None  # None: not built yet
    roles: frozenset[str]
    # "main"/"cycle": the top bar; "more": the region's own pages and resources;
    # "admin": administration.
    group: str = "cycle"


MODULES: tuple[Module, ...] = (
    Module("dashboard", _("Dasbor"), "core:dashboard", ALL_ROLES, "main"),
    Module(
        "data",
        _("Data"),
        "datahub:index",
        frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR}),
    ),
    Module("analysis", _("Analisis"), "analysis:dashboard", CYCLE_READERS | {Role.TRAINER}),
    Module("priorities", _("Prioritisasi"), "priorities:ranking", CYCLE_READERS),
    Module("planning", _("Perencanaan"), "planning:plan_list", CYCLE_READERS),
    Module("budgeting", _("Penganggaran"), "budgeting:index", CYCLE_READERS),
    # the OPD's data operator reports the plan's outputs each quarter in this module
    Module(
        "monitoring",
        _("Pemantauan & Evaluasi"),
        "monitoring:index",
        CYCLE_READERS | {Role.DATA_OPERATOR},
    ),
    Module("regions", _("Wilayah"), "regions:browse", ALL_ROLES, "more"),
    Module(
        "users",
        _("Pengguna"),
        "accounts:user_list",
        frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN}),
        "admin",
    ),
    Module(
        "audit",
        _("Jejak audit"),
        "core:audit_log",
        frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN}),
        "admin",
    ),
    Module(
        "region_import",
        _("Impor wilayah"),
        "regions:import",
        frozenset({Role.CENTRAL_ADMIN}),
        "admin",
    ),
    Module(
        "training",
        _("Pelatihan"),
        "training:index",
        frozenset({Role.CENTRAL_ADMIN, Role.TRAINER}),
        "admin",
    ),
    Module(
        "materials",
        _("Akses & bahan"),
        "access:materials",
        frozenset({Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR, Role.VIEWER}),
        "more",
    ),
    Module(
        "worksheets",
        _("Lembar kerja analisis"),
        "access:worksheets",
        frozenset(
            {Role.CENTRAL_ADMIN, Role.TRAINER, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER}
        ),
        "more",
    ),
    Module(
        "access_requests",
        _("Permohonan akses"),
        "access:queue",
        frozenset({Role.CENTRAL_ADMIN}),
        "admin",
    ),
    Module(
        "account_expiry",
        _("Masa berlaku akun"),
        "access:expiring",
        frozenset({Role.CENTRAL_ADMIN}),
        "admin",
    ),
    Module(
        "regional_training",
        _("Pelatihan & pendampingan"),
        "training:index",
        frozenset({Role.REGIONAL_ADMIN}),
        "more",
    ),
    Module("library", _("Pustaka"), "library:index", ALL_ROLES, "more"),
)


def modules_for(role: str) -> list[Module]:
    return [m for m in MODULES if role in m.roles]
