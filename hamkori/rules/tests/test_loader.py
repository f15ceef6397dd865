"""The rule files load, load again to the same state, and are refused when they are wrong."""

import shutil
import tomllib

import pytest

from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.rules.loader import (
    DATA_DIR,
    JURISDICTION_FILES,
    PARAMS_FILE,
    RuleFileError,
    load_reference_data,
)
from hamkori.rules.models import (
    CalendarCoverage,
    CalendarDay,
    Evidence,
    Jurisdiction,
    RuleParameter,
)


def _read(name):
    with (DATA_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


def _state():
    return (
        sorted(RuleParameter.objects.values_list("jurisdiction_id", "key", "valid_from", "value")),
        sorted(CalendarDay.objects.values_list("jurisdiction_id", "date", "kind")),
        sorted(CalendarCoverage.objects.values_list("jurisdiction_id", "year")),
    )


def test_loader_loads_both_jurisdictions(reference_data):
    # given the files, when loaded (by the session fixture), then both jurisdictions are there
    assert set(Jurisdiction.objects.values_list("code", flat=True)) == {"KZ", "TJ"}
    for code in ("KZ", "TJ"):
        assert RuleParameter.objects.filter(jurisdiction_id=code).count() > 10
        assert CalendarDay.objects.filter(jurisdiction_id=code).count() > 30
        assert set(
            CalendarCoverage.objects.filter(jurisdiction_id=code).values_list("year", flat=True)
        ) == {2025, 2026, 2027}


def test_loader_is_idempotent(reference_data):
    # given loaded data
    before = _state()
    # when loading twice more
    first = load_reference_data()
    second = load_reference_data()
    # then the database says the same and the counts agree
    assert first == second
    assert _state() == before
    assert first["rules"] == RuleParameter.objects.count()
    assert first["days"] == CalendarDay.objects.count()


def test_currency_unit_becomes_the_jurisdictions_currency(reference_data):
    # given the MRP whose unit is "currency" in params.toml, then it is stored as KZT
    assert set(RuleParameter.objects.filter(key="mrp").values_list("unit", flat=True)) == {"KZT"}
    # and a row that sets its own unit keeps it, resolved for TJ
    assert (
        RuleParameter.objects.get(jurisdiction_id="TJ", key="payment.two_person_threshold").unit
        == "TJS"
    )


@pytest.mark.parametrize("filename", JURISDICTION_FILES)
def test_every_rule_has_a_known_tag_and_a_reference(filename):
    doc = _read(filename)
    params = _read(PARAMS_FILE)["params"]
    assert doc["rule"], filename
    for rule in doc["rule"]:
        assert rule["key"] in params, rule["key"]
        assert rule["evidence"] in Evidence.values, rule["key"]
        assert rule["reference"].strip(), rule["key"]
    for day in doc["day"]:
        assert day["evidence"] in Evidence.values, day["date"]
        assert day["reference"].strip(), day["date"]
        assert all(day["name"].get(code, "").strip() for code in CONTENT_LANGUAGES), day["date"]


def test_every_key_has_labels_in_all_four_languages():
    params = _read(PARAMS_FILE)["params"]
    used = {rule["key"] for name in JURISDICTION_FILES for rule in _read(name)["rule"]}
    assert used <= set(params)
    for key, meta in params.items():
        assert meta["unit"] and meta["group"], key
        for code in CONTENT_LANGUAGES:
            assert meta["label"].get(code, "").strip(), (key, code)
    # the four labels are real translations, not one text copied
    assert len(
        {meta["label"][code] for meta in params.values() for code in ("kk", "ru", "en")}
    ) > 2 * len(params)


def _copy_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def _append(path, text):
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _row(key="mrp", start="2030-01-01", value="1", evidence="verified", reference="x"):
    return (
        f'key = "{key}"\nfrom = {start}\nvalue = {value}\n'
        f'evidence = "{evidence}"\nreference = "{reference}"\n'
    )


@pytest.mark.parametrize(
    "row, message",
    [
        (_row(value="1.5"), "float"),
        (_row(value='[{ share = 0.5, after = "signature" }]'), "float"),
        (_row(evidence="rumour"), "evidence"),
        (_row(reference=""), "reference"),
        (_row(key="no.such.key"), "params"),
        (_row(start="2020-01-01"), "two rows"),
        (_row(start='"2030-01-01"'), "TOML date"),
    ],
)
def test_a_bad_rule_row_is_refused_and_leaves_the_loaded_rules(
    reference_data, tmp_path, row, message
):
    # given a copy of the files with one bad row appended
    data = _copy_data(tmp_path)
    _append(data / "kz.toml", "\n[[rule]]\n" + row)
    before = _state()
    # when loading, then the load is refused and nothing changed
    with pytest.raises(RuleFileError, match=message):
        load_reference_data(data)
    assert _state() == before


def test_a_day_outside_the_covered_years_is_refused(reference_data, tmp_path):
    data = _copy_data(tmp_path)
    _append(
        data / "tj.toml",
        '\n[[day]]\ndate = 2031-01-01\nkind = "holiday"\nname = { en = "x" }\n'
        'evidence = "secondary"\nreference = "x"\n',
    )
    with pytest.raises(RuleFileError, match="calendar_years"):
        load_reference_data(data)


def test_a_missing_label_is_refused(reference_data, tmp_path):
    data = _copy_data(tmp_path)
    text = (data / PARAMS_FILE).read_text(encoding="utf-8")
    (data / PARAMS_FILE).write_text(
        text.replace('tg = "Гранти кӯтоҳмуддат: маблағи ҳадди ақал", ', ""), encoding="utf-8"
    )
    with pytest.raises(RuleFileError, match="no label"):
        load_reference_data(data)
