"""Load jurisdictions, regions, areas, rule parameters and calendars from the TOML files in
rules/data/. Idempotent: running it again brings the database to what the files say.

The files are checked before anything is written: an unknown key, evidence tag or day kind,
a missing reference or label, or a float anywhere in a value (amounts and shares are exact
decimals written as strings) stops the load with `RuleFileError`."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from hamkori.core.audit import audit_record
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.rules.models import (
    CalendarCoverage,
    CalendarDay,
    DayKind,
    Evidence,
    Jurisdiction,
    RuleParameter,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
JURISDICTION_FILES = ("kz.toml", "tj.toml")
PARAMS_FILE = "params.toml"
# The unit of a parameter given as "currency" is the jurisdiction's own currency code.
CURRENCY_UNIT = "currency"


class RuleFileError(ValueError):
    pass


def _names(prefix: str, names: dict[str, str]) -> dict[str, str]:
    unknown = set(names) - set(CONTENT_LANGUAGES)
    if unknown:
        raise RuleFileError(f"unknown languages {sorted(unknown)}")
    return {f"{prefix}_{code}": names.get(code, "") for code in CONTENT_LANGUAGES}


def read(name: str, data_dir: Path = DATA_DIR) -> dict:
    with (data_dir / name).open("rb") as fh:
        return tomllib.load(fh)


def _read_catalogue(data_dir: Path) -> dict[str, dict[str, Any]]:
    params = read(PARAMS_FILE, data_dir).get("params", {})
    for key, meta in params.items():
        label = meta.get("label", {})
        missing = [code for code in CONTENT_LANGUAGES if not label.get(code, "").strip()]
        if missing:
            raise RuleFileError(f"{PARAMS_FILE}: {key}: no label in {missing}")
        if not meta.get("unit") or not meta.get("group"):
            raise RuleFileError(f"{PARAMS_FILE}: {key}: unit and group are required")
    return params


@lru_cache(maxsize=4)
def parameter_catalogue(data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    """Every known parameter key in page order: {key: {unit, group, label: {kk, ru, tg, en}}}."""
    return _read_catalogue(data_dir)


def _reject_floats(where: str, value: Any) -> None:
    # A TOML float would become a binary fraction; amounts and shares must stay exact.
    if isinstance(value, float):
        raise RuleFileError(f'{where}: float {value!r}; write exact numbers as strings ("0.10")')
    if isinstance(value, list):
        for item in value:
            _reject_floats(where, item)
    if isinstance(value, dict):
        for item in value.values():
            _reject_floats(where, item)


def _plain_date(where: str, value: Any) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise RuleFileError(f"{where}: {value!r} is not a TOML date (YYYY-MM-DD)")
    return value


def _rule_rows(
    filename: str, doc: dict, jurisdiction: Jurisdiction, catalogue: dict
) -> list[RuleParameter]:
    rows = []
    seen: set[tuple[str, date]] = set()
    for rule in doc.get("rule", []):
        key = rule.get("key", "")
        where = f"{filename}: {key}"
        meta = catalogue.get(key)
        if meta is None:
            raise RuleFileError(f"{where}: key not in {PARAMS_FILE}")
        valid_from = _plain_date(where, rule.get("from"))
        if (key, valid_from) in seen:
            raise RuleFileError(f"{where}: two rows from {valid_from}")
        seen.add((key, valid_from))
        if rule.get("evidence") not in Evidence.values:
            raise RuleFileError(f"{where}: evidence {rule.get('evidence')!r}")
        if not rule.get("reference", "").strip():
            raise RuleFileError(f"{where}: no legal reference")
        if "value" not in rule:
            raise RuleFileError(f"{where}: no value")
        _reject_floats(where, rule["value"])
        unit = rule.get("unit", meta["unit"])
        rows.append(
            RuleParameter(
                jurisdiction=jurisdiction,
                key=key,
                valid_from=valid_from,
                value=rule["value"],
                unit=jurisdiction.currency if unit == CURRENCY_UNIT else unit,
                evidence=rule["evidence"],
                reference=rule["reference"],
                note=rule.get("note", ""),
                **_names("label", meta["label"]),
            )
        )
    return rows


def _day_rows(filename: str, doc: dict, jurisdiction: Jurisdiction) -> list[CalendarDay]:
    years = set(doc.get("calendar_years", []))
    days = []
    for day in doc.get("day", []):
        where = f"{filename}: day {day.get('date')!r}"
        on = _plain_date(where, day.get("date"))
        if on.year not in years:
            raise RuleFileError(f"{where}: year not in calendar_years")
        if day.get("kind") not in DayKind.values:
            raise RuleFileError(f"{where}: kind {day.get('kind')!r}")
        if day.get("evidence") not in Evidence.values:
            raise RuleFileError(f"{where}: evidence {day.get('evidence')!r}")
        if not day.get("reference", "").strip():
            raise RuleFileError(f"{where}: no reference")
        days.append(
            CalendarDay(
                jurisdiction=jurisdiction,
                date=on,
                kind=day["kind"],
                evidence=day["evidence"],
                reference=day["reference"],
                **_names("name", day.get("name", {})),
            )
        )
    return days


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load everything; returns counts per kind of row."""
    from hamkori.registry.models import Area, Region

    counts = {"jurisdictions": 0, "regions": 0, "areas": 0, "rules": 0, "days": 0}
    catalogue = _read_catalogue(data_dir)
    for filename in JURISDICTION_FILES:
        doc = read(filename, data_dir)
        meta = doc["jurisdiction"]
        jurisdiction, _ = Jurisdiction.objects.update_or_create(
            code=meta["code"],
            defaults={
                **_names("name", meta["name"]),
                "timezone": meta["timezone"],
                "currency": meta["currency"],
                "identifier_scheme": meta["identifier_scheme"],
                "languages": meta["languages"],
                "weekend_days": meta["weekend_days"],
            },
        )
        counts["jurisdictions"] += 1
        for region in doc.get("region", []):
            if not region["code"].startswith(f"{jurisdiction.code}-"):
                raise RuleFileError(
                    f"{filename}: region {region['code']} outside {jurisdiction.code}"
                )
            Region.objects.update_or_create(
                code=region["code"],
                defaults={
                    "jurisdiction": jurisdiction,
                    "is_city": region.get("is_city", False),
                    **_names("name", region["name"]),
                },
            )
            counts["regions"] += 1

        # Validate before deleting, so a bad file leaves the loaded rules as they were.
        rows = _rule_rows(filename, doc, jurisdiction, catalogue)
        days = _day_rows(filename, doc, jurisdiction)

        RuleParameter.objects.filter(jurisdiction=jurisdiction).delete()
        RuleParameter.objects.bulk_create(rows)
        counts["rules"] += len(rows)

        CalendarDay.objects.filter(jurisdiction=jurisdiction).delete()
        CalendarCoverage.objects.filter(jurisdiction=jurisdiction).delete()
        CalendarDay.objects.bulk_create(days)
        CalendarCoverage.objects.bulk_create(
            [
                CalendarCoverage(jurisdiction=jurisdiction, year=y)
                for y in doc.get("calendar_years", [])
            ]
        )
        counts["days"] += len(days)
        audit_record(
            actor=None,
            action="rules.load",
            obj=jurisdiction,
            changes={"rules": len(rows), "days": len(days), "source": filename},
        )

    for order, area in enumerate(read("areas.toml", data_dir).get("area", [])):
        Area.objects.update_or_create(
            code=area["code"], defaults={"order": order, **_names("name", area["name"])}
        )
        counts["areas"] += 1
    return counts


def ensure_reference_data() -> None:
    """Load the reference data unless it is there (tests, first start of the demo)."""
    if not Jurisdiction.objects.exists():
        load_reference_data()
