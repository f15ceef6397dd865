import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hamkori.accounts.models import User
from hamkori.registry.models import Organisation, Sector

DEFAULT_PATHS = [
    "/organisations/",
    "/organisations/?q=центр",
    "/organisations/?jurisdiction=KZ&region=KZ-75&status=active",
    "/organisations/?area=youth&kind=foundation",
    "/organisations/?page=400",
    "/organisations/{detail}/",
    "/rules/compare/",
    "/",
]


class Command(BaseCommand):
    help = (
        "Measure the server time of pages in-process (no network): median and 95th percentile "
        "over --repeat requests after a warm-up, with the number of SQL queries of each page."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="paths to measure (default: directory pages)")
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--warmup", type=int, default=3)
        parser.add_argument(
            "--as",
            dest="as_email",
            metavar="EMAIL",
            help="measure signed in as this user (e.g. an official for the application list)",
        )

    def handle(self, *args, paths, repeat, warmup, as_email=None, **options):
        csos = Organisation.objects.filter(sector=Sector.CSO).order_by("pk")
        detail = csos.values_list("pk", flat=True)
        middle = detail[detail.count() // 2] if detail.exists() else None
        if middle is None:
            raise CommandError("no organisations: run `hamkori generate` first")
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        client = Client(HTTP_ACCEPT_LANGUAGE="ru")
        if as_email:
            user = User.objects.filter(email__iexact=as_email).first()
            if user is None:
                raise CommandError(f"no user {as_email}")
            client.force_login(user)
        secure = settings.SECURE_SSL_REDIRECT  # measure behind TLS as in production
        total = Organisation.objects.count()
        self.stdout.write(
            f"{total} organisations, {connection.vendor}, {repeat} requests per page"
            + (f", signed in as {as_email}" if as_email else "")
        )
        self.stdout.write(f"{'page':<62} {'median ms':>9} {'p95 ms':>7} {'queries':>7}")
        for path in paths or DEFAULT_PATHS:
            url = path.format(detail=middle)
            for _ in range(warmup):
                client.get(url, secure=secure)
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url, secure=secure)
                    timings.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise CommandError(f"{url}: HTTP {response.status_code}")
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            self.stdout.write(
                f"{url:<62} {statistics.median(timings):>9.1f} {p95:>7.1f} {len(queries):>7}"
            )
