"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "reviews.declaration.record": _("declarations of interest recorded"),
    "reviews.draw.run": _("experts drawn"),
    "reviews.evaluation.save": _("evaluation settings saved"),
    "reviews.expert.accept_terms": _("expert's terms of service accepted"),
    "reviews.expert.add": _("expert added to the register"),
    "reviews.expert.status": _("expert's status changed"),
    "reviews.expert.update": _("expert's details changed"),
    "reviews.relation.add": _("expert's relation recorded"),
    "reviews.relation.remove": _("expert's relation removed"),
    "reviews.review.correct": _("score sheet corrected"),
    "reviews.review.reopen": _("scoring reopened"),
    "reviews.review.reserve": _("reserve expert called in"),
    "reviews.review.set_aside": _("score sheet set aside for an undisclosed conflict"),
    "reviews.review.save_draft": _("score sheet draft saved"),
    "reviews.review.submit": _("score sheet submitted"),
}
