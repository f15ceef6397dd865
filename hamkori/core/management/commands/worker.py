import logging
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from hamkori.core.tasks import run_periodic

log = logging.getLogger("hamkori.worker")


class Command(BaseCommand):
    help = (
        "Send queued e-mails and run the periodic jobs (calls opening and closing on time, "
        "deadline reminders). Runs until stopped; --once runs one round."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")

    def handle(self, *args, once, interval, **options):
        if once:
            report = run_periodic()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()) or "idle")
            return
        while True:
            # A long-running process: a lost database connection (a restarted server) must
            # not end the worker; the next round reconnects.
            try:
                report = run_periodic()
                if report and options["verbosity"] > 1:
                    self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
            except Exception:
                log.exception("worker round failed; trying again in %s s", interval)
            finally:
                close_old_connections()
            time.sleep(interval)
