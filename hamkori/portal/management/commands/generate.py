import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from hamkori.demo.generate import GenerateOptions, generate
from hamkori.rules.loader import ensure_reference_data


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


class Command(BaseCommand):
    help = (
        "Create synthetic organisations with areas, annual reports and members at national "
        "scale (bulk inserts), and optionally funding plans, calls with lots, applications, and "
        "contracts with payments and reports; "
        "deterministic for a given seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=_positive, default=25_000)
        parser.add_argument("--members-per-org", type=_not_negative, default=2)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--jurisdiction", choices=["KZ", "TJ", "both"], default="both")
        parser.add_argument("--batch-size", type=_positive, default=2_000)
        parser.add_argument(
            "--plans-per-body", type=_positive, default=1, help="yearly plans of each funding body"
        )
        parser.add_argument(
            "--calls", type=_not_negative, default=0, help="calls, spread over states and years"
        )
        parser.add_argument("--lots-per-call", type=_positive, default=3)
        parser.add_argument(
            "--applications",
            type=_not_negative,
            default=0,
            help="applications spread over the calls that take them (needs --calls)",
        )
        parser.add_argument(
            "--applications-in-one-call",
            type=_not_negative,
            default=0,
            metavar="N",
            help="one more call, closed, with exactly N submitted applications",
        )
        parser.add_argument(
            "--contracts",
            type=_not_negative,
            default=None,
            metavar="N",
            help="contracts with payments and reports in the decided and final calls (default: "
            "one per lot with a compliant application; 0: none)",
        )

    def handle(self, *args, orgs, members_per_org, seed, jurisdiction, batch_size, **options):
        if options["applications"] and not options["calls"]:
            raise CommandError("--applications needs calls to apply to: add --calls N")
        ensure_reference_data()
        self.stderr.style_func = None  # the progress bar is not an error
        verbosity = options["verbosity"]

        def write(text: str) -> None:
            self.stderr.write(text, ending="")
            self.stderr.flush()

        notes: list[str] = []
        started = time.perf_counter()
        counts = generate(
            GenerateOptions(
                orgs=orgs,
                members_per_org=members_per_org,
                seed=seed,
                jurisdictions=("KZ", "TJ") if jurisdiction == "both" else (jurisdiction,),
                batch_size=batch_size,
                plans_per_body=options["plans_per_body"],
                calls=options["calls"],
                lots_per_call=options["lots_per_call"],
                applications=options["applications"],
                applications_in_one_call=options["applications_in_one_call"],
                contracts=options["contracts"],
            ),
            notes=notes,
            write=write if verbosity > 0 else None,
        )
        elapsed = time.perf_counter() - started
        rows = sum(counts.values())
        if verbosity > 0:
            self.stdout.write(", ".join(f"{name}: {count:,}" for name, count in counts.items()))
            self.stdout.write(
                f"{rows:,} rows in {elapsed:.1f} s ({rows / max(elapsed, 1e-9):,.0f} rows/s)"
            )
            for note in notes:
                self.stdout.write(note)
