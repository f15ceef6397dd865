from django.core.management.base import BaseCommand

from hamkori.rules.loader import load_reference_data


class Command(BaseCommand):
    help = "Load jurisdictions, regions, areas, rule parameters and calendars from rules/data/."

    def handle(self, *args, **options):
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
