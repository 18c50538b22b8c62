"""Who may read the audit trail. Nobody writes it except the services."""

from typing import ClassVar

from tinhso.core.policies import READ_ALL_REPORTER_UNIT, VIEW, Policy, Rules


class AuditEntryPolicy(Policy):
    """Administrators, center staff and leaders read it all; unit reporters their unit's part."""

    rules: ClassVar[Rules] = {VIEW: READ_ALL_REPORTER_UNIT}
    unit_path = "org_unit__path"
