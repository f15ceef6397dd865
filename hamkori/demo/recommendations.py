"""Demo data for the recommendations app (issue 6/7), made through the services. Filled in by its owner."""

from __future__ import annotations


def recommendations_load(*, organisations: dict) -> dict[str, int]:
    """Create the recommendations demo data and return counts for the demo's audit event."""
    return {}
