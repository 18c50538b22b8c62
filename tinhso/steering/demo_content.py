"""What the steering demo loads for Lai Châu (tinhso.steering.demo), as data.

Real, from public sources (not labelled):
- the holidays of 2025 and 2026 as the Government decided them; 2027 is the Labour Code's
  statutory days (art. 112) with its usual compensating days, marked "dự kiến" (no decision yet);
- the national directives: Resolution 57-NQ/TW (22/12/2024, Politburo), 03/NQ-CP (09/01/2025,
  the Government's action programme), 71/NQ-CP (01/04/2025, its update) and Plan 02-KH/BCĐTW
  (19/06/2025, the Central Steering Committee);
- the 2025 budget of 81.6 billion VND (DESIGN.md): 68.3 billion for digital transformation and
  13.3 billion for S&T and innovation ("over 68" and "over 13"; the split is this demo's choice);
- 11 agencies and 38 communes/wards with a steering committee in 2025 (review of 11/8/2025).

Illustrative (labelled "Demo data" where the model has a text to say it): the provincial plans and
letters, every task and its story, the split of each budget by unit and project, disbursements,
the 2026 programme, the committees' decision numbers, dates and members.

Dates are fixed, so a second load is the same; they are set so that on 24/11/2026, and for months
after, the board shows every status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tinhso.steering.choices import DirectiveType, Recurrence, Review, TaskLevel
from tinhso.steering.status import occurrence_due

D = dt.date
BILLION = Decimal(1_000_000_000)

# Holidays ---------------------------------------------------------------------------------------
# 2025: Tết 25/1–2/2 (Announcement 6150/TB-BLĐTBXH, 2024); 30/4–4/5 with Friday 2/5 swapped for
# Saturday 26/4; Quốc khánh 30/8–2/9 (1/9 and 2/9). 2026: Tết Dương lịch 1/1–4/1 (Friday 2/1
# swapped; Government Office, 25/12/2025); Tết 14/2–22/2; Giỗ Tổ on Sunday 26/4, off on Monday
# 27/4; Quốc khánh 29/8–2/9 (Monday 31/8 swapped for Saturday 22/8); Ngày Văn hóa Việt Nam 24/11
# (Resolution 80-NQ/TW, first kept in 2026). 2027: the statutory days, "dự kiến".
HOLIDAYS: tuple[tuple[dt.date, str], ...] = (
    (D(2025, 1, 1), "Tết Dương lịch"),
    (D(2025, 1, 27), "Tết Nguyên đán Ất Tỵ (29 tháng Chạp)"),
    (D(2025, 1, 28), "Tết Nguyên đán Ất Tỵ (Giao thừa)"),
    (D(2025, 1, 29), "Tết Nguyên đán Ất Tỵ (Mùng một)"),
    (D(2025, 1, 30), "Tết Nguyên đán Ất Tỵ (Mùng hai)"),
    (D(2025, 1, 31), "Tết Nguyên đán Ất Tỵ (Mùng ba)"),
    (D(2025, 4, 7), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
    (D(2025, 4, 30), "Ngày Chiến thắng"),
    (D(2025, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2025, 5, 2), "Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)"),
    (D(2025, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2025, 9, 2), "Quốc khánh"),
    (D(2026, 1, 1), "Tết Dương lịch"),
    (D(2026, 1, 2), "Nghỉ hoán đổi dịp Tết Dương lịch"),
    (D(2026, 2, 16), "Tết Nguyên đán Bính Ngọ (29 tháng Chạp)"),
    (D(2026, 2, 17), "Tết Nguyên đán Bính Ngọ (Mùng một)"),
    (D(2026, 2, 18), "Tết Nguyên đán Bính Ngọ (Mùng hai)"),
    (D(2026, 2, 19), "Tết Nguyên đán Bính Ngọ (Mùng ba)"),
    (D(2026, 2, 20), "Tết Nguyên đán Bính Ngọ (Mùng bốn)"),
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch là Chủ nhật 26/4/2026)"),
    (D(2026, 4, 30), "Ngày Chiến thắng"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động"),
    (D(2026, 8, 31), "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)"),
    (D(2026, 9, 2), "Quốc khánh"),
    (D(2026, 11, 24), "Ngày Văn hóa Việt Nam (Nghị quyết 80-NQ/TW)"),
    (D(2027, 1, 1), "Tết Dương lịch"),
    (D(2027, 2, 4), "Tết Nguyên đán Đinh Mùi (dự kiến)"),
    (D(2027, 2, 5), "Tết Nguyên đán Đinh Mùi (dự kiến)"),
    (D(2027, 2, 8), "Tết Nguyên đán Đinh Mùi (dự kiến)"),
    (D(2027, 2, 9), "Tết Nguyên đán Đinh Mùi (dự kiến)"),
    (D(2027, 2, 10), "Tết Nguyên đán Đinh Mùi (dự kiến)"),
    (D(2027, 4, 16), "Giỗ Tổ Hùng Vương (10/3 âm lịch, dự kiến)"),
    (D(2027, 4, 30), "Ngày Chiến thắng"),
    (D(2027, 5, 3), "Nghỉ bù Ngày Quốc tế Lao động (1/5 là thứ Bảy, dự kiến)"),
    (D(2027, 9, 2), "Quốc khánh"),
    (D(2027, 9, 3), "Quốc khánh (ngày liền kề, dự kiến)"),
    (D(2027, 11, 24), "Ngày Văn hóa Việt Nam (dự kiến)"),
)

# Programmes and money ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AllocationSpec:
    """An allocation to a unit (by code) or a project, with its disbursements as (date, share of
    the allocation in per cent); amounts are rounded to the million."""

    amount: Decimal
    unit: str = ""
    project: str = ""
    paid: tuple[tuple[dt.date, int], ...] = ()


@dataclass(frozen=True)
class ProgrammeSpec:
    key: str
    name: str
    year: int
    allocations: tuple[AllocationSpec, ...]
    illustrative: bool = False  # the whole programme, name included, is made up


def _bn(text: str) -> Decimal:
    return (Decimal(text) * BILLION).quantize(Decimal(1))


def _a(
    amount: str, unit: str = "", project: str = "", *paid: tuple[dt.date, int]
) -> AllocationSpec:
    return AllocationSpec(_bn(amount), unit, project, paid)


PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec("cds2025", "Chuyển đổi số tỉnh Lai Châu năm 2025", 2025, (
        _a("9.5", "", "Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP) kết nối NDXP",
           (D(2025, 4, 15), 30), (D(2025, 8, 20), 40), (D(2025, 11, 28), 22)),
        _a("12.8", "", "Trung tâm Giám sát, điều hành thông minh (IOC)",
           (D(2025, 3, 20), 25), (D(2025, 7, 10), 35), (D(2025, 12, 18), 28)),
        _a("6.2", "", "Mạng truyền số liệu chuyên dùng đến UBND 38 xã, phường",
           (D(2025, 6, 5), 50), (D(2025, 9, 25), 50)),
        _a("8.4", "", "Kho dữ liệu dùng chung của tỉnh",
           (D(2025, 9, 10), 30), (D(2025, 12, 22), 31)),
        _a("4.6", "", "Trung tâm giám sát an toàn thông tin (SOC)",
           (D(2025, 7, 30), 40), (D(2025, 12, 12), 35)),
        _a("2.3", "", "Phổ cập kỹ năng số cho người dân (“Bình dân học vụ số”)",
           (D(2025, 5, 12), 45), (D(2025, 10, 6), 45)),
        _a("5.2", "12.SKHCN", "", (D(2025, 3, 5), 20), (D(2025, 6, 16), 30), (D(2025, 10, 20), 35)),
        _a("3.1", "12.VPUBND", "", (D(2025, 4, 8), 40), (D(2025, 9, 16), 40)),
        _a("2.4", "12.SNV", "", (D(2025, 5, 20), 30), (D(2025, 11, 5), 40)),
        _a("3.6", "12.SYT", "", (D(2025, 4, 22), 35), (D(2025, 8, 12), 35), (D(2025, 12, 10), 25)),
        _a("3.2", "12.SGDDT", "", (D(2025, 6, 18), 40), (D(2025, 12, 15), 38)),
        _a("3.0", "12.SNNMT", "", (D(2025, 7, 22), 36), (D(2025, 12, 19), 30)),
        _a("1.8", "12.STC", "", (D(2025, 3, 26), 50), (D(2025, 9, 30), 50)),
        _a("1.2", "12.SCT", "", (D(2025, 6, 24), 44), (D(2025, 11, 20), 40)),
        _a("1.0", "12.SVHTTDL", "", (D(2025, 8, 27), 35)),
    )),
    ProgrammeSpec("khcn2025", "Khoa học, công nghệ và đổi mới sáng tạo năm 2025", 2025, (
        _a("6.8", "", "Nhiệm vụ khoa học và công nghệ cấp tỉnh",
           (D(2025, 4, 2), 30), (D(2025, 8, 6), 30), (D(2025, 12, 16), 22)),
        _a("1.5", "", "Hỗ trợ khởi nghiệp đổi mới sáng tạo",
           (D(2025, 7, 3), 40), (D(2025, 12, 4), 50)),
        _a("2.0", "12.SKHCN", "", (D(2025, 5, 14), 55), (D(2025, 10, 29), 40)),
        _a("1.2", "", "Truy xuất nguồn gốc sản phẩm OCOP, chè và sâm Lai Châu",
           (D(2025, 9, 17), 60)),
        _a("0.9", "", "Sở hữu trí tuệ, tiêu chuẩn, đo lường, chất lượng",
           (D(2025, 6, 11), 50), (D(2025, 11, 26), 50)),
        _a("0.9", "12.SNNMT", "", (D(2025, 8, 19), 70)),
    )),
    ProgrammeSpec(
        "p2026", "Chuyển đổi số, khoa học, công nghệ và đổi mới sáng tạo tỉnh Lai Châu năm 2026",
        2026, (
            _a("14.0", "", "Nền tảng Tỉnh Số và dữ liệu tổng hợp của tỉnh",
               (D(2026, 3, 20), 20), (D(2026, 7, 15), 25), (D(2026, 10, 28), 15)),
            _a("16.5", "", "IOC giai đoạn 2", (D(2026, 4, 22), 30), (D(2026, 9, 10), 20)),
            _a("9.0", "", "Xóa điểm lõm sóng di động (phối hợp Viettel, VNPT)",
               (D(2026, 5, 20), 25)),
            _a("12.0", "12.TTDMST", "", (D(2026, 2, 10), 25), (D(2026, 5, 12), 25),
               (D(2026, 8, 12), 20), (D(2026, 11, 12), 10)),
            _a("10.5", "12.SKHCN", "", (D(2026, 6, 15), 30), (D(2026, 10, 5), 25)),
            _a("6.0", "12.SYT", "", (D(2026, 8, 25), 40)),
            _a("5.5", "12.SGDDT", "", (D(2026, 7, 20), 60)),
            _a("3.5", "12.SNV", "", (D(2026, 9, 18), 45)),
            _a("5.0", "12.SNNMT", "", (D(2026, 6, 30), 30)),
            _a("1.5", "03388", "", (D(2026, 8, 5), 50)),
            _a("2.0", "12.STC", "", (D(2026, 4, 1), 50)),
            _a("3.0", "", "Phổ cập kỹ năng số cho người dân (“Bình dân học vụ số”)",
               (D(2026, 5, 5), 40), (D(2026, 10, 15), 30)),
        ),
        illustrative=True,
    ),
)  # fmt: skip

# Steering committees ----------------------------------------------------------------------------
# The 11 agencies (every agency of the demo tree but the People's Committee itself, whose
# committee is the province's); the communes and wards are all of them (38).
COMMITTEE_AGENCIES: tuple[tuple[str, str, dt.date], ...] = (
    ("12.SKHCN", "Giám đốc Sở Khoa học và Công nghệ", D(2025, 3, 5)),
    ("12.VPUBND", "Chánh Văn phòng UBND tỉnh", D(2025, 3, 12)),
    ("12.SNV", "Giám đốc Sở Nội vụ", D(2025, 3, 18)),
    ("12.STC", "Giám đốc Sở Tài chính", D(2025, 3, 25)),
    ("12.SYT", "Giám đốc Sở Y tế", D(2025, 4, 3)),
    ("12.SGDDT", "Giám đốc Sở Giáo dục và Đào tạo", D(2025, 4, 10)),
    ("12.SNNMT", "Giám đốc Sở Nông nghiệp và Môi trường", D(2025, 4, 22)),
    ("12.SCT", "Giám đốc Sở Công Thương", D(2025, 5, 8)),
    ("12.STP", "Giám đốc Sở Tư pháp", D(2025, 5, 20)),
    ("12.SXD", "Giám đốc Sở Xây dựng", D(2025, 6, 10)),
    ("12.SVHTTDL", "Giám đốc Sở Văn hóa, Thể thao và Du lịch", D(2025, 7, 15)),
)
COMMUNE_COMMITTEES_FROM = D(2025, 7, 3)  # communes and wards exist from 1/7/2025
COMMUNE_COMMITTEES_DAYS = 36  # the last by 8/8/2025, before the review of 11/8/2025
AGENCY_MEMBERS = (
    "Giám đốc Sở (Trưởng ban); các Phó Giám đốc (Phó Trưởng ban); Chánh Văn phòng, trưởng các "
    "phòng chuyên môn và đầu mối chuyển đổi số (thành viên)"
)
COMMUNE_MEMBERS = (
    "Chủ tịch UBND (Trưởng ban); Phó Chủ tịch UBND (Phó Trưởng ban); công chức Văn phòng "
    "HĐND–UBND, Tổ công nghệ số cộng đồng, Công an xã (thành viên)"
)

# Directives -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectiveSpec:
    key: str
    number: str
    date: dt.date
    issuing_body: str
    type: str
    summary: str
    illustrative: bool = True


UBND = "Ủy ban nhân dân tỉnh Lai Châu"
SKHCN_BODY = "Sở Khoa học và Công nghệ tỉnh Lai Châu"

DIRECTIVES: tuple[DirectiveSpec, ...] = (
    DirectiveSpec(
        "nq57", "57-NQ/TW", D(2024, 12, 22), "Bộ Chính trị", DirectiveType.RESOLUTION,
        "Nghị quyết về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        "quốc gia.", illustrative=False,
    ),
    DirectiveSpec(
        "nq03", "03/NQ-CP", D(2025, 1, 9), "Chính phủ", DirectiveType.RESOLUTION,
        "Ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW ngày "
        "22/12/2024 của Bộ Chính trị.", illustrative=False,
    ),
    DirectiveSpec(
        "nq71", "71/NQ-CP", D(2025, 4, 1), "Chính phủ", DirectiveType.RESOLUTION,
        "Sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ thực hiện Nghị quyết số "
        "57-NQ/TW (ban hành kèm theo Nghị quyết số 03/NQ-CP).", illustrative=False,
    ),
    DirectiveSpec(
        "kh02", "02-KH/BCĐTW", D(2025, 6, 19),
        "Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển "
        "đổi số", DirectiveType.PLAN,
        "Kế hoạch thúc đẩy chuyển đổi số liên thông, đồng bộ, nhanh, hiệu quả đáp ứng yêu cầu "
        "sắp xếp tổ chức bộ máy của hệ thống chính trị.", illustrative=False,
    ),
    DirectiveSpec(
        "kh15", "15/KH-UBND", D(2025, 2, 20), UBND, DirectiveType.PLAN,
        "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW và Chương trình hành động của Chính phủ trên "
        "địa bàn tỉnh Lai Châu.",
    ),
    DirectiveSpec(
        "kh68", "68/KH-UBND", D(2025, 3, 14), UBND, DirectiveType.PLAN,
        "Kế hoạch chuyển đổi số tỉnh Lai Châu năm 2025.",
    ),
    DirectiveSpec(
        "cv1865", "1865/UBND-KGVX", D(2025, 7, 3), UBND, DirectiveType.OFFICIAL_LETTER,
        "Triển khai Kế hoạch số 02-KH/BCĐTW; bảo đảm chính quyền địa phương hai cấp vận hành "
        "thông suốt trên môi trường số.",
    ),
    DirectiveSpec(
        "cv845", "845/SKHCN-QLKH", D(2025, 9, 10), SKHCN_BODY, DirectiveType.OFFICIAL_LETTER,
        "Đôn đốc triển khai các nhiệm vụ khoa học, công nghệ và đổi mới sáng tạo năm 2025.",
    ),
    DirectiveSpec(
        "kh20", "20/KH-UBND", D(2026, 1, 22), UBND, DirectiveType.PLAN,
        "Kế hoạch chuyển đổi số, phát triển khoa học, công nghệ và đổi mới sáng tạo tỉnh Lai "
        "Châu năm 2026.",
    ),
    DirectiveSpec(
        "cv412", "412/SKHCN-TTĐMST", D(2026, 4, 6), SKHCN_BODY, DirectiveType.OFFICIAL_LETTER,
        "Hướng dẫn theo dõi nhiệm vụ và báo cáo định kỳ trên nền tảng Tỉnh Số.",
    ),
)  # fmt: skip

# Tasks and what happened to them ----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A progress report on ``on``; ``done`` marks the task (or the open occurrence) done, and
    ``review`` is then the center's answer, given ``review_days`` later."""

    on: dt.date
    percent: int = 100
    text: str = ""
    done: bool = False
    review: str = Review.ACCEPTED
    note: str = ""
    review_days: int = 2


