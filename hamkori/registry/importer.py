"""Import of organisations from CSV or XLSX (format in docs/import.md).

Every row is validated first — identifier checksum, required columns, known kind, status,
region of that jurisdiction and areas, dates, contacts, duplicates inside the file — then the
good rows are written by `services.organisations_import`, each in its own savepoint. Reasons
are produced in the active language, so the caller decides the language of the report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from hamkori.core.i18n import language_fields
from hamkori.registry.models import Area, OrganisationKind, OrganisationStatus, Region
from hamkori.registry.services import clean_identifier, organisations_import
from hamkori.rules.models import Jurisdiction

COLUMNS = [
    "jurisdiction",
    "identifier",
    "kind",
    *language_fields("name"),
    "region",
    "areas",
    "registered_on",
    "status",
    "email",
    "phone",
    "website",
    "address",
]
REQUIRED = ["jurisdiction", "identifier", "kind", "region"]
LIMITS = {"phone": 40, "address": 400, **{f: 300 for f in language_fields("name")}}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass
class RowProblem:
    line: int
    reasons: list[str]

    def __str__(self) -> str:
        # Each reason is a sentence of its own; "; " after a full stop would read twice.
        return " ".join(
            r if r.rstrip().endswith((".", "!", "?")) else f"{r}." for r in self.reasons
        )


@dataclass
class RowDone:
    line: int
    outcome: str  # "created" or "updated"
    org_id: str


@dataclass
class ImportResult:
    total: int = 0
    done: list[RowDone] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for d in self.done if d.outcome == "created")

    @property
    def updated(self) -> int:
        return sum(1 for d in self.done if d.outcome == "updated")

    @property
    def ok(self) -> bool:
        return not self.problems


def _cell(value: Any) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(names: list[Any]) -> list[str]:
    header = [str(n or "").strip().lower() for n in names]
    unknown = [n for n in header if n and n not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Known columns: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    missing = [n for n in REQUIRED if n not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return header


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The CSV file must be encoded in UTF-8.")) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _header(next(reader, []))
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        # line_num is the physical line where the row ends; quoted newlines stay correct.
        yield reader.line_num, dict(zip(header, (_cell(v) for v in values), strict=False))


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(
            _("The XLSX file cannot be read: %(error)s") % {"error": error}
        ) from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _header(list(next(rows, [])))
        for number, values in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            yield number, dict(zip(header, (_cell(v) for v in values), strict=False))
    finally:
        workbook.close()


def read_rows(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, {column: value}) for every non-empty data row; the header is line 1."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return list(_read_xlsx(path))
    if path.suffix.lower() in (".csv", ".txt"):
        return list(_read_csv(path))
    raise ImportFileError(_("Only .csv and .xlsx files can be imported."))


def _date(value: str | date) -> date:
    if isinstance(value, date):
        return value
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError(value)


class RowValidator:
    """Checks rows against the reference data, loaded once per import."""

    def __init__(self) -> None:
        self.schemes = dict(Jurisdiction.objects.values_list("code", "identifier_scheme"))
        self.jurisdictions = set(self.schemes)
        self.regions = {r.code: r for r in Region.objects.all()}
        self.areas = set(Area.objects.values_list("code", flat=True))
        self.seen: dict[tuple[str, str], int] = {}

    def __call__(self, line: int, raw: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
        reasons: list[str] = []
        row: dict[str, Any] = {}

        def problem(column: str, message: str) -> None:
            reasons.append(f"{column}: {message}")

        for column in REQUIRED:
            if not raw.get(column):
                problem(column, _("this column is required."))
        if not any(raw.get(f) for f in language_fields("name")):
            problem("name_*", _("at least one name is required."))

        code = str(raw.get("jurisdiction", "")).upper()
        if code and code not in self.jurisdictions:
            problem("jurisdiction", _("unknown jurisdiction %(code)s.") % {"code": code})
        row["jurisdiction"] = code

        identifier = str(raw.get("identifier", ""))
        if code in self.jurisdictions and identifier:
            if code == "KZ" and identifier.isdigit() and 10 <= len(identifier) < 12:
                # Spreadsheets drop the leading zeros of BINs registered in 2000–2009.
                identifier = identifier.zfill(12)
            try:
                row["identifier"] = clean_identifier(code, identifier)
            except ValidationError as error:
                problem("identifier", " ".join(error.messages))
            else:
                first = self.seen.setdefault((code, row["identifier"]), line)
                if first != line:
                    problem("identifier", _("duplicate of line %(line)d.") % {"line": first})

        kind = str(raw.get("kind", ""))
        if kind and kind not in OrganisationKind.values:
            problem("kind", _("unknown kind %(kind)s.") % {"kind": kind})
        row["kind"] = kind

        status = str(raw.get("status", "")) or OrganisationStatus.ACTIVE
        if status not in OrganisationStatus.values:
            problem("status", _("unknown status %(status)s.") % {"status": status})
        row["status"] = status

        region_code = str(raw.get("region", "")).upper()
        region = self.regions.get(region_code)
        if region_code and (region is None or region.jurisdiction_id != code):
            problem(
                "region",
                _("%(region)s is not a region of %(jurisdiction)s.")
                % {"region": region_code, "jurisdiction": code or "?"},
            )
        row["region"] = region

        areas = [a.strip() for a in str(raw.get("areas", "")).split(";") if a.strip()]
        unknown = [a for a in areas if a not in self.areas]
        if unknown:
            problem("areas", _("unknown areas %(areas)s.") % {"areas": ", ".join(unknown)})
        row["areas"] = areas

        registered = raw.get("registered_on", "")
        if registered:
            try:
                row["registered_on"] = _date(registered)
            except ValueError:
                problem("registered_on", _("write the date as YYYY-MM-DD or DD.MM.YYYY."))

        for column, validator in (("email", EmailValidator()), ("website", URLValidator())):
            value = str(raw.get(column, ""))
            if value:
                try:
                    validator(value)
                except ValidationError as error:
                    problem(column, " ".join(error.messages))
            row[column] = value
        for column in ("phone", "address", *language_fields("name")):
            value = str(raw.get(column, ""))
            if len(value) > LIMITS[column]:
                problem(column, _("longer than %(limit)d characters.") % {"limit": LIMITS[column]})
            row[column] = value
        row["line"] = line
        row["org_id"] = f"{self.schemes.get(code)}-{row.get('identifier')}"
        return (None if reasons else row), reasons


Progress = Callable[[int, int], None]


def import_organisations(
    path: str | Path, *, actor=None, progress: Progress | None = None
) -> ImportResult:
    """Validate every row of the file and import the good ones."""
    rows = read_rows(path)
    result = ImportResult(total=len(rows))
    validate = RowValidator()
    good = []
    for line, raw in rows:
        row, reasons = validate(line, raw)
        if row is None:
            result.problems.append(RowProblem(line, reasons))
        else:
            good.append(row)
    counter = {"done": len(result.problems)}
    if progress:
        progress(counter["done"], result.total)

    def on_row(row: dict[str, Any], error: Exception | None, outcome: str) -> None:
        if error is not None:
            messages = getattr(error, "messages", None) or [str(error)]
            result.problems.append(RowProblem(row["line"], list(messages)))
        else:
            result.done.append(RowDone(row["line"], outcome, row["org_id"]))
        counter["done"] += 1
        if progress:
            progress(counter["done"], result.total)

    organisations_import(actor=actor, rows=good, filename=Path(path).name, on_row=on_row)
    result.problems.sort(key=lambda p: p.line)
    return result
