"""The task import from Excel: all rows or none through the audited service, a dry run that
writes nothing, messages naming row and column, parents, units, indicators, recurrences, the
rule that makes a second import of the same file create nothing, bad files and the command."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring.models import Indicator
from tinhso.steering import import_workbook
from tinhso.steering.import_workbook import SHEET, build_template
from tinhso.steering.imports import TaskImportSummary, import_tasks
from tinhso.steering.models import Directive, Task
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.import_sheets import bare_sheet, sheet, task_row, written


@pytest.fixture
def indicators(db: Any) -> list[Indicator]:
    return [
        Indicator.objects.create(code="DVC_TT", name="Dịch vụ công toàn trình", numerator="1"),
        Indicator.objects.create(code="HSO_SO", name="Hồ sơ được số hóa", numerator="1"),
    ]


def _created_entries(*tasks: Task) -> int:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Task), action=AuditAction.CREATE,
        object_id__in=[str(task.pk) for task in tasks],
    ).count()  # fmt: skip


def _lines(summary: TaskImportSummary) -> list[str]:
    return [str(error) for error in summary.errors]


THREE_GOOD = (
    task_row(key="1", title="Số hóa hồ sơ đất đai", co_units="03390; 03394"),
    task_row(key="2", title="Triển khai dịch vụ công toàn trình", indicators="DVC_TT;HSO_SO"),
    task_row(key="3", title="Báo cáo tiến độ chuyển đổi số", level="unit", parent="1"),
)


# -- writing ---------------------------------------------------------------------------------


def test_a_good_file_creates_every_task_through_the_audited_service(board: Board, indicators):
    # given
    tasks_before = Task.objects.count()
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*THREE_GOOD))
    # then
    assert (summary.ok, summary.created, summary.unchanged) == (True, 3, 0)
    assert Task.objects.count() == tasks_before + 3
    land = Task.objects.get(title="Số hóa hồ sơ đất đai")
    assert (land.directive, land.level, land.lead_unit.code) == (
        board.directive,
        "province",
        "03388",
    )
    assert land.deadline == dt.date(2026, 6, 30)
    assert sorted(unit.code for unit in land.co_units.all()) == ["03390", "03394"]
    online = Task.objects.get(title="Triển khai dịch vụ công toàn trình")
    assert sorted(i.code for i in online.indicators.all()) == ["DVC_TT", "HSO_SO"]
    report = Task.objects.get(title="Báo cáo tiến độ chuyển đổi số")
    assert report.parent == land
    assert _created_entries(land, online, report) == 3
    assert [(r.row, r.action, r.task_id) for r in summary.results] == [
        (3, "create", land.pk), (4, "create", online.pk), (5, "create", report.pk),
    ]  # fmt: skip


def test_one_bad_row_writes_nothing_at_all(board: Board, indicators):
    # given
    bad = task_row(key="4", title="Phổ cập kỹ năng số", lead_unit="99999")
    before = written()
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*THREE_GOOD, bad))
    # then
    assert _lines(summary) == [
        "Row 6, column F (Lead unit code): No org unit has the code “99999”."
    ]
    assert (summary.ok, summary.created, summary.results) == (False, 0, [])
    assert written() == before


def test_a_row_the_service_refuses_rolls_back_the_rows_already_created(board: Board):
    # given: row 4's only fault is one the service finds (a recurring task with a deadline)
    before = written()
    rows = (task_row(title="A"), task_row(title="B", recurrence="monthly", first_due="31/01/2026"))
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert _lines(summary) == [
        "Row 4, column H (Deadline): A recurring task has a first due date instead of a deadline."
    ]
    assert written() == before


def test_a_dry_run_reports_what_would_be_created_and_writes_nothing(board: Board, indicators):
    # given
    before = written()
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*THREE_GOOD), dry_run=True)
    # then
    assert (summary.ok, summary.dry_run, summary.created, summary.unchanged) == (True, True, 3, 0)
    assert [(r.row, r.action, r.title, r.lead_unit, r.task_id) for r in summary.results] == [
        (3, "create", "Số hóa hồ sơ đất đai", "03388", None),
        (4, "create", "Triển khai dịch vụ công toàn trình", "03388", None),
        (5, "create", "Báo cáo tiến độ chuyển đổi số", "03388", None),
    ]
    assert written() == before


def test_every_problem_is_named_by_row_and_column(board: Board, indicators):
    # given
    rows = (
        task_row(directive_number="09-KH/BCĐ", level="commune", co_units="03388"),
        task_row(title="", deadline="31/02/2026", recurrence="weekly", indicators="DVC_TT;NOPE"),
        task_row(title="C", deadline="2026/06/30", programme="Không có", parent="#999999"),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert _lines(summary) == [
        "Row 3, column D (Level): “commune” is not one of: Central, Province, Unit.",
        "Row 3, column B (Directive number): No directive numbered “09-KH/BCĐ” dated "
        "01/03/2025 is recorded; record it on the Directives page first (the import does not "
        "create directives).",
        "Row 4, column E (Task title): This cell is required.",
        "Row 4, column H (Deadline): “31/02/2026” is not a real date.",
        "Row 4, column I (Recurrence): “weekly” is not one of: One-off, Monthly, Quarterly, "
        "Yearly.",
        "Row 4, column M (Indicator codes): No indicator has the code “NOPE”.",
        "Row 5, column H (Deadline): Write the date as dd/mm/yyyy, e.g. 31/12/2026 (found "
        "“2026/06/30”).",
        "Row 5, column O (Programme): No programme has the name or id “Không có”.",
        "Row 5, column N (Parent task): No row has the key “#999999” and no task has the id "
        "999999.",
    ]
    assert [(e.row, e.field, e.column) for e in summary.errors][:2] == [
        (3, "level", "D"), (3, "directive_number", "B"),
    ]  # fmt: skip


def test_problems_found_by_the_service_name_the_column_too(board: Board):
    # given: the lead unit also co-operates; a one-off task has a first due date
    rows = (
        task_row(co_units="03388"),
        task_row(title="B", first_due="01/02/2026"),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert _lines(summary) == [
        "Row 3, column G (Co-operating unit codes): The lead unit cannot also co-operate.",
        "Row 4, column J (First due date): A first due date is only for a recurring task.",
    ]


# -- parents, units, indicators, recurrences ---------------------------------------------------


def test_a_parent_is_another_rows_key_even_further_down(board: Board):
    # given: the child comes first
    rows = (
        task_row(key="1.1", title="Con", level="unit", parent="1"),
        task_row(key="1", title="Cha"),
        task_row(key="1.1.1", title="Cháu", level="unit", parent="1.1"),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert summary.ok, _lines(summary)
    child = Task.objects.get(title="Con")
    assert (child.parent.title, Task.objects.get(title="Cháu").parent) == ("Cha", child)


def test_a_parent_is_a_recorded_task_by_its_id(board: Board):
    # given
    rows = (
        task_row(title="Con 1", level="unit", parent=f"#{board.own_task.pk}"),
        task_row(title="Con 2", level="unit", parent=board.own_task.pk),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert summary.ok, _lines(summary)
    assert set(Task.objects.filter(parent=board.own_task).values_list("title", flat=True)) == {
        "Con 1", "Con 2",
    }  # fmt: skip


def test_parents_that_loop_and_a_level_above_its_parent_are_refused(board: Board):
    # given
    rows = (
        task_row(key="A", title="A", parent="B"),
        task_row(key="B", title="B", parent="A"),
        task_row(key="C", title="C", level="unit"),
        task_row(key="D", title="D", level="central", parent="C"),
        task_row(key="E", title="E", parent="E"),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert _lines(summary) == [
        "Row 3, column N (Parent task): Rows 3, 4 name each other as parent.",
        "Row 4, column N (Parent task): Rows 3, 4 name each other as parent.",
        "Row 6, column D (Level): A sub-task cannot be above its parent's level.",
        "Row 7, column N (Parent task): A row cannot be its own parent.",
    ]


def test_co_units_and_indicators_take_semicolons_commas_and_numbers(board: Board, indicators):
    # given: Excel turned a code typed in a General cell into the number 3390
    rows = (task_row(co_units="03390, 03394;03394", indicators="HSO_SO, DVC_TT"),
            task_row(title="B", lead_unit=3390))  # fmt: skip
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert summary.ok, _lines(summary)
    task = Task.objects.get(title="Số hóa hồ sơ đất đai")
    assert sorted(u.code for u in task.co_units.all()) == ["03390", "03394"]
    assert sorted(i.code for i in task.indicators.all()) == ["DVC_TT", "HSO_SO"]
    assert Task.objects.get(title="B").lead_unit.code == "03390"


def test_recurring_rows_have_a_first_due_date_and_no_deadline(board: Board):
    # given: Vietnamese and English spellings, real dates and text dates
    rows = (
        task_row(title="Báo cáo tháng", deadline=None, recurrence="Hằng tháng",
                 first_due=dt.date(2026, 1, 31), last_due="31/12/2026"),
        task_row(title="Báo cáo quý", deadline=None, recurrence="Quý", first_due="31/03/2026"),
        task_row(title="Báo cáo năm", deadline=None, recurrence="yearly", first_due="15/12/2026",
                 level="Trung ương"),
    )  # fmt: skip
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert summary.ok, _lines(summary)
    found = Task.objects.filter(title__startswith="Báo cáo").order_by("pk")
    assert [(t.recurrence, t.first_due, t.last_due, t.deadline, t.level) for t in found] == [
        ("monthly", dt.date(2026, 1, 31), dt.date(2026, 12, 31), None, "province"),
        ("quarterly", dt.date(2026, 3, 31), None, None, "province"),
        ("yearly", dt.date(2026, 12, 15), None, None, "central"),
    ]


def test_a_programme_is_found_by_name_or_id(board: Board):
    # given
    rows = (
        task_row(title="A", programme="chuyển đổi số 2025"),
        task_row(title="B", programme=board.programme.pk),
    )
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert summary.ok, _lines(summary)
    assert Task.objects.filter(programme=board.programme, title__in=["A", "B"]).count() == 2


def test_an_unknown_directive_is_an_error_and_never_created(board: Board):
    # given: the number exists, with another date
    rows = (task_row(directive_date="02/03/2025"),)
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    # then
    assert [(e.row, e.field) for e in summary.errors] == [(3, "directive_number")]
    assert Directive.objects.count() == 1


# -- importing twice ---------------------------------------------------------------------------


def test_the_same_file_imported_twice_creates_nothing_the_second_time(board: Board, indicators):
    # given
    data = sheet(*THREE_GOOD)
    first = import_tasks(actor=SYSTEM, data=data)
    before = written()
    # when
    second = import_tasks(actor=SYSTEM, data=data)
    # then
    assert (second.ok, second.created, second.unchanged) == (True, 0, 3)
    assert [(r.action, r.task_id, r.note) for r in second.results] == [
        ("unchanged", r.task_id, "") for r in first.results
    ]
    assert written() == before


def test_a_row_matching_a_recorded_task_is_left_unchanged_with_a_note(board: Board):
    # given: the board's "Số hóa hồ sơ" led by 03388, in other spacing and case, later
    row = task_row(title="  số hóa   HỒ SƠ ", level="unit", deadline="31/01/2027")
    before = written()
    # when
    summary = import_tasks(actor=SYSTEM, data=sheet(row, task_row(title="Mới")))
    # then
    assert (summary.created, summary.unchanged) == (1, 1)
    unchanged = summary.results[0]
    assert (unchanged.action, unchanged.task_id) == ("unchanged", board.own_task.pk)
    assert unchanged.note == (
        f"Already recorded as task #{board.own_task.pk}; the file differs in: Deadline. "
        "Change it on its page."
    )
    assert Task.objects.get(pk=board.own_task.pk).deadline == dt.date(2026, 12, 31)
    assert len(written()[0]) == len(before[0]) + 1


def test_the_same_task_twice_in_one_file_is_an_error(board: Board):
    rows = (task_row(key="1"), task_row(key="1", title="Số hóa  hồ sơ đất đai"))
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    assert _lines(summary) == [
        "Row 4, column A (Row key): The row key “1” is also on row 3.",
        "Row 4, column E (Task title): The same task (directive, title and lead unit) is on row 3.",
    ]


# -- files that cannot be read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"code,name\n1,2\n", "The file is not an Excel workbook (.xlsx)."),
        (b"PK\x03\x04 broken zip", "The file is not an Excel workbook (.xlsx)."),
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused_whole(board: Board, data: bytes, message: str):
    before = written()
    summary = import_tasks(actor=SYSTEM, data=data)
    assert _lines(summary) == [message]
    assert written() == before


def test_an_empty_template_has_no_rows(board: Board):
    summary = import_tasks(actor=SYSTEM, data=build_template())
    assert _lines(summary) == ["The sheet “Nhiệm vụ” has no task rows under its headers."]


def test_a_sheet_without_headers_is_refused(board: Board):
    data = bare_sheet(["01-KH/BCĐ", "01/03/2025", "province", "Số hóa", "03388"])
    summary = import_tasks(actor=SYSTEM, data=data)
    assert _lines(summary) == [
        "Row 1: No header row found on the sheet “Sheet1”: the first row must name the "
        "columns, as in the template (e.g. “Task title”)."
    ]


def test_missing_and_unknown_columns_are_named(board: Board):
    # given: a list typed by hand, keys as headers, without a lead unit, with a notes column
    data = bare_sheet(
        ["directive_number", "directive_date", "level", "title", "Ghi chú"],
        ["01-KH/BCĐ", "01/03/2025", "province", "Số hóa", "gấp"],
    )
    summary = import_tasks(actor=SYSTEM, data=data)
    assert _lines(summary) == [
        "The column “Lead unit code” is missing.",
        "Row 1, column E: Unknown column “Ghi chú”; the Instructions sheet lists the columns.",
    ]


def test_a_hand_made_sheet_with_english_headers_and_a_title_line_is_read(board: Board):
    data = bare_sheet(
        ["Kế hoạch 2026"],
        ["Directive number", "Directive date", "Level", "Task title", "Lead unit code",
         "Deadline"],
        ["01-KH/BCĐ", "01/03/2025", "Tỉnh", "Số hóa", "03388", "30/06/2026"],
    )  # fmt: skip
    summary = import_tasks(actor=SYSTEM, data=data)
    assert (summary.ok, summary.created, [r.row for r in summary.results]) == (True, 1, [3])


def test_more_rows_than_the_limit_are_refused(board: Board, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(import_workbook, "MAX_ROWS", 2)
    rows = [task_row(title=f"T{n}") for n in range(3)]
    before = written()
    summary = import_tasks(actor=SYSTEM, data=sheet(*rows))
    assert _lines(summary) == ["The sheet has more than 2 task rows; split it into several files."]
    assert written() == before


def test_a_file_over_the_size_limit_is_refused(board: Board, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(import_workbook, "MAX_BYTES", 1_000)
    summary = import_tasks(actor=SYSTEM, data=sheet(task_row()))
    assert _lines(summary) == ["The file is larger than 0 MB."]


@pytest.mark.parametrize("role", [Role.LEADER, Role.UNIT_REPORTER, Role.ENTERPRISE])
def test_only_the_center_may_import(board: Board, users: dict[Role, Any], role: Role):
    before = written()
    with pytest.raises(PermissionDenied):
        import_tasks(actor=users[role], data=sheet(task_row()), dry_run=True)
    assert written() == before


def test_the_actor_is_recorded_on_each_audit_entry(board: Board, users: dict[Role, Any]):
    staff = users[Role.CENTER_STAFF]
    import_tasks(actor=staff, data=sheet(task_row()))
    task = Task.objects.get(title="Số hóa hồ sơ đất đai")
    entry = AuditEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Task), object_id=str(task.pk)
    )
    assert (entry.action, entry.actor) == (AuditAction.CREATE, staff)


# -- the template --------------------------------------------------------------------------------


def test_the_template_has_the_sheets_headers_and_drop_downs(board: Board, indicators):
    workbook = load_workbook(io.BytesIO(build_template()))
    assert workbook.sheetnames == [
        SHEET, "Instructions", "Directives", "Units", "Indicators", "Programmes",
    ]  # fmt: skip
    tasks = workbook[SHEET]
    english = [cell.value for cell in tasks[2]]
    assert english == [
        "Row key", "Directive number", "Directive date", "Level", "Task title", "Lead unit code",
        "Co-operating unit codes", "Deadline", "Recurrence", "First due date", "Last due date",
        "Expected product", "Indicator codes", "Parent task", "Programme",
    ]  # fmt: skip
    assert tasks["B1"].value.endswith(" *") and tasks["A1"].comment is not None
    assert tasks.freeze_panes == "A3"
    rules = {str(rule.sqref): rule.formula1 for rule in tasks.data_validations.dataValidation}
    assert rules["D3:D5002"] == '"Trung ương,Tỉnh,Đơn vị"'
    assert rules["I3:I5002"] == '"Một lần,Tháng,Quý,Năm"'
    assert rules["F3:F5002"].startswith("'Units'!$A$2:$A$")
    number, date, body = (cell.value for cell in workbook["Directives"][2])
    assert (number, date.date(), body) == (
        "01-KH/BCĐ",
        dt.date(2025, 3, 1),
        board.directive.issuing_body,
    )
    codes = [row[0] for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["DVC_TT", "HSO_SO"]


# -- the command ---------------------------------------------------------------------------------


def test_the_command_checks_imports_and_exits_non_zero_on_errors(board: Board, tmp_path, capsys):
    # given
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(sheet(task_row(), task_row(title="B", lead_unit="03390")))
    bad.write_bytes(sheet(task_row(), task_row(title="B", lead_unit="99999")))
    # when: a dry run
    call_command("import_tasks", str(good), "--dry-run")
    # then
    assert capsys.readouterr().out.splitlines() == [
        "Row 3: would create: Số hóa hồ sơ đất đai (03388)",
        "Row 4: would create: B (03390)",
        "Checked: 2 to create, 0 unchanged.",
    ]
    assert not Task.objects.filter(title="B").exists()
    # when: a bad file
    with pytest.raises(CommandError, match=r"^1 problem; nothing was written\.$"):
        call_command("import_tasks", str(bad))
    assert capsys.readouterr().err == (
        "Row 4, column F (Lead unit code): No org unit has the code “99999”.\n"
    )
    assert not Task.objects.filter(title="B").exists()
    # when: the import, then again
    call_command("import_tasks", str(good))
    task = Task.objects.get(title="B")
    assert capsys.readouterr().out.splitlines()[1:] == [
        f"Row 4: created task #{task.pk}: B (03390)", "Imported: 2 created, 0 unchanged.",
    ]  # fmt: skip
    call_command("import_tasks", str(good))
    assert capsys.readouterr().out.splitlines()[-1] == "Imported: 0 created, 2 unchanged."


def test_the_command_records_the_actor_and_refuses_others(board: Board, users, tmp_path):
    # given
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(sheet(task_row()))
    staff, leader = users[Role.CENTER_STAFF], users[Role.LEADER]
    # when / then
    with pytest.raises(CommandError, match=rf"^{leader.username} may not add tasks\.$"):
        call_command("import_tasks", str(path), "--actor", leader.username)
    with pytest.raises(CommandError, match=r"^No user is named “nobody”\.$"):
        call_command("import_tasks", str(path), "--actor", "nobody")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_tasks", str(tmp_path / "missing.xlsx"))
    assert not Task.objects.filter(title="Số hóa hồ sơ đất đai").exists()
    call_command("import_tasks", str(path), "--actor", staff.username)
    task = Task.objects.get(title="Số hóa hồ sơ đất đai")
    assert _created_entries(task) == 1
    assert AuditEntry.objects.get(object_id=str(task.pk), content_type__model="task").actor == staff
