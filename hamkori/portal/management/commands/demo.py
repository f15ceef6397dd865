import logging
import os
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import translation

from hamkori.accounts.models import User
from hamkori.registry.models import Organisation
from hamkori.rules.loader import ensure_reference_data


def _worker_loop(interval: float = 20.0) -> None:
    """The demo's own worker: calls open and close on time, reminders and e-mails go out
    (production runs `hamkori worker` as a separate process)."""
    from hamkori.core.tasks import run_periodic

    log = logging.getLogger("hamkori.worker")
    while True:
        try:
            run_periodic()
        except Exception:
            log.exception("periodic jobs failed; trying again in %s s", interval)
        finally:
            close_old_connections()
        time.sleep(interval)


class Command(BaseCommand):
    help = (
        "Migrate, load the demo data when the database is empty, and serve the demo with a "
        "production WSGI server (waitress) on http://127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-serve", action="store_true", help="only prepare the database")

    def handle(self, *args, addr, port, threads, no_serve, **options):
        # The terminal speaks English like Django's own commands; the site keeps its default.
        with translation.override("en"):
            self._prepare_and_serve(addr=addr, port=port, threads=threads, no_serve=no_serve)

    def _prepare_and_serve(self, *, addr, port, threads, no_serve):
        from hamkori.demo.load import demo_load

        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        ensure_reference_data()
        if Organisation.objects.exists():
            self.stdout.write("The database already has data; demo data not loaded again.")
            existing = set(User.objects.values_list("email", flat=True))
            sign_ins = [s for s in demo_load(describe_only=True) if s.email in existing]
        else:
            self.stdout.write("Loading the demo data ...")
            sign_ins = demo_load()
        call_command("collectstatic", interactive=False, verbosity=0)

        self.stdout.write(self.style.MIGRATE_HEADING("\nDemo sign-ins (e-mail / password):"))
        width = max((len(s.role) for s in sign_ins), default=10)
        for sign_in in sign_ins:
            self.stdout.write(f"  {sign_in.role:<{width}}  {sign_in.email}  {sign_in.password}")
        if no_serve:
            return
        url = f"http://{addr}:{port}/"
        if not os.environ.get("HAMKORI_SITE_URL"):
            # Links in the demo's e-mails point at the demo itself.
            settings.SITE_URL = url.rstrip("/")
        self.stdout.write(
            f"E-mails are written to {settings.EMAIL_FILE_PATH}"
            if hasattr(settings, "EMAIL_FILE_PATH")
            else "E-mails go to the SMTP server of HAMKORI_EMAIL_URL"
        )
        threading.Thread(target=_worker_loop, name="hamkori-worker", daemon=True).start()
        self.stdout.write(self.style.SUCCESS(f"\nServing Hamkori on {url} (Ctrl+C stops)"))
        from waitress import serve

        from config.wsgi import application

        translation.deactivate()
        serve(application, host=addr, port=port, threads=threads, ident="hamkori")
