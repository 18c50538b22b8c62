"""python manage.py export_datavalues DATASET ORGUNIT START [END] [-o FILE]: a data set's values
under a unit for a period range, as dataValueSets JSON or CSV or as the Excel template."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.policies import SYSTEM, VIEW
from tinhso.monitoring import excel
from tinhso.monitoring.dhis2.datavaluesets import to_csv, to_json
from tinhso.monitoring.selectors import export_target, export_values, period_range, workbook_rows


class Command(BaseCommand):
    help = "Export data values of a data set under an org unit (and its subtree), by code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("data_set", help="The data set's code.")
        parser.add_argument("org_unit", help="The org unit's code; its subtree is included.")
        parser.add_argument("start", help="The first period, e.g. 202601 or 2026 (all of it).")
        parser.add_argument("end", nargs="?", help="The last period; default: the first.")
        parser.add_argument("-o", "--output", type=Path, help="Default: standard output.")
        parser.add_argument(
            "--format", choices=["json", "csv", "xlsx"], help="Default: from the output's name."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        file_format = options["format"] or (output.suffix.lstrip(".") if output else "json")
        if file_format not in {"json", "csv", "xlsx"}:
            raise CommandError(f"Unknown format {file_format!r}: use json, csv or xlsx.")
        if file_format == "xlsx" and output is None:
            raise CommandError("A workbook needs --output FILE.")
        try:
            body = self._export(options, file_format)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        if output is None:
            self.stdout.write(body.decode(), ending="")
        else:
            output.write_bytes(body)

    def _export(self, options: dict[str, Any], file_format: str) -> bytes:
        data_set, unit, _periods = export_target(
            data_set=options["data_set"], org_unit=options["org_unit"], periods=[options["start"]]
        )
        periods = period_range(data_set, options["start"], options["end"] or options["start"])
        if file_format == "xlsx":
            rows = workbook_rows(
                user=SYSTEM, data_set=data_set, org_unit=unit, periods=periods, action=VIEW
            )
            return excel.build_workbook(data_set, rows)
        values = export_values(user=SYSTEM, data_set=data_set, org_unit=unit, periods=periods)
        if file_format == "csv":
            return to_csv(values).encode()
        return json.dumps(to_json(values), ensure_ascii=False, indent=1).encode()
