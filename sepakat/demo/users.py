"""Demo accounts: one for every role, with known passwords and, for admins, a fixed TOTP key.

The passwords are printed by ``sepakat demo`` and are meant only for a demo installation.
Demo accounts are recognised by their user name prefix *and* their e-mail domain
(``contoh.invalid``, a reserved domain that can never receive mail), so a rebuild never
takes over an account somebody created with the same name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sepakat.accounts.models import User
from sepakat.accounts.services import totp_device_create, user_create
from sepakat.core.errors import UserError
from sepakat.core.roles import ADMIN_ROLES, Role
from sepakat.regions.models import Region

DEMO_EMAIL_DOMAIN = "contoh.invalid"
USERNAME_PREFIX = "contoh."
TRIAL_DAYS = 90


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    region_code: str
    password: str
    first_name: str
    agency: str
    is_trial: bool = False
    expired: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@{DEMO_EMAIL_DOMAIN}"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "contoh.pusat",
        Role.CENTRAL_ADMIN,
        "ID",
        "contoh-central_admin-2025",
        "Admin Pusat",
        "Direktorat PKKS Bappenas",
    ),
    DemoUser(
        "contoh.pelatih",
        Role.TRAINER,
        "ID",
        "contoh-trainer-2025",
        "Pelatih",
        "Direktorat PKKS Bappenas",
    ),
    DemoUser(
        "contoh.prov.admin",
        Role.REGIONAL_ADMIN,
        "99",
        "contoh-regional_admin-2025",
        "Admin Provinsi",
        "Bappeda Provinsi Contoh",
    ),
    DemoUser(
        "contoh.9901.admin",
        Role.REGIONAL_ADMIN,
        "99.01",
        "contoh-regional_admin-2025",
        "Admin Kabupaten",
        "Bappeda (Sekretariat TKPK)",
    ),
    DemoUser(
        "contoh.9901.perencana",
        Role.PLANNER,
        "99.01",
        "contoh-planner-2025",
        "Perencana",
        "Bappeda",
    ),
    DemoUser(
        "contoh.9901.operator",
        Role.DATA_OPERATOR,
        "99.01",
        "contoh-data_operator-2025",
        "Operator Data",
        "Dinas Kesehatan",
    ),
    DemoUser("contoh.9901.pembaca", Role.VIEWER, "99.01", "contoh-viewer-2025", "Pembaca", "DPRD"),
    DemoUser(
        "contoh.9902.perencana",
        Role.PLANNER,
        "99.02",
        "contoh-planner-2025",
        "Perencana",
        "Bappeda",
    ),
    DemoUser(
        "contoh.9971.ujicoba",
        Role.PLANNER,
        "99.71",
        "contoh-trial-2025",
        "Pengguna Uji Coba",
        "Bappeda",
        is_trial=True,
    ),
    DemoUser(
        "contoh.9903.kedaluwarsa",
        Role.PLANNER,
        "99.03",
        "contoh-expired-2025",
        "Akun Kedaluwarsa",
        "Bappeda",
        is_trial=True,
        expired=True,
    ),
)
_BY_USERNAME = {u.username: u for u in DEMO_USERS}


def totp_key(*, seed: int, username: str) -> str:
    """A 20-byte TOTP key (hex), fixed by the seed and the user name."""
    return hashlib.sha256(f"sepakat-demo:{seed}:{username}".encode()).hexdigest()[:40]


def _expiry(spec: DemoUser, today: dt.date) -> dt.date | None:
    if spec.expired:
        return today - dt.timedelta(days=30)
    if spec.is_trial:
        return today + dt.timedelta(days=TRIAL_DAYS)
    return None


def ensure_demo_users(*, seed: int, regions: Mapping[str, Region]) -> list[tuple[DemoUser, User]]:
    """Create or reset every demo account; ``regions`` maps codes to Region rows."""
    today = timezone.localdate()
    existing = {u.username: u for u in User.objects.filter(username__in=_BY_USERNAME)}
    result: list[tuple[DemoUser, User]] = []
    for spec in DEMO_USERS:
        region = regions[spec.region_code]
        user = existing.get(spec.username)
        if user is not None and not user.email.endswith("@" + DEMO_EMAIL_DOMAIN):
            raise UserError(
                _(
                    "Pengguna '%(username)s' sudah ada dan bukan akun contoh; ganti atau hapus "
                    "akun itu sebelum membangun data contoh."
                )
                % {"username": spec.username}
            )
        if user is None:
            user = user_create(
                username=spec.username,
                password=spec.password,
                role=spec.role,
                region=region,
                email=spec.email,
                first_name=spec.first_name,
                last_name="(contoh)",
                agency=spec.agency,
                expires_on=_expiry(spec, today),
                is_trial=spec.is_trial,
            )
        else:
            user.role = spec.role
            user.region = region
            user.first_name, user.last_name, user.agency = spec.first_name, "(contoh)", spec.agency
            user.is_trial, user.expires_on = spec.is_trial, _expiry(spec, today)
            user.is_active = True
            if not user.check_password(spec.password):
                user.password = make_password(spec.password)
            user.full_clean()
            user.save()
        if spec.role in ADMIN_ROLES:
            key = totp_key(seed=seed, username=spec.username)
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None or device.key != key:
                totp_device_create(user=user, name=_("aplikasi autentikator (contoh)"), key=key)
        result.append((spec, user))
    return result


def demo_device(username: str) -> TOTPDevice:
    """The TOTP device of a demo admin; refuses any account that is not a demo account."""
    spec = _BY_USERNAME.get(username)
    if spec is None or spec.role not in ADMIN_ROLES:
        admins = ", ".join(u.username for u in DEMO_USERS if u.role in ADMIN_ROLES)
        raise UserError(
            _("'%(username)s' bukan admin contoh. Kode hanya tersedia untuk: %(admins)s.")
            % {"username": username, "admins": admins}
        )
    user = User.objects.filter(username=username, email=spec.email).first()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if user else None
    if device is None:
        raise UserError(
            _("Akun contoh '%(username)s' belum ada. Jalankan dulu: sepakat demo")
            % {"username": username}
        )
    return device


def current_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"