@dataclass(frozen=True)
class Extension:
    """An extension asked for on ``on``; ``decision`` is pending, accepted or returned."""

    on: dt.date
    to: dt.date
    reason: str
    decision: str = Review.ACCEPTED
    note: str = ""


@dataclass(frozen=True)
class Cancel:
    on: dt.date


Step = Progress | Extension | Cancel


@dataclass(frozen=True)
class TaskSpec:
    key: str
    directive: str
    level: str
    title: str
    lead: str
    co: tuple[str, ...] = ()
    deadline: dt.date | None = None
    recurrence: str = Recurrence.NONE
    first_due: dt.date | None = None
    last_due: dt.date | None = None
    product: str = ""
    indicators: tuple[str, ...] = ()
    programme: str = ""
    parent: str = ""
    steps: tuple[Step, ...] = field(default_factory=tuple)


def P(on: dt.date, percent: int, text: str = "") -> Progress:
    return Progress(on, percent, text)


def DONE(
    on: dt.date, text: str = "", review: str = Review.ACCEPTED, note: str = "", days: int = 2
) -> Progress:
    return Progress(on, 100, text, done=True, review=review, note=note, review_days=days)


def periodic(
    first_due: dt.date, recurrence: str, count: int, late: dict[int, int] | None = None
) -> tuple[Progress, ...]:
    """``count`` reports of a recurring task, each done two days before its occurrence's due
    date, or ``late[i]`` days after it for the i-th."""
    late = late or {}
    steps = []
    for index in range(count):
        due = occurrence_due(first_due, recurrence, index)
        on = due + dt.timedelta(days=late.get(index, -2))
        steps.append(DONE(on, _period_text(due, recurrence)))
    return tuple(steps)


