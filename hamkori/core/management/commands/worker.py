import time

from django.core.management.base import BaseCommand

from hamkori.core.tasks import run_periodic


class Command(BaseCommand):
    help = (
        "Send queued e-mails and run the periodic jobs (calls opening and closing on time, "
        "deadline reminders). Runs until stopped; --once runs one round."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")

    def handle(self, *args, once, interval, **options):
        while True:
            report = run_periodic()
            if report and options["verbosity"] > 1:
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()))
            if once:
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in report.items()) or "idle")
                return
            time.sleep(interval)
