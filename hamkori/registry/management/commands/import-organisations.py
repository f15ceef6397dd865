"""hamkori import-organisations FILE: import organisations from CSV or XLSX (docs/import.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hamkori.accounts.models import User
from hamkori.registry.importer import ImportFileError, import_organisations


class ProgressBar:
    """A plain text bar on stderr, redrawn at most once per percent."""

    def __init__(self, stream, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * percent // 100
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {percent:3d}% {done}/{total}", ending="")
        if done >= total:
            self.stream.write("")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import organisations from a CSV (UTF-8, comma or semicolon) or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the report (default: the site's default language)",
        )
        parser.add_argument("--user", help="e-mail of the person the import is recorded for")

    def handle(self, *args, file: str, language: str, user: str | None, **options):
        with translation.override(language):
            actor = None
            if user:
                actor = User.objects.filter(email=user.lower()).first()
                if actor is None:
                    raise CommandError(_("No person with the e-mail %(email)s.") % {"email": user})
            try:
                result = import_organisations(file, actor=actor, progress=ProgressBar(self.stderr))
            except (ImportFileError, OSError) as error:
                raise CommandError(str(error)) from None
            for done in result.done:
                message = (
                    _("Line %(line)d: created %(org_id)s")
                    if done.outcome == "created"
                    else _("Line %(line)d: updated %(org_id)s")
                )
                self.stdout.write(message % {"line": done.line, "org_id": done.org_id})
            for problem in result.problems:
                self.stdout.write(
                    _("Line %(line)d: rejected: %(reason)s")
                    % {"line": problem.line, "reason": problem}
                )
            summary = _(
                "%(total)d rows: %(created)d created, %(updated)d updated, %(rejected)d rejected."
            ) % {
                "total": result.total,
                "created": result.created,
                "updated": result.updated,
                "rejected": len(result.problems),
            }
            if not result.ok:
                raise CommandError(summary, returncode=1)
            self.stdout.write(summary)
