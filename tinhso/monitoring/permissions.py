"""Who may configure monitoring, report values, and approve reports."""

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

SUBMIT = "submit"
APPROVE = "approve"
UNLOCK = "unlock"
IMPORT = "import"

_CENTER = {Role.ADMINISTRATOR: Scope.ALL, Role.CENTER_STAFF: Scope.ALL}
_CENTER_AND_REPORTERS = {**_CENTER, Role.UNIT_REPORTER: Scope.UNIT}


class MetadataPolicy(Policy):
    """Data elements, indicators, data sets and targets: the center defines them; everyone who
    reports or reads the figures may see them."""

    rules: ClassVar[Rules] = {
        VIEW: {**READ_ALL_REPORTER_UNIT, Role.UNIT_REPORTER: Scope.ALL},
        ADD: _CENTER,
        CHANGE: _CENTER,
        DELETE: _CENTER,
    }


class DataValuePolicy(Policy):
    """Reporters read and write their own unit's values; the center all; leaders only read."""

    rules: ClassVar[Rules] = {
        VIEW: READ_ALL_REPORTER_UNIT,
        CHANGE: _CENTER_AND_REPORTERS,
        IMPORT: _CENTER_AND_REPORTERS,
    }
    unit_path = "org_unit__path"


class SubmissionPolicy(Policy):
    """Reporters submit their unit's reports; the center approves, returns and unlocks them."""

    rules: ClassVar[Rules] = {
        VIEW: READ_ALL_REPORTER_UNIT,
        SUBMIT: _CENTER_AND_REPORTERS,
        APPROVE: _CENTER,
        UNLOCK: _CENTER,
    }
    unit_path = "org_unit__path"
