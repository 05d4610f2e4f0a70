"""The regional admin's user management: invite the region's data operators, planners and
viewers, and deactivate them. Nobody grants a role above their own (``user_create`` checks).

Expiry: an invited user's account follows the inviter's access period. A trial region's
admin (``is_trial``, ``expires_on``) passes both on, so every account of a trial region ends
with the region's access; extending the region's access moves all of them together
(:func:`sepakat.access.services.extension_approve`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sepakat.accounts.invitations import invitation_create
from sepakat.accounts.models import User
from sepakat.accounts.services import user_create
from sepakat.core.errors import UserError
from sepakat.core.roles import ROLE_RANK, Role

# What a regional admin invites; the centre may also invite regional admins.
INVITABLE_ROLES = (Role.PLANNER, Role.DATA_OPERATOR, Role.VIEWER)


def roles_invitable_by(user: User) -> list[tuple[str, str]]:
    roles = list(INVITABLE_ROLES)
    if user.role == Role.CENTRAL_ADMIN:
        roles = [Role.REGIONAL_ADMIN, *roles]
    return [(r.value, str(r.label)) for r in roles if ROLE_RANK[r] <= ROLE_RANK[Role(user.role)]]


@transaction.atomic
def user_invite(
    *,
    invited_by: User,
    username: str,
    email: str,
    role: str,
    base_url: str,
    first_name: str = "",
    last_name: str = "",
    agency: str = "",
) -> User:
    """Create a user of the inviter's region without a password and e-mail the invitation."""
    if role not in dict(roles_invitable_by(invited_by)):
        raise UserError(_("Anda tidak dapat memberikan peran di atas peran Anda sendiri."))
    if invited_by.region is None:
        raise UserError(_("Akun Anda tidak terdaftar pada wilayah mana pun."))
    if User.objects.filter(username__iexact=username).exists():
        raise UserError(
            _("Nama pengguna '%(username)s' sudah dipakai. Pilih nama lain.")
            % {"username": username}
        )
    if not email:
        raise UserError(_("Alamat surel wajib diisi: undangan dikirim ke alamat itu."))
    try:
        user = user_create(
            username=username,
            password=None,
            role=role,
            region=invited_by.region,
            email=email,
            first_name=first_name,
            last_name=last_name,
            agency=agency,
            expires_on=invited_by.expires_on,
            is_trial=invited_by.is_trial,
            created_by=invited_by,
        )
    except ValidationError as exc:
        raise UserError.from_validation(exc) from exc
    invitation_create(user=user, invited_by=invited_by, base_url=base_url)
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> User:
    """Switch an account off (it stays, with its history); admins of the region or above."""
    if user.pk == by.pk:
        raise UserError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if by.region is None or user.region is None or not by.region.contains(user.region):
        raise UserError(_("Anda hanya dapat mengelola pengguna di wilayah Anda."))
    if ROLE_RANK[Role(user.role)] > ROLE_RANK[Role(by.role)] or (
        user.role in (Role.REGIONAL_ADMIN, Role.TRAINER) and by.role != Role.CENTRAL_ADMIN
    ):
        raise UserError(
            _("Anda tidak dapat menonaktifkan pengguna dengan peran setara atau lebih tinggi.")
        )
    user = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    user.is_active = False
    user.full_clean()
    user.save(update_fields=["is_active"])
    return user
