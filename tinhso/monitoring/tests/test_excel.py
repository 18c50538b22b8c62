"""The Excel template: build it, fill it in as a commune officer would, read it back, import it."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from tinhso.audit.models import AuditEntry
from tinhso.core.policies import SYSTEM
from tinhso.monitoring import excel
from tinhso.monitoring.dhis2.datavaluesets import RawValue
from tinhso.monitoring.models import DataImport, DataValue
from tinhso.monitoring.periods import parse_period
from tinhso.monitoring.services import import_data_values, import_file
from tinhso.orgunits.models import OrgUnit

JANUARY, FEBRUARY = parse_period("202601"), parse_period("202602")


def _template(catalogue, units=("03388",), periods=(JANUARY,)):  # type: ignore[no-untyped-def]
    org_units = list(OrgUnit.objects.filter(code__in=units).order_by("path"))
    return excel.build_template(catalogue.monthly, org_units, list(periods))


def _rows(book):  # type: ignore[no-untyped-def]
    """Row number by (unit, period, element, option) code, read from the keys sheet."""
    keys = book[excel.KEYS_SHEET]
    return {
        tuple(cell.value for cell in row): row[0].row
        for row in keys.iter_rows(min_row=excel.FIRST_ROW, max_col=4)
    }


def _fill(data, values, edit=None):  # type: ignore[no-untyped-def]
    """Type ``values`` ({(unit, period, element, option): value or (value, comment)}) into
    the value and comment columns, as someone in Excel would; ``edit(book)`` may do more."""
    book = load_workbook(io.BytesIO(data))
    sheet, rows = book["Data"], _rows(book)
    for key, typed in values.items():
        value, comment = typed if isinstance(typed, tuple) else (typed, None)
        sheet.cell(rows[key], 8).value = value
        sheet.cell(rows[key], 9).value = comment
    if edit:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _state():  # type: ignore[no-untyped-def]
    return (
        list(DataValue.objects.values().order_by("pk")),
        DataImport.objects.count(),
        AuditEntry.objects.count(),
    )


def test_the_template_has_a_row_per_value_with_headers_in_both_languages(catalogue):
    # when
    book = load_workbook(io.BytesIO(_template(catalogue, periods=(JANUARY, FEBRUARY))))
    # then
    sheet = book["Data"]
    assert book.sheetnames == ["Data", excel.KEYS_SHEET]
    assert sheet["A1"].value == "Báo cáo tháng (MONTHLY)"
    assert [c.value for c in sheet[4]] == [
        "Org unit code", "Org unit", "Period", "Data element code", "Data element",
        "Disaggregation", "Unit of measure", "Value", "Comment",
    ]  # fmt: skip
    vietnamese = [c.value for c in sheet[3]]
    assert [vietnamese[i] for i in (0, 1, 7, 8)] == ["Mã đơn vị", "Đơn vị", "Giá trị", "Ghi chú"]
    assert [[c.value for c in row][:6] for row in sheet.iter_rows(min_row=5)] == [
        ["03388", "Phường Đoàn Kết", "202601", "STARTUPS",
         "Doanh nghiệp khởi nghiệp được hỗ trợ", None],
        ["03388", "Phường Đoàn Kết", "202601", "TRAINEES", "Người được tập huấn kỹ năng số", "Nữ"],
        ["03388", "Phường Đoàn Kết", "202601", "TRAINEES", "Người được tập huấn kỹ năng số", "Nam"],
        ["03388", "Phường Đoàn Kết", "202602", "STARTUPS",
         "Doanh nghiệp khởi nghiệp được hỗ trợ", None],
        ["03388", "Phường Đoàn Kết", "202602", "TRAINEES", "Người được tập huấn kỹ năng số", "Nữ"],
        ["03388", "Phường Đoàn Kết", "202602", "TRAINEES", "Người được tập huấn kỹ năng số", "Nam"],
    ]  # fmt: skip
    assert list(_rows(book)) == [
        ("03388", "202601", "STARTUPS", "default"), ("03388", "202601", "TRAINEES", "FEMALE"),
        ("03388", "202601", "TRAINEES", "MALE"), ("03388", "202602", "STARTUPS", "default"),
        ("03388", "202602", "TRAINEES", "FEMALE"), ("03388", "202602", "TRAINEES", "MALE"),
    ]  # fmt: skip


def test_only_value_and_comment_cells_are_open_and_the_codes_are_hidden(catalogue):
    book = load_workbook(io.BytesIO(_template(catalogue)))
    sheet, keys = book["Data"], book[excel.KEYS_SHEET]
    assert (sheet.protection.sheet, keys.protection.sheet) == (True, True)
    assert keys.sheet_state == "veryHidden"
    assert [sheet.cell(5, column).protection.locked for column in range(1, 10)] == [
        True, True, True, True, True, True, True, False, False,
    ]  # fmt: skip
    assert sheet.freeze_panes == "A5"
    rules = sheet.data_validations.dataValidation
    assert [(dv.type, dv.operator, dv.formula1, str(dv.sqref)) for dv in rules] == [
        ("whole", "greaterThanOrEqual", "0", "H5:H7")
    ]


def test_the_current_values_are_filled_in(catalogue):
    # given
    import_data_values(
        actor=SYSTEM,
        values=[
            RawValue(1, "TRAINEES", "202601", "03388", "MALE", "35", "Lớp tại nhà văn hóa"),
            RawValue(2, "STARTUPS", "202601", "03388", "", "3"),
        ],
    )
    # when
    sheet = load_workbook(io.BytesIO(_template(catalogue)))["Data"]
    # then
    assert [(row[7].value, row[8].value) for row in sheet.iter_rows(min_row=5)] == [
        (3, None), (None, None), (35, "Lớp tại nhà văn hóa"),
    ]  # fmt: skip


def test_a_filled_template_round_trips_into_stored_values(catalogue):
    # given: an officer fills two months for two communes
    data = _template(catalogue, units=("03388", "03390"), periods=(JANUARY, FEBRUARY))
    filled = _fill(
        data,
        {
            ("03388", "202601", "STARTUPS", "default"): 3,
            ("03388", "202601", "TRAINEES", "FEMALE"): (40, "Tập huấn tại xã"),
            ("03388", "202601", "TRAINEES", "MALE"): "35",
            ("03390", "202602", "STARTUPS", "default"): 2.0,
        },
    )
    # when
    summary = import_file(actor=SYSTEM, data=filled, file_format="xlsx", source="t.xlsx")
    # then
    assert (summary.imported, summary.updated, summary.ignored, summary.conflicts) == (4, 0, 0, [])
    stored = DataValue.objects.order_by("org_unit__code", "period", "data_element__code", "option")
    assert [
        (v.org_unit.code, v.period, v.data_element.code, v.option.code, v.value, v.comment)
        for v in stored
    ] == [
        ("03388", "202601", "STARTUPS", "default", Decimal(3), ""),
        ("03388", "202601", "TRAINEES", "FEMALE", Decimal(40), "Tập huấn tại xã"),
        ("03388", "202601", "TRAINEES", "MALE", Decimal(35), ""),
        ("03390", "202602", "STARTUPS", "default", Decimal(2), ""),
    ]  # fmt: skip
    assert DataImport.objects.get().file_format == "xlsx"


def test_export_edit_import_changes_only_what_was_edited(catalogue):
    # given: a first upload, then the template downloaded again with those values in it
    first = {("03388", "202601", "STARTUPS", "default"): 3}
    import_file(actor=SYSTEM, data=_fill(_template(catalogue), first), file_format="xlsx")
    again = _template(catalogue)
    # when: one value is changed and the file uploaded again
    edited = _fill(again, {("03388", "202601", "TRAINEES", "MALE"): 12})
    summary = import_file(actor=SYSTEM, data=edited, file_format="xlsx")
    # then: the prefilled value came back unchanged
    assert (summary.imported, summary.updated, summary.ignored) == (1, 0, 1)


def test_a_percentage_and_a_decimal_are_read_exactly(catalogue):
    # given: the yearly set's one element is a percentage
    units = list(OrgUnit.objects.filter(code="03388"))
    data = excel.build_template(catalogue.yearly, units, [parse_period("2025")])
    filled = _fill(data, {("03388", "2025", "ONLINE_RATE", "default"): 87.35})
    # when
    values, errors = excel.parse_workbook(filled)
    # then
    assert (errors, [(v.row, v.value) for v in values]) == ([], [(5, "87.35")])


def test_empty_value_cells_are_left_out(catalogue):
    values, errors = excel.parse_workbook(_template(catalogue))
    assert (values, errors) == ([], [])


def test_a_text_in_a_number_cell_is_a_conflict_on_its_row_and_nothing_is_written(catalogue):
    # given
    filled = _fill(
        _template(catalogue),
        {
            ("03388", "202601", "STARTUPS", "default"): 3,
            ("03388", "202601", "TRAINEES", "MALE"): "ba mươi",
        },
    )
    before = _state()
    # when
    summary = import_file(actor=SYSTEM, data=filled, file_format="xlsx")
    # then
    assert [(c.row, c.field, c.message) for c in summary.conflicts] == [
        (7, "value", "“ba mươi” is not a number.")
    ]
    assert _state() == before


def test_an_unknown_code_is_a_conflict_on_its_row(catalogue):
    # given: someone rewrote a code on both sheets, so the row still looks consistent
    def rename(book):  # type: ignore[no-untyped-def]
        book["Data"]["D6"] = "NO_SUCH"
        book[excel.KEYS_SHEET]["C6"] = "NO_SUCH"

    filled = _fill(_template(catalogue), {("03388", "202601", "TRAINEES", "FEMALE"): 4}, rename)
    before = _state()
    # when
    summary = import_file(actor=SYSTEM, data=filled, file_format="xlsx")
    # then
    assert [(c.row, c.field, c.message) for c in summary.conflicts] == [
        (6, "dataElement", "No data element has the code “NO_SUCH”.")
    ]
    assert _state() == before


def test_a_changed_key_cell_is_refused_naming_row_and_column(catalogue):
    # given: the sheet was unprotected and a unit code overwritten
    def tamper(book):  # type: ignore[no-untyped-def]
        book["Data"]["A7"] = "03390"

    filled = _fill(_template(catalogue), {("03388", "202601", "TRAINEES", "MALE"): 4}, tamper)
    before = _state()
    # when
    _values, errors = excel.parse_workbook(filled)
    summary = import_file(actor=SYSTEM, data=filled, file_format="xlsx")
    # then
    assert [(e.row, e.field, e.message) for e in errors] == [
        (7, "orgUnit", "Column A was changed from “03388”; download a new template.")
    ]
    assert [(c.row, c.field) for c in summary.conflicts] == [(7, "orgUnit")]
    assert _state() == before


def test_a_row_added_below_the_template_is_refused(catalogue):
    def add_row(book):  # type: ignore[no-untyped-def]
        book["Data"].append(["03388", "", "202603", "STARTUPS", "", "", "", 5, ""])

    filled = _fill(_template(catalogue), {}, add_row)
    _values, errors = excel.parse_workbook(filled)
    assert [(e.row, e.field) for e in errors] == [(8, "row")]


def test_a_comment_without_a_value_is_refused(catalogue):
    filled = _fill(_template(catalogue), {("03388", "202601", "STARTUPS", "default"): (None, "?")})
    _values, errors = excel.parse_workbook(filled)
    assert [(e.row, e.field, e.message) for e in errors] == [
        (5, "value", "A comment needs a value.")
    ]


def test_a_workbook_without_the_data_sheet_is_refused(catalogue):
    def drop_sheet(book):  # type: ignore[no-untyped-def]
        book["Data"].title = "Sheet1"

    _values, errors = excel.parse_workbook(_fill(_template(catalogue), {}, drop_sheet))
    assert [(e.row, e.field, e.message) for e in errors] == [
        (0, "sheet", "The sheet “Data” is missing.")
    ]


def test_any_other_workbook_or_file_is_refused(catalogue):
    # given
    other = Workbook()
    other.active.append(["dataelement", "period", "orgunit", "value"])
    other.active.append(["STARTUPS", "202601", "03388", 3])
    out = io.BytesIO()
    other.save(out)
    before = _state()
    # when
    summary = import_file(actor=SYSTEM, data=out.getvalue(), file_format="xlsx")
    _values, not_excel = excel.parse_workbook(b"dataelement,period\n")
    # then
    assert [(c.row, c.field) for c in summary.conflicts] == [(0, "document")]
    assert "not a data template" in summary.conflicts[0].message
    assert [(e.field, e.message) for e in not_excel] == [
        ("document", "The file is not an Excel workbook (.xlsx).")
    ]
    assert _state() == before


def test_a_template_too_large_for_a_workbook_is_refused(catalogue, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 5)
    with pytest.raises(excel.TemplateTooLarge, match="6 rows are too many"):
        _template(catalogue, periods=(JANUARY, FEBRUARY))
