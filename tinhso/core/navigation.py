"""The main menu: each module's entry, shown only to users its policy lets in. Two dropdowns
keep the bar on one line on a 1280-pixel screen: Reporting (the units' reports, their approval,
import and export, the periodic report) and Administration (the monitoring configuration, org
units, users, the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.policies import ADD, VIEW, Policy


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    policy: str | None = None  # dotted path of the policy class, None for everyone signed in
    action: str = VIEW

    def allows(self, user: Any) -> bool:
        return self.policy is None or _policy(self.policy).can(user, self.action)

    def holds(self, path: str) -> bool:
        """Whether the page at ``path`` is this entry's or one below it (a detail, a form)."""
        return path.startswith(reverse(self.url_name))


@dataclass(frozen=True)
class MenuGroup:
    """Entries gathered under one dropdown, shown to users who may open any of them."""

    label: str | Promise
    items: tuple[MenuItem, ...]


@dataclass(frozen=True)
class ShownGroup:
    """A group as one user sees it on one page: the entries they may open, and the one the
    current page belongs to (which marks the dropdown active)."""

    label: str | Promise
    entries: list[MenuItem]
    current: MenuItem | None


_MONITORING = "tinhso.monitoring.permissions."

MENU: list[MenuItem | MenuGroup] = [
    MenuItem(_("Home"), "core:home"),
    MenuItem(_("Dashboard"), "monitoring:dashboard", _MONITORING + "DataValuePolicy"),
    MenuGroup(
        pgettext_lazy("menu", "Reporting"),
        (
            MenuItem(_("Reports"), "monitoring:report_list", _MONITORING + "SubmissionPolicy"),
            MenuItem(
                _("Approvals"),
                "monitoring:approval_queue",
                _MONITORING + "SubmissionPolicy",
                "approve",
            ),
            MenuItem(
                _("Import / export"), "monitoring:import", _MONITORING + "DataValuePolicy", "import"
            ),
            MenuItem(_("Periodic report"), "monitoring:review", _MONITORING + "DataValuePolicy"),
        ),
    ),
    MenuItem(_("Tasks"), "steering:board", "tinhso.steering.permissions.TaskPolicy"),
    MenuItem(
        _("Traceability"), "traceability:home", "tinhso.traceability.permissions.EnterprisePolicy"
    ),
    MenuGroup(
        _("Administration"),
        (
            MenuItem(_("Indicators"), "monitoring:setup", _MONITORING + "MetadataPolicy", ADD),
            MenuItem(_("Org units"), "orgunits:list", "tinhso.orgunits.permissions.OrgUnitPolicy"),
            MenuItem(_("Users"), "accounts:user_list", "tinhso.accounts.permissions.UserPolicy"),
            MenuItem(_("Audit trail"), "audit:list", "tinhso.audit.permissions.AuditEntryPolicy"),
        ),
    ),
]


@cache
def _policy(path: str) -> Policy:
    policy: Policy = import_string(path)()
    return policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the menu entries this user may open, groups with at least one."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    shown = (_shown(entry, user, request.path) for entry in MENU)
    return {"menu": [entry for entry in shown if entry is not None]}


def _shown(entry: MenuItem | MenuGroup, user: Any, path: str) -> MenuItem | ShownGroup | None:
    if isinstance(entry, MenuItem):
        return entry if entry.allows(user) else None
    entries = [item for item in entry.items if item.allows(user)]
    if not entries:
        return None
    current = next((item for item in entries if item.holds(path)), None)
    return ShownGroup(entry.label, entries, current)
