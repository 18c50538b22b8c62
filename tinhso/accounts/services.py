"""Every write to accounts and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.models import ApiToken, User
from tinhso.accounts.permissions import ApiTokenPolicy, UserPolicy
from tinhso.audit.models import AuditAction
from tinhso.audit.services import Snapshot, record_change, snapshot
from tinhso.core.policies import ADD, CHANGE, DELETE
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit

USER_FIELDS = ("username", "full_name", "email", "phone", "org_unit", "is_active")
TOKEN_FIELDS = ("name", "prefix", "expires_at", "revoked_at")
TOKEN_PREFIX = "tso_"
# Roles whose work is tied to one unit: they cannot be created without one.
UNIT_ROLES = frozenset({Role.UNIT_REPORTER})

user_policy = UserPolicy()
token_policy = ApiTokenPolicy()


def create_user(
    *,
    actor: Any,
    username: str,
    password: str,
    role: Role | str,
    org_unit: OrgUnit | None = None,
    **fields: Any,
) -> User:
    """Create an account with one role and an org unit. Administrators only."""
    user_policy.require(actor, ADD)
    role = Role(role)
    user = User(username=username.strip(), org_unit=org_unit, **fields)
    _check_role_unit(role, org_unit)
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        user.groups.set([Group.objects.get(name=role.value)])
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=user,
            after=_user_snapshot(user, role), org_unit=org_unit,
        )  # fmt: skip
    return user


def update_user(
    *, actor: Any, user: User, role: Role | str | None = None, password: str = "", **changes: Any
) -> User:
    """Change an account's details, role or password. Administrators only."""
    user_policy.require(actor, CHANGE, user)
    unknown = set(changes) - set(USER_FIELDS) - {"username"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    new_role = Role(role) if role else user.role
    before = _user_snapshot(user, user.role)
    for name, value in changes.items():
        setattr(user, name, value)
    _check_role_unit(new_role, user.org_unit)
    user.full_clean(exclude=["password"])
    if password:
        validate_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        if new_role is not None:
            user.groups.set([Group.objects.get(name=new_role.value)])
        user.__dict__.pop("role", None)
        after = _user_snapshot(user, new_role)
        if password:
            after["password"] = _("(changed)")
        record_change(
            actor=actor, action=AuditAction.UPDATE, obj=user, before=before, after=after,
            org_unit=user.org_unit,
        )  # fmt: skip
    return user


def change_own_password(*, actor: User, password: str) -> User:
    """Set the signed-in user's own password (already checked by the form) and audit it."""
    actor.set_password(password)
    with transaction.atomic():
        actor.save(update_fields=["password"])
        record_change(
            actor=actor, action=AuditAction.UPDATE, obj=actor,
            after={"password": _("(changed)")}, org_unit=actor.org_unit,
        )  # fmt: skip
    return actor


def _check_role_unit(role: Role | None, org_unit: OrgUnit | None) -> None:
    if role in UNIT_ROLES and org_unit is None:
        raise ValidationError({"org_unit": _("A unit reporter must belong to an org unit.")})


def _user_snapshot(user: User, role: Role | None) -> Snapshot:
    return {**snapshot(user, USER_FIELDS), "role": role.value if role else None}


def create_api_token(*, actor: Any, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns it with the secret, which is shown this once only."""
    token_policy.require(actor, ADD)
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("A token lives from 1 to %(max)s days.")
                % {"max": settings.API_TOKEN_MAX_DAYS}
            }
        )
    if not name.strip():
        raise ValidationError({"name": _("Name the token after what will use it.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor, name=name.strip()[:100], prefix=secret[:12], digest=digest_of(secret),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )  # fmt: skip
    with transaction.atomic():
        token.save()
        record_change(
            actor=actor, action=AuditAction.CREATE, obj=token,
            after=snapshot(token, TOKEN_FIELDS), org_unit=actor.org_unit,
        )  # fmt: skip
    return token, secret


def revoke_api_token(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once; revoking twice changes nothing."""
    token_policy.require(actor, DELETE, token)
    if token.revoked_at is not None:
        return token
    before = snapshot(token, TOKEN_FIELDS)
    token.revoked_at = timezone.now()
    with transaction.atomic():
        token.save(update_fields=["revoked_at"])
        record_change(
            actor=actor, action=AuditAction.REVOKE, obj=token, before=before,
            after=snapshot(token, TOKEN_FIELDS), org_unit=token.user.org_unit,
        )  # fmt: skip
    return token


def digest_of(secret: str) -> str:
    """SHA-256 of a token: the secret is 256 random bits, so a fast hash is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()
