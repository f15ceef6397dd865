from django.core.management.base import BaseCommand, CommandError

from hamkori.core.audit import audit_verify
from hamkori.core.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit non-zero if an event was edited or removed."

    def handle(self, *args, **options):
        problems = list(audit_verify())
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"event {problem.position}: {problem.message}")
            raise CommandError(f"audit trail BROKEN: {len(problems)} problem(s) in {total} events")
        self.stdout.write(self.style.SUCCESS(f"audit trail intact: {total} events"))
