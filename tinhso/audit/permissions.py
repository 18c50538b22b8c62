"""Who may read the audit trail. Nobody writes it except the services."""

from typing import ClassVar

from tinhso.core.policies import VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role


class AuditEntryPolicy(Policy):
    """Administrators, center staff and leaders read it all; unit reporters their unit's part."""

    rules: ClassVar[Rules] = {
        VIEW: {
            Role.ADMINISTRATOR: Scope.ALL,
            Role.CENTER_STAFF: Scope.ALL,
            Role.LEADER: Scope.ALL,
            Role.UNIT_REPORTER: Scope.UNIT,
        }
    }
    unit_path = "org_unit__path"
