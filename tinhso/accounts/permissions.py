"""Who may see and manage accounts and tokens."""

from typing import ClassVar

from tinhso.core.policies import (
    ADD,
    CHANGE,
    DELETE,
    READ_ALL_REPORTER_UNIT,
    VIEW,
    Policy,
    Rules,
    Scope,
)
from tinhso.core.roles import Role

_ADMIN_ONLY = {Role.ADMINISTRATOR: Scope.ALL}


class UserPolicy(Policy):
    """Administrators manage accounts; staff and leaders read them; reporters see their unit's."""

    rules: ClassVar[Rules] = {
        VIEW: READ_ALL_REPORTER_UNIT,
        ADD: _ADMIN_ONLY,
        CHANGE: _ADMIN_ONLY,
    }
    unit_path = "org_unit__path"


class ApiTokenPolicy(Policy):
    """Everyone makes and revokes their own tokens; administrators see and revoke anyone's."""

    _own_or_all: ClassVar = dict.fromkeys(Role, Scope.OWN) | _ADMIN_ONLY
    rules: ClassVar[Rules] = {
        VIEW: _own_or_all,
        ADD: dict.fromkeys(Role, Scope.OWN),
        DELETE: _own_or_all,
    }
    owner = "user"


class SelfPolicy(Policy):
    """Anyone signed in with a role may read their own account (the view returns only that)."""

    rules: ClassVar[Rules] = {VIEW: dict.fromkeys(Role, Scope.ALL)}
