"""Who may read notifications and mark them read: everyone signed in, their own only."""

from __future__ import annotations

from typing import Any, ClassVar

from tinhso.core.policies import CHANGE, VIEW, Policy, Rules, Scope
from tinhso.core.roles import Role

_OWN = dict.fromkeys(Role, Scope.OWN)


class NotificationPolicy(Policy):
    """Each user reads and marks read their own notifications, and nobody else's: not even an
    administrator reads another's. A signed-in user with no role has their own all the same."""

    rules: ClassVar[Rules] = {VIEW: _OWN, CHANGE: _OWN}
    owner = "recipient"

    def scope_for(self, user: Any, action: str) -> Scope:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return Scope.NONE
        return Scope.OWN if action in self.rules else Scope.NONE
