"""Load jurisdictions, regions, areas, rule parameters and calendars from the TOML files in
rules/data/. Idempotent: running it again brings the database to what the files say."""

from __future__ import annotations

import tomllib
from pathlib import Path

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


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> dict[str, int]:
    """Load everything; returns counts per kind of row."""
    from hamkori.registry.models import Area, Region

    counts = {"jurisdictions": 0, "regions": 0, "areas": 0, "rules": 0, "days": 0}
    labels = read("params.toml", data_dir).get("params", {}) if (data_dir / "params.toml").exists() else {}
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
                raise RuleFileError(f"{filename}: region {region['code']} outside {jurisdiction.code}")
            Region.objects.update_or_create(
                code=region["code"],
                defaults={
                    "jurisdiction": jurisdiction,
                    "is_city": region.get("is_city", False),
                    **_names("name", region["name"]),
                },
            )
            counts["regions"] += 1

        RuleParameter.objects.filter(jurisdiction=jurisdiction).delete()
        rows = []
        for rule in doc.get("rule", []):
            meta_label = labels.get(rule["key"], {})
            evidence = rule["evidence"]
            if evidence not in Evidence.values:
                raise RuleFileError(f"{filename}: {rule['key']}: evidence {evidence!r}")
            rows.append(
                RuleParameter(
                    jurisdiction=jurisdiction,
                    key=rule["key"],
                    valid_from=rule["from"],
                    value=rule["value"],
                    unit=rule.get("unit", meta_label.get("unit", "")),
                    evidence=evidence,
                    reference=rule.get("reference", ""),
                    note=rule.get("note", ""),
                    **_names("label", meta_label.get("label", {})),
                )
            )
        RuleParameter.objects.bulk_create(rows)
        counts["rules"] += len(rows)

        CalendarDay.objects.filter(jurisdiction=jurisdiction).delete()
        CalendarCoverage.objects.filter(jurisdiction=jurisdiction).delete()
        days = []
        for day in doc.get("day", []):
            if day["kind"] not in DayKind.values:
                raise RuleFileError(f"{filename}: {day['date']}: kind {day['kind']!r}")
            days.append(
                CalendarDay(
                    jurisdiction=jurisdiction,
                    date=day["date"],
                    kind=day["kind"],
                    evidence=day.get("evidence", "unverified"),
                    reference=day.get("reference", ""),
                    **_names("name", day.get("name", {})),
                )
            )
        CalendarDay.objects.bulk_create(days)
        CalendarCoverage.objects.bulk_create(
            [CalendarCoverage(jurisdiction=jurisdiction, year=y) for y in doc.get("calendar_years", [])]
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
