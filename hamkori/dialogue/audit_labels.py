"""What each audit action of this app means, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "dialogue.comment.add": _("comment on a draft given"),
    "dialogue.comment.handle": _("handling of a comment recorded"),
    "dialogue.comment.hide": _("comment hidden"),
    "dialogue.consultation.close": _("comment period closed"),
    "dialogue.consultation.create": _("consultation created"),
    "dialogue.consultation.document": _("draft document attached"),
    "dialogue.consultation.publish": _("draft published for comments"),
    "dialogue.consultation.publish_report": _("consultation report published"),
    "dialogue.consultation.update": _("consultation changed"),
    "dialogue.followup.add": _("follow-up action added"),
    "dialogue.followup.update": _("follow-up action changed"),
    "dialogue.participant.add": _("delegation member added"),
    "dialogue.participant.remove": _("delegation member removed"),
    "dialogue.programme.create": _("dialogue programme created"),
    "dialogue.programme.publish": _("dialogue programme published"),
    "dialogue.programme.update": _("dialogue programme changed"),
    "dialogue.section.add": _("section of a draft added"),
    "dialogue.section.remove": _("section of a draft removed"),
    "dialogue.session.add": _("programme session added"),
    "dialogue.session.remove": _("programme session removed"),
    "dialogue.session.update": _("programme session changed"),
}
