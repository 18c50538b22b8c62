"""The province's calendar: deadlines and lateness are judged on its local dates, whatever the
server's clock or TIME_ZONE setting says."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

PROVINCE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The date in the province at ``moment`` (now by default)."""
    return timezone.localdate(moment, timezone=PROVINCE_ZONE)
