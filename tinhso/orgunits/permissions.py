"""Who may read and change the org tree."""

from typing import ClassVar

from tinhso.core.policies import ADD, CHANGE, READ_ALL_REPORTER_UNIT, VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role

MERGE = "merge"
LOAD = "load"
IMPORT = "import"

_ADMIN_ONLY = {Role.ADMINISTRATOR: Scope.ALL}


class OrgUnitPolicy(Policy):
    """Everyone but enterprises reads the tree (reporters their own branch); administrators shape
    it; a unit reporter may update the contact details of their own unit and its children."""

    rules: ClassVar[Rules] = {
        VIEW: READ_ALL_REPORTER_UNIT,
        ADD: _ADMIN_ONLY,
        CHANGE: {Role.ADMINISTRATOR: Scope.ALL, Role.UNIT_REPORTER: Scope.UNIT},
        MERGE: _ADMIN_ONLY,
        LOAD: _ADMIN_ONLY,
        IMPORT: _ADMIN_ONLY,
    }
    unit_path = "path"
