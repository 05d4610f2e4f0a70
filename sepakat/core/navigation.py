"""The navigation through the planning cycle, and which role may use which module.

A module that is not built yet stays in the menu, greyed and marked as coming, so that
users see the whole cycle without anything pretending to work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sepakat.accounts.models import Role

ALL_ROLES = frozenset(Role.values)
CYCLE_READERS = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.VIEWER})


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str | None  # None: not built yet
    roles: frozenset[str]
    group: str = "cycle"


MODULES: tuple[Module, ...] = (
    Module("dashboard", _("Dasbor"), "core:dashboard", ALL_ROLES, "main"),
    Module(
        "data",
        _("Data"),
        "datahub:index",
        frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN, Role.PLANNER, Role.DATA_OPERATOR}),
    ),
    Module("analysis", _("Analisis"), None, CYCLE_READERS | {Role.TRAINER}),
    Module("priorities", _("Prioritisasi"), None, CYCLE_READERS),
    Module("planning", _("Perencanaan"), None, CYCLE_READERS),
    Module("budgeting", _("Penganggaran"), None, CYCLE_READERS),
    Module("monitoring", _("Pemantauan & Evaluasi"), None, CYCLE_READERS),
    Module("regions", _("Wilayah"), "regions:browse", ALL_ROLES, "admin"),
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
        "training", _("Pelatihan"), None, frozenset({Role.CENTRAL_ADMIN, Role.TRAINER}), "admin"
    ),
)


def modules_for(role: str) -> list[Module]:
    return [m for m in MODULES if role in m.roles]
