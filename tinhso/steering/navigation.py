"""The steering module's own tabs, under the one main-menu entry; each shown only to users its
policy lets in (the same MenuItem rule as the main menu)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tinhso.core.navigation import MenuItem

_P = "tinhso.steering.permissions."

TABS: list[MenuItem] = [
    # -- board, my tasks, directives, reviews --
    MenuItem(_("Board"), "steering:board", _P + "TaskPolicy"),
    MenuItem(_("My tasks"), "steering:my_tasks", _P + "TaskPolicy", "report"),
    MenuItem(_("Directives"), "steering:directive_list", _P + "DirectivePolicy"),
    MenuItem(_("Reviews"), "steering:reviews", _P + "TaskRecordPolicy", "decide"),
    # -- dashboard --
    MenuItem(_("Task dashboard"), "steering:dashboard", _P + "TaskPolicy"),
    MenuItem(_("Progress report"), "steering:report", _P + "TaskPolicy"),
    # -- programmes, committees, holidays --
    MenuItem(_("Programmes"), "steering:programme_list", _P + "ProgrammePolicy"),
    MenuItem(_("Committees"), "steering:committee_list", _P + "SteeringCommitteePolicy"),
    MenuItem(_("Holidays"), "steering:holiday_list", _P + "HolidayPolicy"),
    # -- import --
    MenuItem(_("Import tasks"), "steering:import", _P + "TaskPolicy", "add"),
]
