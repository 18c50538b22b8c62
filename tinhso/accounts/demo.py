"""Demo accounts, one per role, placed in Lai Châu's units. For demonstrations only."""

from dataclasses import dataclass

from tinhso.accounts.models import User
from tinhso.accounts.services import create_user
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.orgunits.models import OrgUnit

DEMO_PASSWORD = "laichau-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    unit_code: str | None


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống (demo)", Role.ADMINISTRATOR, "12.TTDMST"),
    DemoAccount("canbo", "Cán bộ Trung tâm (demo)", Role.CENTER_STAFF, "12.TTDMST"),
    DemoAccount("lanhdao", "Lãnh đạo tỉnh (demo)", Role.LEADER, "12.UBND"),
    DemoAccount("doanket", "Đầu mối phường Đoàn Kết (demo)", Role.UNIT_REPORTER, "03388"),
    DemoAccount("sonoivu", "Đầu mối Sở Nội vụ (demo)", Role.UNIT_REPORTER, "12.SNV"),
    DemoAccount("htxchetan", "HTX chè (demo)", Role.ENTERPRISE, None),
]


def load() -> list[str]:
    """Create the accounts that do not exist yet; returns the sign-in table to print."""
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    for account in ACCOUNTS:
        if not User.objects.filter(username=account.username).exists():
            unit = OrgUnit.objects.get(code=account.unit_code) if account.unit_code else None
            create_user(
                actor=SYSTEM, username=account.username, password=DEMO_PASSWORD, role=account.role,
                org_unit=unit, full_name=account.full_name,
            )  # fmt: skip
        lines.append(f"  {account.username:<10} {account.role.label} — {account.full_name}")
    return lines
