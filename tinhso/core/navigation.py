"""The main menu: each module's entry, shown only to users its policy lets in."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from tinhso.core.policies import ADD, VIEW, Policy


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    policy: str | None = None  # dotted path of the policy class, None for everyone signed in
    action: str = VIEW

    def allows(self, user: Any) -> bool:
        return self.policy is None or _policy(self.policy).can(user, self.action)


_MONITORING = "tinhso.monitoring.permissions."

MENU = [
    MenuItem(_("Home"), "core:home"),
    MenuItem(_("Dashboard"), "monitoring:dashboard", _MONITORING + "DataValuePolicy"),
    MenuItem(_("Reports"), "monitoring:report_list", _MONITORING + "SubmissionPolicy"),
    MenuItem(
        _("Approvals"), "monitoring:approval_queue", _MONITORING + "SubmissionPolicy", "approve"
    ),
    MenuItem(_("Import / export"), "monitoring:import", _MONITORING + "DataValuePolicy", "import"),
    MenuItem(_("Periodic report"), "monitoring:review", _MONITORING + "DataValuePolicy"),
    MenuItem(_("Tasks"), "steering:board", "tinhso.steering.permissions.TaskPolicy"),
    MenuItem(
        _("Traceability"), "traceability:home", "tinhso.traceability.permissions.EnterprisePolicy"
    ),
    MenuItem(_("Indicators"), "monitoring:setup", _MONITORING + "MetadataPolicy", ADD),
    MenuItem(_("Org units"), "orgunits:list", "tinhso.orgunits.permissions.OrgUnitPolicy"),
    MenuItem(_("Users"), "accounts:user_list", "tinhso.accounts.permissions.UserPolicy"),
    MenuItem(_("Audit trail"), "audit:list", "tinhso.audit.permissions.AuditEntryPolicy"),
]


@cache
def _policy(path: str) -> Policy:
    policy: Policy = import_string(path)()
    return policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the menu entries this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": [item for item in MENU if item.allows(user)]}
