"""Time the similarity search over many problems: the method (the in-memory index, no
database), or with --database the first search of a process against the database, without
and with the saved index (synthetic problems inserted in a transaction that is rolled back)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hamkori.problems.similarity import similarity_bench


class Command(BaseCommand):
    help = (
        "Build the similarity index of --problems synthetic problems in kk, ru, tg and en and "
        "time --queries searches: fingerprinting, index build, saving and reading the index, "
        "a cold first search, adding one problem, median and 95th percentile of a query "
        "(milliseconds). With --database: the same problems in the database (rolled back), "
        "a process's first search without and with the saved index, then a warm search."
    )

    def add_arguments(self, parser):
        parser.add_argument("--problems", type=int, default=10_000)
        parser.add_argument("--queries", type=int, default=50)
        parser.add_argument("--database", action="store_true")

    def handle(self, *args, problems, queries, database, **options):
        result = _database_bench(problems) if database else similarity_bench(problems, queries)
        for key, value in result.items():
            self.stdout.write(f"{key:<22} {value:>10.1f}")


class _RolledBack(Exception):
    pass


def _database_bench(count: int) -> dict[str, float]:
    from hamkori.accounts.models import User
    from hamkori.problems import similarity
    from hamkori.problems.models import Problem
    from hamkori.problems.services import problems_similarity_snapshot
    from hamkori.rules.models import Jurisdiction

    jurisdiction = Jurisdiction.objects.order_by("pk").first()
    if jurisdiction is None:
        raise CommandError("No jurisdiction: load the reference data first (manage.py load-rules).")
    result: dict[str, float] = {"problems": float(count)}

    def first_search_ms() -> float:
        similarity._cache.clear()
        start = time.perf_counter()
        similarity.problem_index().search("Нет пандуса у поликлиники", "Мүгедектер арбамен")
        return (time.perf_counter() - start) * 1000

    texts = similarity_bench_texts(count)
    try:
        with transaction.atomic():
            author = User.objects.create_user(email="bench-similarity@example.org", full_name="B")
            Problem.objects.bulk_create(
                [
                    Problem(
                        jurisdiction=jurisdiction,
                        reference=f"P-BENCH-{n:07d}",
                        title=title[:200],
                        description=description,
                        language="ru",
                        target_group="disability",
                        author=author,
                        fingerprint=similarity.fingerprint(title, description),
                    )
                    for n, (title, description) in enumerate(texts)
                ],
                batch_size=500,
            )
            result["cold_search_build_ms"] = first_search_ms()
            start = time.perf_counter()
            problems_similarity_snapshot()
            result["snapshot_job_ms"] = (time.perf_counter() - start) * 1000
            result["cold_search_saved_ms"] = first_search_ms()
            start = time.perf_counter()
            similarity.problem_index().search("Балабақшада орын жоқ", "Нет мест в детском саду")
            result["warm_search_ms"] = (time.perf_counter() - start) * 1000
            raise _RolledBack
    except _RolledBack:
        pass
    similarity._cache.clear()
    return result


def similarity_bench_texts(count: int) -> list[tuple[str, str]]:
    """The synthetic titles and descriptions of `similarity_bench` (same generator, same seed)."""
    import random

    from hamkori.problems.similarity import synthetic_text_maker

    text = synthetic_text_maker(random.Random(7))
    return [(text(8), text(60)) for _ in range(count)]
