"""The roles of SEPAKAT's users and what follows from them, in the foundation.

Every layer reads the roles (the navigation, the region rule, the services' write checks),
so they live below all apps; the user model in ``accounts`` stores one of them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CENTRAL_ADMIN = "central_admin", _("Admin pusat")
    TRAINER = "trainer", _("Pelatih")
    REGIONAL_ADMIN = "regional_admin", _("Admin daerah")
    PLANNER = "planner", _("Perencana")
    DATA_OPERATOR = "data_operator", _("Operator data")
    VIEWER = "viewer", _("Pembaca")


# Roles whose login needs a second factor (TOTP): they grant access and verify data.
ADMIN_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.REGIONAL_ADMIN})
# Roles of the national team: their region is the nation.
CENTRAL_ROLES = frozenset({Role.CENTRAL_ADMIN, Role.TRAINER})
# Who may grant which role: nobody grants a role above their own.
ROLE_RANK = {
    Role.CENTRAL_ADMIN: 5,
    Role.TRAINER: 4,
    Role.REGIONAL_ADMIN: 4,
    Role.PLANNER: 3,
    Role.DATA_OPERATOR: 2,
    Role.VIEWER: 1,
}
