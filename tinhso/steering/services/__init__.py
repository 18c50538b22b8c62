"""Every write of the steering module: directives, tasks, progress, extensions, programmes and
their money, steering committees and the holiday calendar.

Each service takes the acting user first, checks the policy, validates (ValidationError naming
the field), writes in one transaction and records the audit entry in it. The services live by
room; callers use them from here.
"""

from tinhso.steering.services.budget import (
    create_allocation,
    create_programme,
    disbursed_of,
    record_disbursement,
    update_allocation,
    update_programme,
)
from tinhso.steering.services.registers import (
    create_holiday,
    delete_holiday,
    record_steering_committee,
    update_holiday,
    update_steering_committee,
)
from tinhso.steering.services.tasks import (
    cancel_task,
    create_directive,
    create_task,
    decide_completion,
    decide_extension,
    post_progress,
    request_extension,
    update_directive,
    update_task,
)

__all__ = [
    "cancel_task",
    "create_allocation",
    "create_directive",
    "create_holiday",
    "create_programme",
    "create_task",
    "decide_completion",
    "decide_extension",
    "delete_holiday",
    "disbursed_of",
    "post_progress",
    "record_disbursement",
    "record_steering_committee",
    "request_extension",
    "update_allocation",
    "update_directive",
    "update_holiday",
    "update_programme",
    "update_steering_committee",
    "update_task",
]