def _period_text(due: dt.date, recurrence: str) -> str:
    """What an occurrence reports: a report due early in a month covers the month (quarter)
    before; one due later covers its own month."""
    covered = due - dt.timedelta(days=due.day) if due.day <= 10 else due
    if recurrence == Recurrence.QUARTERLY:
        return f"Báo cáo quý {(covered.month - 1) // 3 + 1}/{covered.year} đã gửi đúng biểu mẫu."
    return f"Báo cáo tháng {covered.month:02d}/{covered.year} đã gửi đúng biểu mẫu."


L, PV, U = TaskLevel.CENTRAL, TaskLevel.PROVINCE, TaskLevel.UNIT
M, Q = Recurrence.MONTHLY, Recurrence.QUARTERLY
RETURNED, PENDING = Review.RETURNED, Review.PENDING

TASKS: tuple[TaskSpec, ...] = (
    # Resolution 57-NQ/TW ----------------------------------------------------------------------
    TaskSpec("t01", "nq57", L, "Thành lập Ban Chỉ đạo cấp tỉnh và ban hành quy chế hoạt động",
             "12.SKHCN", ("12.SNV",), D(2025, 3, 31), product="Quyết định thành lập, quy chế",
             steps=(P(D(2025, 2, 10), 40), DONE(D(2025, 3, 20)))),
    TaskSpec("t02", "nq57", L,
             "Bố trí tối thiểu 3% tổng chi ngân sách cho khoa học, công nghệ, đổi mới sáng tạo "
             "và chuyển đổi số", "12.STC", ("12.SKHCN",), D(2025, 12, 31),
             product="Báo cáo bố trí dự toán", indicators=("STI_BUDGET_SHARE", "STI_DT_BUDGET"),
             steps=(P(D(2025, 6, 30), 50), P(D(2025, 10, 15), 80), DONE(D(2026, 1, 20)))),
    TaskSpec("t03", "nq57", L,
             "Phổ cập kỹ năng số cho người dân qua phong trào “Bình dân học vụ số”", "12.SKHCN",
             ("12.SGDDT", "12.SNV"), D(2027, 6, 30), product="Báo cáo kết quả phổ cập",
             indicators=("DIGITAL_SKILLS_COACHED_COUNT", "DIGITAL_LITERACY_LEARNERS_COUNT"),
             programme="p2026",
             steps=(P(D(2026, 3, 31), 30), P(D(2026, 7, 15), 55), P(D(2026, 11, 10), 70))),
    TaskSpec("t03a", "nq57", U, "Tổ chức lớp kỹ năng số cho hộ kinh doanh tại phường Đoàn Kết",
             "03388", (), D(2026, 6, 30), parent="t03", product="Danh sách học viên, ảnh lớp học",
             indicators=("DIGITAL_SKILLS_COACHED_COUNT",),
             steps=(P(D(2026, 3, 16), 40), P(D(2026, 5, 20), 80), DONE(D(2026, 6, 25)))),
    TaskSpec("t03b", "nq57", U,
             "Hướng dẫn người dân các bản cài đặt VNeID và sử dụng dịch vụ công trực tuyến",
             "03445", (), D(2026, 9, 30), parent="t03", product="Báo cáo kết quả",
             indicators=("ONLINE_SERVICE_USAGE",),
             steps=(P(D(2026, 7, 10), 30), P(D(2026, 9, 4), 60))),
    TaskSpec("t04", "nq57", L,
             "Bảo đảm 100% nhiệm vụ được giao được theo dõi, giám sát trên môi trường điện tử",
             "12.TTDMST", ("12.VPUBND",), D(2026, 6, 30), product="Nền tảng theo dõi nhiệm vụ",
             indicators=("TASKS_MONITORED_ONLINE_SHARE", "TASKS_ON_TIME_SHARE"),
             steps=(P(D(2026, 3, 12), 40), P(D(2026, 6, 15), 85), DONE(D(2026, 7, 10)))),
    # Resolution 03/NQ-CP ------------------------------------------------------------------------
    TaskSpec("t05", "nq03", L,
             "Rà soát, cắt giảm thủ tục hành chính; cung cấp dịch vụ công trực tuyến toàn trình",
             "12.VPUBND", ("12.SNV", "12.STP"), D(2025, 12, 31),
             product="Danh mục thủ tục trực tuyến toàn trình",
             indicators=("FULL_ONLINE_PROCEDURES", "ONLINE_SERVICE_USAGE"),
             steps=(P(D(2025, 5, 15), 35), P(D(2025, 9, 20), 70), DONE(D(2025, 12, 26)))),
    TaskSpec("t05a", "nq03", PV, "Tái cấu trúc quy trình thủ tục hành chính cấp xã sau sắp xếp",
             "12.VPUBND", ("03388", "03390"), D(2025, 10, 31), parent="t05",
             product="Quy trình điện tử đã cấu hình",
             steps=(P(D(2025, 8, 15), 40), P(D(2025, 10, 20), 85), DONE(D(2025, 11, 14)))),
    TaskSpec("t06", "nq03", L,
             "Thúc đẩy thanh toán không dùng tiền mặt trong dịch vụ công, y tế và giáo dục",
             "12.STC", ("12.SYT", "12.SGDDT"), D(2026, 12, 31), product="Báo cáo kết quả",
             indicators=("CASHLESS_SHARE",),
             steps=(P(D(2026, 4, 10), 30), P(D(2026, 9, 30), 65), P(D(2026, 11, 9), 70))),
    TaskSpec("t07", "nq03", L, "Hỗ trợ doanh nghiệp đổi mới sáng tạo và khởi nghiệp", "12.SKHCN",
             ("12.SCT",), D(2026, 12, 15), product="Danh sách doanh nghiệp được hỗ trợ",
             indicators=("INNOVATIVE_ENTERPRISES_SHARE", "STARTUPS_SUPPORTED_COUNT"),
             programme="p2026",
             steps=(P(D(2026, 5, 12), 25), P(D(2026, 10, 20), 60), P(D(2026, 11, 12), 65))),
    TaskSpec("t08", "nq03", PV, "Đánh giá mức độ chuyển đổi số cấp xã năm 2026", "12.SKHCN",
             ("12.SNV",), D(2027, 2, 26), product="Báo cáo đánh giá, xếp hạng"),
    # Resolution 71/NQ-CP ------------------------------------------------------------------------
    TaskSpec("t09", "nq71", L,
             "Cập nhật chỉ tiêu của tỉnh theo Nghị quyết 71/NQ-CP (kinh tế số, nhân lực nghiên "
             "cứu và phát triển)", "12.SKHCN", ("12.STC",), D(2025, 5, 31),
             product="Bộ chỉ tiêu cập nhật",
             indicators=("DIGITAL_ECONOMY_SHARE", "RD_STAFF_PER_10K"),
             steps=(P(D(2025, 4, 20), 50), DONE(D(2025, 5, 27)))),
    TaskSpec("t10", "nq71", L,
             "Phát triển nhân lực nghiên cứu và phát triển; cơ chế thu hút chuyên gia công nghệ "
             "số", "12.SNV", ("12.SKHCN",), D(2026, 11, 30), product="Đề án trình UBND tỉnh",
             indicators=("RD_STAFF_PER_10K",),
             steps=(P(D(2026, 6, 15), 20, "Đã lập đề cương đề án; đang lấy ý kiến các sở, ngành."),
                    P(D(2026, 10, 20), 35))),
    TaskSpec("t11", "nq71", L, "Tăng tỷ lệ người trưởng thành có chữ ký số", "12.SKHCN",
             ("12.SNV", "03388", "03408"), D(2027, 6, 30), product="Báo cáo kết quả",
             indicators=("DIGITAL_SIGNATURE_ADULTS", "DIGITAL_SIGNATURE_WOMEN"),
             steps=(P(D(2026, 4, 28), 30), P(D(2026, 10, 30), 45))),
    # Plan 02-KH/BCĐTW ---------------------------------------------------------------------------
    TaskSpec("t12", "kh02", L,
             "Bảo đảm hạ tầng, thiết bị và mạng truyền số liệu để 38 xã, phường vận hành chính "
             "quyền hai cấp", "12.SKHCN", ("12.VPUBND",), D(2025, 7, 31),
             product="Biên bản bàn giao thiết bị", indicators=("DATA_NETWORK_COVERAGE_SHARE",),
             programme="cds2025", steps=(P(D(2025, 6, 30), 70), DONE(D(2025, 7, 25)))),
    TaskSpec("t12b", "kh02", U, "Lắp đặt thiết bị hội nghị truyền hình tại xã Mường Tè",
             "03445", (), D(2025, 7, 22), parent="t12", product="Biên bản bàn giao",
             steps=(P(D(2025, 7, 15), 50), DONE(D(2025, 8, 4)))),
    TaskSpec("t13", "kh02", L, "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính sau sắp xếp",
             "12.SNV", ("12.VPUBND",), D(2025, 12, 31), product="Báo cáo số hóa",
             indicators=("FULL_ONLINE_PROCEDURES",),
             steps=(P(D(2025, 9, 5), 45), P(D(2025, 12, 10), 85), DONE(D(2026, 2, 10)))),
    TaskSpec("t13a", "kh02", U, "Số hóa hồ sơ lưu trữ của phường Đoàn Kết giai đoạn 2020–2025",
             "03388", (), D(2025, 12, 15), parent="t13", product="Biên bản nghiệm thu dữ liệu",
             steps=(P(D(2025, 9, 18), 40), P(D(2025, 11, 20), 80), DONE(D(2025, 12, 12)))),
    TaskSpec("t14", "kh02", L,
             "Vận hành Hệ thống thông tin giải quyết thủ tục hành chính tỉnh liên thông với Cổng "
             "Dịch vụ công quốc gia cho xã, phường mới", "12.VPUBND", (), D(2025, 6, 30),
             product="Hệ thống vận hành", indicators=("ONLINE_SERVICE_USAGE",),
             steps=(P(D(2025, 6, 20), 80), DONE(D(2025, 6, 27)))),
    TaskSpec("t15", "kh02", L, "Báo cáo tháng kết quả thực hiện Kế hoạch 02-KH/BCĐTW", "12.SKHCN",
             (), recurrence=M, first_due=D(2025, 7, 25), last_due=D(2025, 12, 25),
             product="Báo cáo tháng",
             steps=periodic(D(2025, 7, 25), M, 6)),
    TaskSpec("t16", "kh02", L, "Tổng kết thực hiện Kế hoạch 02-KH/BCĐTW", "12.SKHCN",
             ("12.SNV", "12.VPUBND"), D(2026, 1, 31), product="Báo cáo tổng kết",
             steps=(P(D(2026, 1, 12), 60), DONE(D(2026, 1, 28)))),
    # Plan 15/KH-UBND (Resolution 57 in the province) --------------------------------------------
    TaskSpec("t17", "kh15", PV,
             "Xây dựng Đề án thành lập Trung tâm Đổi mới sáng tạo và Chuyển đổi số tỉnh",
             "12.SKHCN", ("12.SNV", "12.STC"), D(2025, 9, 30), product="Đề án trình UBND tỉnh",
             steps=(P(D(2025, 5, 6), 30), P(D(2025, 8, 14), 75), DONE(D(2025, 9, 25)))),
    TaskSpec("t18", "kh15", PV, "Xây dựng Kiến trúc số tỉnh Lai Châu phiên bản 4.0", "12.SKHCN",
             ("12.VPUBND",), D(2025, 11, 30), product="Kiến trúc số phiên bản 4.0",
             steps=(P(D(2025, 8, 20), 40), P(D(2025, 11, 3), 90), DONE(D(2025, 12, 1)))),
    TaskSpec("t19", "kh15", PV,
             "Xây dựng bộ chỉ số theo dõi, đánh giá thực hiện Nghị quyết 57 của tỉnh",
             "12.SKHCN", ("12.STC",), D(2025, 6, 30), product="Bộ chỉ số",
             indicators=("TASKS_ON_TIME_SHARE",),
             steps=(P(D(2025, 5, 12), 50), DONE(D(2025, 6, 20)))),
    TaskSpec("t20", "kh15", PV, "Ban hành danh mục cơ sở dữ liệu dùng chung của tỉnh", "12.SKHCN",
             (), D(2025, 8, 31), product="Quyết định ban hành danh mục",
             indicators=("DATABASES_BUILT_COUNT",),
             steps=(P(D(2025, 7, 28), 70), DONE(D(2025, 9, 3)))),
    TaskSpec("t21", "kh15", PV,
             "Tuyên truyền Nghị quyết 57 trên báo chí, cổng thông tin điện tử và mạng xã hội",
             "12.SVHTTDL", ("12.SKHCN",), D(2025, 12, 31), product="Báo cáo kết quả",
             steps=(P(D(2025, 6, 2), 40), DONE(D(2025, 12, 29)))),
    TaskSpec("t22", "kh15", PV, "Kiện toàn Tổ công nghệ số cộng đồng tại các xã, phường",
             "12.SKHCN", ("03388", "03408", "03433", "03503"), D(2025, 9, 30),
             product="Tổng hợp quyết định kiện toàn",
             steps=(P(D(2025, 8, 22), 60), DONE(D(2025, 9, 29)))),
    TaskSpec("t22a", "kh15", U, "Kiện toàn Tổ công nghệ số cộng đồng phường Đoàn Kết", "03388",
             (), D(2025, 8, 31), parent="t22", product="Quyết định kiện toàn",
             steps=(P(D(2025, 8, 4), 50), DONE(D(2025, 8, 20)))),
    TaskSpec("t22b", "kh15", U, "Kiện toàn Tổ công nghệ số cộng đồng xã Bum Tở", "03433", (),
             D(2025, 8, 31), parent="t22", product="Quyết định kiện toàn",
             steps=(DONE(D(2025, 9, 12)),)),
    TaskSpec("t23", "kh15", PV, "Báo cáo quý tình hình thực hiện Nghị quyết 57 của tỉnh",
             "12.SKHCN", ("12.TTDMST",), recurrence=Q, first_due=D(2025, 4, 10),
             product="Báo cáo quý",
             steps=(*periodic(D(2025, 4, 10), Q, 7, late={2: 4}),
                    P(D(2026, 11, 20), 30, "Đang tổng hợp số liệu quý IV từ các sở, ngành."))),
    # Plan 68/KH-UBND (digital transformation 2025) ----------------------------------------------
    TaskSpec("t24", "kh68", PV,
             "Nâng cấp Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP), kết nối NDXP", "12.SKHCN",
             (), D(2025, 10, 31), product="LGSP nâng cấp, 12 kết nối NDXP",
             indicators=("LGSP_CONNECTIONS_COUNT",), programme="cds2025",
             steps=(P(D(2025, 5, 20), 30), P(D(2025, 8, 26), 65), DONE(D(2025, 10, 28)))),
    TaskSpec("t24a", "kh68", U, "Kết nối cơ sở dữ liệu đất đai với LGSP", "12.SNNMT",
             ("12.SKHCN",), D(2025, 9, 30), parent="t24", product="Biên bản kết nối",
             steps=(P(D(2025, 8, 29), 60), DONE(D(2025, 10, 20)))),
    TaskSpec("t25", "kh68", PV,
             "Mở rộng IOC: các phân hệ giao thông, y tế, giáo dục", "12.SKHCN",
             ("12.SYT", "12.SGDDT"), D(2025, 12, 15), product="Phân hệ IOC vận hành",
             programme="cds2025",
             steps=(P(D(2025, 7, 14), 40), P(D(2025, 10, 30), 80), DONE(D(2025, 12, 10)))),
    TaskSpec("t26", "kh68", PV, "Xây dựng Kho dữ liệu dùng chung của tỉnh", "12.SKHCN", (),
             D(2025, 12, 31), product="Kho dữ liệu vận hành",
             indicators=("DATABASES_BUILT_COUNT",), programme="cds2025",
             steps=(P(D(2025, 9, 22), 35),
                    Extension(D(2025, 12, 8), D(2026, 6, 30),
                              "Chờ các sở, ngành chuẩn hóa dữ liệu sau sắp xếp bộ máy."),
                    P(D(2026, 3, 25), 70), DONE(D(2026, 6, 26)))),
    TaskSpec("t27", "kh68", PV, "Triển khai Trung tâm giám sát an toàn thông tin (SOC) cấp tỉnh",
             "12.SKHCN", (), D(2025, 11, 30), product="SOC vận hành", programme="cds2025",
             steps=(P(D(2025, 9, 8), 50), P(D(2025, 11, 10), 70),
                    Extension(D(2025, 11, 14), D(2026, 3, 31), "Nhà thầu chậm bàn giao thiết bị.",
                              decision=Review.RETURNED,
                              note="Không đủ căn cứ điều chỉnh; đề nghị đôn đốc nhà thầu."),
                    DONE(D(2026, 1, 15)))),
    TaskSpec("t27a", "kh68", U, "Kết nối phần mềm bệnh án điện tử với IOC", "12.SYT",
             ("12.TTDMST",), D(2026, 12, 3), parent="t27", product="Kết nối vận hành",
             steps=(P(D(2026, 11, 10), 20),)),
    TaskSpec("t28", "kh68", PV, "Triển khai bệnh án điện tử tại Bệnh viện Đa khoa tỉnh", "12.SYT",
             (), D(2025, 12, 31), product="Bệnh án điện tử vận hành", programme="cds2025",
             steps=(P(D(2025, 6, 23), 40), P(D(2025, 11, 4), 85), DONE(D(2025, 12, 30)))),
    TaskSpec("t29", "kh68", PV, "Số hóa cơ sở dữ liệu ngành giáo dục và học bạ số", "12.SGDDT",
             (), D(2025, 12, 31), product="Cơ sở dữ liệu ngành", programme="cds2025",
             steps=(P(D(2025, 10, 1), 60), DONE(D(2026, 1, 14)))),
    TaskSpec("t30", "kh68", PV, "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức tỉnh",
             "12.SNV", (), D(2025, 10, 31), product="Cơ sở dữ liệu vận hành",
             indicators=("DATABASES_BUILT_COUNT",), programme="cds2025",
             steps=(P(D(2025, 6, 9), 40), P(D(2025, 9, 15), 80), DONE(D(2025, 10, 30)))),
    TaskSpec("t31", "kh68", PV,
             "Triển khai hệ thống quản lý văn bản và điều hành cho các xã, phường sau sắp xếp",
             "12.VPUBND", ("03388", "03390", "03595", "03598"), D(2025, 7, 10),
             product="Tài khoản và quy trình đã cấu hình",
             steps=(P(D(2025, 7, 2), 70), DONE(D(2025, 7, 8)))),
    TaskSpec("t32", "kh68", PV, "Số hóa bản đồ du lịch và điểm đến thông minh", "12.SVHTTDL", (),
             D(2025, 12, 31), product="Bản đồ số", programme="cds2025",
             steps=(P(D(2025, 7, 21), 15), Cancel(D(2025, 10, 1)))),
    TaskSpec("t33", "kh68", PV, "Sàn thương mại điện tử cho sản phẩm OCOP Lai Châu", "12.SCT",
             (), D(2025, 12, 31), product="Sàn vận hành", programme="cds2025",
             steps=(P(D(2025, 8, 11), 50), DONE(D(2025, 12, 22)))),
    TaskSpec("t34", "kh68", PV, "Báo cáo tháng tiến độ giải ngân vốn chuyển đổi số năm 2025",
             "12.STC", (), recurrence=M, first_due=D(2025, 4, 5), last_due=D(2025, 12, 5),
             product="Báo cáo tháng", programme="cds2025",
             steps=periodic(D(2025, 4, 5), M, 9, late={3: 3, 8: 4})),
    # Official letter 1865/UBND-KGVX (two-level local government) --------------------------------
    TaskSpec("t35", "cv1865", PV,
             "Rà soát tài khoản, chữ ký số cho cán bộ, công chức cấp xã sau sắp xếp", "12.SNV",
             ("12.SKHCN",), D(2025, 7, 31), product="Danh sách đã cấp",
             indicators=("DIGITAL_SIGNATURE_ADULTS",),
             steps=(P(D(2025, 7, 16), 60), DONE(D(2025, 7, 30)))),
    TaskSpec("t35a", "cv1865", U, "Cấp chữ ký số cho công chức phường Đoàn Kết", "03388", (),
             D(2025, 7, 25), parent="t35", product="Danh sách công chức đã có chữ ký số",
             steps=(DONE(D(2025, 7, 18)),)),
    TaskSpec("t35b", "cv1865", U, "Cấp chữ ký số cho công chức xã Bình Lư", "03390", (),
             D(2025, 7, 25), parent="t35", product="Danh sách công chức đã có chữ ký số",
             steps=(P(D(2025, 7, 21), 60), DONE(D(2025, 7, 29)))),
    TaskSpec("t36", "cv1865", PV,
             "Cập nhật địa giới hành chính mới vào các hệ thống thông tin của tỉnh", "12.SNNMT",
             ("12.SNV",), D(2025, 8, 15), product="Dữ liệu địa giới đã cập nhật",
             steps=(P(D(2025, 7, 28), 50), DONE(D(2025, 8, 29)))),
    # Official letter 845/SKHCN-QLKH (science, technology and innovation 2025) -------------------
    TaskSpec("t38", "cv845", PV, "Nghiệm thu các nhiệm vụ khoa học và công nghệ cấp tỉnh kết thúc "
             "năm 2025", "12.SKHCN", (), D(2025, 12, 20), product="Biên bản nghiệm thu",
             indicators=("ST_TASKS_MANAGED_COUNT",), programme="khcn2025",
             steps=(P(D(2025, 11, 3), 60), DONE(D(2025, 12, 22)))),
    TaskSpec("t40", "cv845", PV, "Áp dụng truy xuất nguồn gốc cho sản phẩm OCOP chủ lực",
             "12.SKHCN", ("12.SNNMT",), D(2025, 11, 30), product="Sản phẩm có tem truy xuất",
             indicators=("TECH_PRODUCTS_APPLIED_COUNT",), programme="khcn2025",
             steps=(P(D(2025, 10, 6), 40), P(D(2025, 12, 5), 75), DONE(D(2026, 3, 2)))),
    TaskSpec("t41", "cv845", PV, "Hỗ trợ các dự án khởi nghiệp đổi mới sáng tạo năm 2025",
             "12.SKHCN", ("12.SCT",), D(2025, 12, 31), product="Quyết định hỗ trợ",
             indicators=("STARTUPS_SUPPORTED_COUNT",), programme="khcn2025",
             steps=(P(D(2025, 10, 27), 60), DONE(D(2025, 12, 26)))),
    TaskSpec("t42", "cv845", PV, "Đặt hàng nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2027",
             "12.SKHCN", (), D(2026, 12, 10), product="Danh mục đặt hàng",
             indicators=("ST_TASKS_MANAGED_COUNT",),
             steps=(P(D(2026, 10, 20), 60), P(D(2026, 11, 17), 70))),
    # Plan 20/KH-UBND (2026) ---------------------------------------------------------------------
    TaskSpec("t43", "kh20", PV,
             "Đưa Trung tâm Đổi mới sáng tạo và Chuyển đổi số vào hoạt động sau hợp nhất",
             "12.TTDMST", ("12.SNV", "12.SKHCN"), D(2026, 3, 31),
             product="Quy chế, đề án vị trí việc làm", programme="p2026",
             steps=(P(D(2026, 2, 9), 50), DONE(D(2026, 3, 27)))),
    TaskSpec("t44", "kh20", PV,
             "Xây dựng nền tảng Tỉnh Số: theo dõi nhiệm vụ và chỉ tiêu Nghị quyết 57",
             "12.TTDMST", ("12.SKHCN",), D(2026, 12, 31), product="Nền tảng vận hành",
             indicators=("TASKS_MONITORED_ONLINE_SHARE",), programme="p2026",
             steps=(P(D(2026, 5, 14), 30), P(D(2026, 9, 17), 65), P(D(2026, 11, 16), 80))),
    TaskSpec("t45", "kh20", PV,
             "Nâng cấp IOC: phân hệ giám sát vùng lõm sóng và chất lượng mạng di động",
             "12.TTDMST", ("12.SKHCN",), D(2026, 11, 27), product="Phân hệ vận hành",
             indicators=("DEAD_ZONE_VILLAGES_COUNT",), programme="p2026",
             steps=(P(D(2026, 8, 20), 20), P(D(2026, 10, 15), 40))),
    TaskSpec("t46", "kh20", PV,
             "Xóa điểm lõm sóng di động tại các thôn, bản (phối hợp Viettel, VNPT)", "12.SKHCN",
             ("03445", "03451", "03460"), D(2026, 9, 30), product="Danh sách thôn, bản có sóng",
             indicators=("DEAD_ZONE_VILLAGES_COUNT",), programme="p2026",
             steps=(P(D(2026, 6, 8), 50), P(D(2026, 9, 10), 85))),
    TaskSpec("t46a", "kh20", U, "Xác định vị trí trạm thu phát sóng tại xã Mù Cả", "03451", (),
             D(2026, 6, 30), parent="t46", product="Biên bản khảo sát",
             steps=(P(D(2026, 5, 11), 50), DONE(D(2026, 6, 22)))),
    TaskSpec("t46b", "kh20", U, "Bàn giao mặt bằng trạm thu phát sóng tại xã Hua Bum", "03460",
             (), D(2026, 8, 31), parent="t46", product="Biên bản bàn giao mặt bằng",
             steps=(P(D(2026, 7, 6), 30), P(D(2026, 8, 24), 60))),
    TaskSpec("t46c", "kh20", U, "Phủ sóng di động các bản vùng biên xã Phong Thổ", "03549", (),
             D(2027, 2, 12), parent="t46", product="Báo cáo kết quả phủ sóng"),
    TaskSpec("t47", "kh20", PV, "Kết nối thêm 8 cơ sở dữ liệu chuyên ngành với LGSP",
             "12.TTDMST", ("12.SNNMT", "12.SYT"), D(2026, 10, 31), product="Biên bản kết nối",
             indicators=("LGSP_CONNECTIONS_COUNT",), programme="p2026",
             steps=(P(D(2026, 6, 2), 40), P(D(2026, 9, 14), 75), DONE(D(2026, 11, 2)))),
    TaskSpec("t48", "kh20", PV,
             "Chuẩn hóa dữ liệu cán bộ, công chức cấp xã trên cơ sở dữ liệu quốc gia", "12.SNV",
             (), D(2026, 11, 30), product="Báo cáo kết quả chuẩn hóa", programme="p2026",
             steps=(P(D(2026, 8, 3), 45), P(D(2026, 10, 19), 85),
                    DONE(D(2026, 11, 20), review=PENDING))),
    TaskSpec("t49", "kh20", PV,
             "Cấp giấy chứng nhận quyền sử dụng đất trực tuyến toàn trình", "12.SNNMT",
             ("12.TTDMST",), D(2026, 6, 30), product="Quy trình trực tuyến vận hành",
             indicators=("FULL_ONLINE_PROCEDURES",),
             steps=(P(D(2026, 4, 13), 40), P(D(2026, 7, 10), 55))),
    TaskSpec("t50", "kh20", PV,
             "Thanh toán viện phí không dùng tiền mặt tại 100% cơ sở y tế công lập", "12.SYT",
             ("12.STC",), D(2026, 12, 1), product="Báo cáo kết quả",
             indicators=("CASHLESS_SHARE",), steps=(P(D(2026, 10, 5), 30),)),
    TaskSpec("t51", "kh20", PV, "Triển khai học bạ số cho 100% trường tiểu học", "12.SGDDT", (),
             D(2026, 8, 31), product="Báo cáo triển khai", programme="p2026",
             steps=(P(D(2026, 5, 18), 50), DONE(D(2026, 8, 28)))),
    TaskSpec("t52", "kh20", PV, "Xây dựng cơ sở dữ liệu văn hóa, di sản số", "12.SVHTTDL", (),
             D(2027, 4, 23), product="Cơ sở dữ liệu vận hành"),
    TaskSpec("t53", "kh20", PV, "Đào tạo kỹ năng số cho cán bộ, công chức cấp xã", "12.SNV",
             ("12.TTDMST",), D(2026, 10, 31), product="Danh sách học viên hoàn thành",
             indicators=("DIGITAL_SKILLS_COACHED_COUNT",), programme="p2026",
             steps=(P(D(2026, 7, 20), 50), P(D(2026, 9, 30), 75))),
    TaskSpec("t54", "kh20", PV, "Xây dựng mô hình xã, phường số điểm", "12.SKHCN",
             ("03388", "03408", "03595"), D(2026, 12, 31), product="Báo cáo mô hình",
             programme="p2026",
             steps=(P(D(2026, 6, 29), 30), P(D(2026, 10, 26), 40), P(D(2026, 11, 18), 45))),
    TaskSpec("t54a", "kh20", U, "Mô hình “Phường số” tại phường Đoàn Kết", "03388", (),
             D(2026, 11, 30), parent="t54", product="Báo cáo kết quả mô hình", programme="p2026",
             steps=(P(D(2026, 8, 17), 40, "Đã khảo sát hiện trạng, lập kế hoạch chi tiết."),
                    P(D(2026, 10, 26), 60,
                      "Đã triển khai camera an ninh và wifi công cộng tại 4/6 tổ dân phố."),
                    Extension(D(2026, 11, 19), D(2027, 2, 26),
                              "Thiết bị cho 2 tổ dân phố còn lại chưa về; đề nghị gia hạn để "
                              "hoàn thành sau Tết.", decision=PENDING))),
    TaskSpec("t54b", "kh20", U, "Mô hình “Phường số” tại phường Tân Phong", "03408", (),
             D(2027, 1, 29), parent="t54", product="Báo cáo kết quả mô hình"),
    TaskSpec("t54c", "kh20", U, "Mô hình “Xã số” tại xã Than Uyên", "03595", (),
             D(2027, 3, 31), parent="t54", product="Báo cáo kết quả mô hình"),
    TaskSpec("t55", "kh20", PV, "Xây dựng nền tảng dữ liệu tổng hợp của tỉnh", "12.TTDMST", (),
             D(2027, 3, 12), product="Nền tảng dữ liệu vận hành",
             indicators=("DATABASES_BUILT_COUNT",), programme="p2026",
             steps=(P(D(2026, 10, 1), 15),)),
    TaskSpec("t56", "kh20", PV, "Tổng kết hai năm thực hiện Nghị quyết 57 của tỉnh", "12.SKHCN",
             ("12.SNV", "12.STC"), D(2027, 1, 15), product="Báo cáo tổng kết"),
    TaskSpec("t63", "kh20", PV, "Triển khai ký số trên thiết bị di động cho hộ kinh doanh",
             "12.SCT", ("12.SKHCN", "03388"), D(2026, 12, 18), product="Báo cáo kết quả",
             indicators=("DIGITAL_SIGNATURE_ADULTS",),
             steps=(P(D(2026, 10, 22), 25), P(D(2026, 11, 13), 35))),
    TaskSpec("t64", "kh20", PV, "Chuyển đổi số trong quản lý hồ sơ xây dựng và quy hoạch",
             "12.SXD", ("12.SNNMT",), D(2027, 5, 14), product="Cơ sở dữ liệu vận hành",
             indicators=("DATABASES_BUILT_COUNT",), steps=(P(D(2026, 9, 28), 20),)),
    TaskSpec("t57", "kh20", PV, "Báo cáo tháng tiến độ Kế hoạch chuyển đổi số năm 2026",
             "12.TTDMST", (), recurrence=M, first_due=D(2026, 2, 25), last_due=D(2026, 12, 25),
             product="Báo cáo tháng", programme="p2026",
             steps=periodic(D(2026, 2, 25), M, 9, late={1: 2})),
    TaskSpec("t58", "kh20", PV, "Báo cáo quý kết quả giải ngân vốn năm 2026", "12.STC", (),
             recurrence=Q, first_due=D(2026, 4, 10), product="Báo cáo quý", programme="p2026",
             steps=periodic(D(2026, 4, 10), Q, 2, late={1: 5})),
    TaskSpec("t59", "kh20", U, "Báo cáo tháng số liệu “Bình dân học vụ số” của phường Đoàn Kết",
             "03388", (), recurrence=M, first_due=D(2026, 3, 5),
             product="Báo cáo tháng", indicators=("DIGITAL_LITERACY_LEARNERS_COUNT",),
             steps=periodic(D(2026, 3, 5), M, 9, late={4: 3})),
    # Official letter 412/SKHCN-TTĐMST (follow-up on Tỉnh Số) ------------------------------------
    TaskSpec("t60", "cv412", PV,
             "Rà soát, chuẩn hóa danh mục đơn vị báo cáo trên nền tảng Tỉnh Số", "12.TTDMST",
             ("12.SNV",), D(2026, 4, 30), product="Danh mục đơn vị báo cáo",
             steps=(P(D(2026, 4, 16), 60), DONE(D(2026, 4, 24)))),
    TaskSpec("t61", "cv412", PV,
             "Tập huấn sử dụng nền tảng Tỉnh Số cho cán bộ đầu mối 38 xã, phường", "12.TTDMST",
             ("12.SNV",), D(2026, 5, 31), product="Danh sách học viên",
             indicators=("TASKS_MONITORED_ONLINE_SHARE",),
             steps=(P(D(2026, 5, 11), 50), DONE(D(2026, 6, 5)))),
    TaskSpec("t61a", "cv412", U, "Cập nhật tiến độ nhiệm vụ của phường Đoàn Kết trên Tỉnh Số",
             "03388", (), D(2026, 12, 15), parent="t61", product="Báo cáo tiến độ",
             steps=(P(D(2026, 10, 12), 50), P(D(2026, 11, 5), 80),
                    DONE(D(2026, 11, 16), review=RETURNED,
                         note="Sản phẩm chưa có xác nhận của lãnh đạo UBND phường; đề nghị bổ "
                         "sung rồi gửi lại."))),
    TaskSpec("t62", "cv412", U, "Báo cáo quý ứng dụng khoa học, công nghệ tại xã Mường Tè",
             "03445", (), recurrence=Q, first_due=D(2026, 7, 10), last_due=D(2027, 12, 31),
             product="Báo cáo quý", parent="t61",
             steps=periodic(D(2026, 7, 10), Q, 1, late={0: 10})),
)  # fmt: skip
