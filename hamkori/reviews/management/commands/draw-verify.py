from django.core.management.base import BaseCommand, CommandError

from hamkori.calls.models import Call
from hamkori.reviews.draw import ALGORITHM, draw
from hamkori.reviews.models import Draw


class Command(BaseCommand):
    help = (
        "Repeat every lot's draw of a call from its published seed and pool; exit non-zero "
        "if any stored order or seat differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("call", help="the call's reference or number (pk)")

    def handle(self, *args, **options):
        key = options["call"]
        call = Call.objects.filter(reference=key).first()
        if call is None and key.isdigit():
            call = Call.objects.filter(pk=int(key)).first()
        if call is None:
            raise CommandError(f"no call {key}")
        draws = list(
            Draw.objects.filter(call=call).select_related("lot").order_by("lot__number", "pk")
        )
        if not draws:
            self.stdout.write(f"{call.reference}: no draws yet")
            return
        problems = 0
        for record in draws:
            self.stdout.write(f"{call.reference} lot {record.lot.number}")
            self.stdout.write(f"  algorithm {record.algorithm}")
            self.stdout.write(f"  seed      {record.seed}")
            self.stdout.write(f"  pool      {', '.join(map(str, record.pool))}")
            expected = draw(
                record.seed, record.pool, panel=record.panel_size, reserves=record.reserve_size
            )
            seats = [
                (seat.expert_id, seat.is_reserve) for seat in record.seats.order_by("position")
            ]
            expected_seats = [
                (expert_id, position > record.panel_size)
                for position, expert_id in enumerate(expected, start=1)
            ]
            self.stdout.write(f"  panel     {', '.join(map(str, expected[: record.panel_size]))}")
            self.stdout.write(f"  reserves  {', '.join(map(str, expected[record.panel_size :]))}")
            found = []
            if record.algorithm != ALGORITHM:
                found.append(f"unknown algorithm {record.algorithm}")
            if list(record.pool) != sorted(set(record.pool)):
                found.append("the pool is not a sorted list of distinct ids")
            if list(record.order) != expected:
                found.append(f"stored order {record.order} differs from {expected}")
            if seats != expected_seats:
                found.append(f"seats {seats} differ from {expected_seats}")
            for problem in found:
                self.stderr.write(f"  DIFFERS: {problem}")
            if not found:
                self.stdout.write(self.style.SUCCESS("  same as published"))
            problems += len(found)
        if problems:
            raise CommandError(f"{call.reference}: {problems} difference(s) found")
        self.stdout.write(self.style.SUCCESS(f"{call.reference}: every draw repeats exactly"))
