"""What each audit action of this app means, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "councils.council.create": _("public council created"),
    "councils.council.update": _("public council changed"),
    "councils.commission.create": _("council commission created"),
    "councils.commission.update": _("council commission renamed"),
    "councils.member.add": _("council member added"),
    "councils.member.update": _("council member changed"),
    "councils.member.end": _("council membership ended"),
    "councils.member.position_set": _("council member's position changed"),
    "councils.competition.announce": _("council formation competition announced"),
    "councils.competition.open": _("council formation competition opened"),
    "councils.competition.close": _("council formation competition closed"),
    "councils.competition.decide": _("council formation competition decided"),
    "councils.competition.publish": _("council formation results published (new composition)"),
    "councils.working_group.add": _("person named to the working group"),
    "councils.working_group.remove": _("person removed from the working group"),
    "councils.candidacy.submit": _("candidacy for a public council submitted"),
    "councils.candidacy.decide": _("candidacy for a public council decided"),
    "councils.formation.remind": _("reminder to start forming a council's next composition"),
}
