"""Periodic jobs. Each app that has some lists them in its `tasks.py` as `PERIODIC`, a list of
functions taking no arguments and returning a count; the worker runs them, then sends mail."""

from __future__ import annotations

import logging
from importlib import import_module

from django.apps import apps

from hamkori.core.outbox import outbox_send_pending

log = logging.getLogger(__name__)


def periodic_jobs():
    for config in apps.get_app_configs():
        if not config.name.startswith("hamkori."):
            continue
        try:
            module = import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name == f"{config.name}.tasks":
                continue
            raise
        yield from getattr(module, "PERIODIC", [])


def run_periodic() -> dict[str, int]:
    """One round: every periodic job, then the outbox. Returns counts by job name."""
    report: dict[str, int] = {}
    for job in periodic_jobs():
        # One failing job must not hold back the others, nor the e-mails already queued.
        try:
            count = job()
        except Exception:
            log.exception("periodic job %s failed", job.__name__)
            report[f"{job.__name__} failed"] = 1
            continue
        if count:
            report[job.__name__] = count
    sent = outbox_send_pending()
    if sent:
        report["emails_sent"] = sent
    return report
