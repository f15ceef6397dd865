"""What each audit action of this app means, in the reader's language."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict = {
    "problems.problem.report": _("Social problem reported"),
    "problems.problem.support": _("Social problem supported"),
    "problems.problem.unsupport": _("Support of a social problem withdrawn"),
    "problems.problem.threshold_reached": _("Support threshold reached: an answer is due"),
    "problems.problem.answer": _("Social problem answered"),
    "problems.problem.transition": _("Social problem moderated"),
    "problems.problem.route": _("Responsible body of a social problem named"),
    "problems.problem.hide": _("Social problem hidden"),
    "problems.problem.unhide": _("Social problem shown again"),
    "problems.problem.mark_duplicate": _("Social problem marked a duplicate"),
    "problems.problem.unmark_duplicate": _("Social problem no longer a duplicate"),
    "problems.problem.lot_link": _("Social problem linked to a plan lot"),
    "problems.problem.lot_unlink": _("Social problem unlinked from a plan lot"),
    "problems.problem.overdue_notified": _("Responsible body told the answer is overdue"),
}
