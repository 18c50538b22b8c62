"""Policy of the core app's own rows."""

from typing import ClassVar

from tinhso.core.policies import VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role


class TaskProgressPolicy(Policy):
    """Everyone sees the progress of the tasks they started, and nobody else's."""

    rules: ClassVar[Rules] = {VIEW: dict.fromkeys(Role, Scope.OWN)}
    owner = "owner"
