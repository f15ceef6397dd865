"""Periodic jobs of the problems app (run by `hamkori worker`, see core/tasks.py)."""

from __future__ import annotations

from hamkori.problems.services import problems_notify_overdue, problems_similarity_snapshot

PERIODIC = [problems_notify_overdue, problems_similarity_snapshot]
