"""Time the similarity search over many problems (no database: the in-memory index)."""

from django.core.management.base import BaseCommand

from hamkori.problems.similarity import similarity_bench


class Command(BaseCommand):
    help = (
        "Build the similarity index of --problems synthetic problems in kk, ru, tg and en and "
        "time --queries searches: fingerprinting, index build, adding one problem, median and "
        "95th percentile of a query (milliseconds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--problems", type=int, default=10_000)
        parser.add_argument("--queries", type=int, default=50)

    def handle(self, *args, problems, queries, **options):
        result = similarity_bench(problems, queries)
        for key, value in result.items():
            self.stdout.write(f"{key:<22} {value:>10.1f}")
