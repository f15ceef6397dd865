"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "recommendations.recommendation.adopt": _("council recommendation adopted"),
    "recommendations.recommendation.send": _("council recommendation sent to the body"),
    "recommendations.recommendation.register": _("council recommendation registered by the body"),
    "recommendations.recommendation.answer": _("council recommendation answered by the body"),
    "recommendations.recommendation.extend": _("answer deadline of a recommendation extended"),
    "recommendations.recommendation.progress": _("implementation progress of a recommendation"),
    "recommendations.recommendation.implemented": _("council recommendation implemented"),
    "recommendations.milestone.add": _("implementation step of a recommendation planned"),
    "recommendations.milestone.done": _("implementation step of a recommendation done"),
}
