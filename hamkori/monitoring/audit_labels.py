"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "monitoring.evaluation.publish": _("ex-post evaluation published"),
    "monitoring.evaluation.record": _("ex-post evaluation recorded"),
    "monitoring.evaluation.update": _("ex-post evaluation corrected"),
    "monitoring.report.accept": _("report accepted"),
    "monitoring.report.file_add": _("file attached to a report"),
    "monitoring.report.file_remove": _("file removed from a report"),
    "monitoring.report.return": _("report returned for changes"),
    "monitoring.report.save": _("report draft saved"),
    "monitoring.report.schedule": _("reports scheduled"),
    "monitoring.report.submit": _("report submitted"),
    "monitoring.visit.cancel": _("monitoring visit cancelled"),
    "monitoring.visit.follow_up_done": _("follow-up action done"),
    "monitoring.visit.photo_add": _("photo added to a monitoring visit"),
    "monitoring.visit.plan": _("monitoring visit planned"),
    "monitoring.visit.record": _("monitoring visit recorded"),
}
