"""Periodic jobs of the dialogue app (run by `hamkori worker`, see core/tasks.py)."""

from __future__ import annotations

from hamkori.dialogue.services import consultations_close_due, report_documents_render_due

PERIODIC = [consultations_close_due, report_documents_render_due]
