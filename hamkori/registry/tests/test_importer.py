"""Import of organisations from CSV and XLSX: good rows in, bad rows reported by line."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from hamkori.core.models import AuditEvent
from hamkori.registry import importer
from hamkori.registry.identifiers import make_kz_bin
from hamkori.registry.importer import COLUMNS, import_organisations
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import next_kz_bin, organisation_make

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "organisations.csv"


def row(**values) -> list[str]:
    defaults = {
        "jurisdiction": "KZ",
        "identifier": next_kz_bin(),
        "kind": "public_association",
        "name_ru": "Объединение",
        "region": "KZ-71",
        "areas": "health;rights",
        "registered_on": "2015-03-01",
    }
    merged = {**defaults, **values}
    return [str(merged.get(c, "")) for c in COLUMNS]


def good_and_bad_rows(existing: Organisation) -> list[list[str]]:
    bad_bin = next_kz_bin()
    duplicate = next_kz_bin()
    return [
        row(name_ru="Первое"),  # line 2: created
        row(identifier=bad_bin[:11] + str((int(bad_bin[11]) + 1) % 10)),  # 3: checksum
        row(identifier=existing.identifier, name_en="Updated name"),  # 4: updated
        row(region="TJ-DU"),  # 5: region of another country
        row(identifier=duplicate),  # 6: created
        row(identifier=duplicate),  # 7: duplicate of line 6
        row(kind="castle", areas="health;moon"),  # 8: kind and area
        row(name_ru="", name_en=""),  # 9: no name
        row(registered_on="31/12/2015", email="not-an-address"),  # 10: date and e-mail
        row(jurisdiction="TJ", identifier="500000777", region="TJ-DU", registered_on="01.02.2010"),
    ]


def write_csv(path: Path, rows, delimiter=",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=delimiter).writerows([COLUMNS, *rows])
    return path


def write_xlsx(path: Path, rows) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append(values)
    workbook.save(path)
    return path


def assert_result(result, existing):
    assert [(d.line, d.outcome) for d in result.done] == [
        (2, "created"),
        (4, "updated"),
        (6, "created"),
        (11, "created"),
    ]
    problems = {p.line: str(p) for p in result.problems}
    assert sorted(problems) == [3, 5, 7, 8, 9, 10]
    assert "check digit" in problems[3]
    assert "TJ-DU is not a region of KZ" in problems[5]
    assert "duplicate of line 6" in problems[7]
    assert "unknown kind castle" in problems[8] and "unknown areas moon" in problems[8]
    assert "at least one name" in problems[9]
    assert "YYYY-MM-DD" in problems[10] and "email" in problems[10]
    existing.refresh_from_db()
    assert existing.name_en == "Updated name"
    assert Organisation.objects.count() == 4  # three created and the existing one


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_csv_with_bad_rows_imports_the_good_ones(tmp_path, delimiter):
    existing = organisation_make()
    path = write_csv(tmp_path / "orgs.csv", good_and_bad_rows(existing), delimiter)
    result = import_organisations(path)
    assert_result(result, existing)
    tj = Organisation.objects.get(identifier="500000777")
    assert str(tj.registered_on) == "2010-02-01"
    event = AuditEvent.objects.get(action="registry.import")
    assert (event.changes["created"], event.changes["updated"]) == (3, 1)


def test_an_xlsx_with_bad_rows_imports_the_good_ones(tmp_path):
    existing = organisation_make()
    path = write_xlsx(tmp_path / "orgs.xlsx", good_and_bad_rows(existing))
    assert_result(import_organisations(path), existing)


def test_a_bad_row_leaves_nothing_behind_even_when_the_database_refuses_it(tmp_path, monkeypatch):
    # given two valid rows, the second of which the database will refuse
    first, second = next_kz_bin(), next_kz_bin()
    path = write_csv(tmp_path / "orgs.csv", [row(identifier=first), row(identifier=second)])
    real_set = Organisation.areas.related_manager_cls.set

    def failing_set(manager, objs, **kwargs):
        if manager.instance.identifier == second:
            from django.db import IntegrityError

            raise IntegrityError("refused")
        return real_set(manager, objs, **kwargs)

    monkeypatch.setattr(Organisation.areas.related_manager_cls, "set", failing_set)
    result = import_organisations(path)
    # then the refused row is reported and nothing of it stays
    assert [p.line for p in result.problems] == [3]
    assert list(Organisation.objects.values_list("identifier", flat=True)) == [first]


def test_an_excel_bin_that_lost_its_leading_zero_is_restored(tmp_path):
    value = make_kz_bin(2005, 3, "4", 77)
    path = write_xlsx(tmp_path / "orgs.xlsx", [row(identifier=int(value))])
    result = import_organisations(path)
    assert result.ok, result.problems
    assert Organisation.objects.get().identifier == value


def test_the_sample_file_imports_cleanly():
    result = import_organisations(SAMPLE)
    assert result.ok, [str(p) for p in result.problems]
    assert result.created == 4
    xlsx = import_organisations(SAMPLE.with_suffix(".xlsx"))
    assert xlsx.ok and xlsx.updated == 4


def test_an_unknown_column_stops_the_import(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("jurisdiction,identifier,kind,name_kz,region\n", encoding="utf-8")
    with pytest.raises(importer.ImportFileError, match="name_kz"):
        import_organisations(path)


def test_the_command_reports_lines_exits_1_and_shows_progress(tmp_path):
    existing = organisation_make()
    path = write_csv(tmp_path / "orgs.csv", good_and_bad_rows(existing))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import-organisations", str(path), language="en", stdout=out, stderr=err)
    assert error.value.returncode == 1
    assert "10 rows: 3 created, 1 updated, 6 rejected." in str(error.value)
    text = out.getvalue()
    assert "Line 2: created KZ-BIN-" in text
    assert f"Line 4: updated KZ-BIN-{existing.identifier}" in text
    assert "Line 3: rejected: identifier:" in text
    assert "100% 10/10" in err.getvalue()


def test_the_command_succeeds_on_the_sample():
    out = io.StringIO()
    call_command("import-organisations", str(SAMPLE), stdout=out, stderr=io.StringIO())
    assert "4 rows: 4 created, 0 updated, 0 rejected." in out.getvalue()


def test_the_language_option_switches_the_report_language(tmp_path, monkeypatch):
    # given a row whose reason comes from Django's own (translated) e-mail validator
    path = write_csv(tmp_path / "orgs.csv", [row(email="not-an-address")])
    seen = []
    real_validate = importer.RowValidator.__call__

    def spy(self, line, raw):
        seen.append(translation.get_language())
        return real_validate(self, line, raw)

    monkeypatch.setattr(importer.RowValidator, "__call__", spy)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-organisations", str(path), language="ru", stdout=out, stderr=io.StringIO()
        )
    # then the rows were checked and reported in Russian, and the language is restored after
    assert seen == ["ru"]
    assert "Введите правильный адрес электронной почты." in out.getvalue()
    assert translation.get_language() == "en"
