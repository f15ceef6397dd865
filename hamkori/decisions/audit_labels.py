"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "decisions.appeal.dismiss": _("appeal dismissed"),
    "decisions.appeal.file": _("appeal filed"),
    "decisions.appeal.review": _("appeal taken up for review"),
    "decisions.appeal.uphold": _("appeal upheld"),
    "decisions.entry.update": _("commission decision on an application changed"),
    "decisions.meeting.adopt": _("commission decision adopted"),
    "decisions.meeting.attendance": _("commission attendance recorded"),
    "decisions.meeting.create": _("commission meeting convened"),
    "decisions.meeting.reject": _("commission decision not adopted"),
    "decisions.member.add": _("commission member added"),
    "decisions.member.remove": _("commission member removed"),
    "decisions.result.publish": _("result published"),
    "decisions.result.republish": _("revised result published"),
    "decisions.vote.record": _("commission vote recorded"),
}
