"""Users, their role and their region.

A user belongs to exactly one region and sees that region and what lies below it
(a province user sees its kab/kota; the central team's region is the nation).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sepakat.core.roles import ADMIN_ROLES, CENTRAL_ROLES, Role
from sepakat.regions.models import Region


class User(AbstractUser):
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        Region,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    agency = models.CharField(_("instansi"), max_length=200, blank=True)
    is_trial = models.BooleanField(_("akun uji coba"), default=False)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def needs_second_factor(self) -> bool:
        return self.role in ADMIN_ROLES

    def is_expired(self, today: dt.date | None = None) -> bool:
        if self.expires_on is None:
            return False
        return (today or timezone.localdate()) > self.expires_on

    @property
    def is_central(self) -> bool:
        return self.role in CENTRAL_ROLES


class LoginEvent(models.Model):
    """Every login attempt and logout, successful or not, with the reason when refused."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("berhasil")
        BAD_CREDENTIALS = "bad_credentials", _("nama pengguna atau sandi salah")
        EXPIRED = "expired", _("akun kedaluwarsa")
        INACTIVE = "inactive", _("akun nonaktif")
        LOCKED = "locked", _("terkunci")
        NO_SECOND_FACTOR = "no_second_factor", _("belum punya faktor kedua")
        BAD_SECOND_FACTOR = "bad_second_factor", _("kode verifikasi salah")
        LOGOUT = "logout", _("keluar")

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("catatan masuk")
        verbose_name_plural = _("catatan masuk")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.outcome}"


class Invitation(models.Model):
    """An e-mailed link that lets a new user set a password (and, for admin roles, a second
    factor). Only a hash of the link's token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    REGION_LOOKUP = "user__region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")

    def __str__(self) -> str:
        return f"{self.user.username} {self.created_at:%Y-%m-%d}"
