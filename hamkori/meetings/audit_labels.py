"""What this app's audit actions mean, in the reader's language (merged into
core.audit_labels.ACTION_LABELS)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "meetings.meeting.create": _("council meeting planned"),
    "meetings.meeting.update": _("council meeting changed"),
    "meetings.meeting.publish": _("notice of a council meeting published"),
    "meetings.meeting.hold": _("council meeting recorded as held"),
    "meetings.meeting.draft_minutes": _("minutes of a council meeting drafted"),
    "meetings.meeting.approve_minutes": _("minutes of a council meeting approved"),
    "meetings.meeting.cancel": _("council meeting cancelled"),
    "meetings.agenda_item.add": _("agenda item added"),
    "meetings.agenda_item.update": _("agenda item changed"),
    "meetings.agenda_item.remove": _("agenda item removed"),
    "meetings.agenda_document.add": _("document added to an agenda item"),
    "meetings.registration.create": _("registered for a council meeting"),
    "meetings.registration.promote": _("moved from the waiting list to a place"),
    "meetings.registration.cancel": _("registration for a council meeting cancelled"),
    "meetings.registration.attendance": _("attendance of the public recorded"),
    "meetings.attendance.record": _("attendance of council members recorded"),
    "meetings.vote.record": _("council vote recorded"),
    "meetings.ballot.open": _("council vote opened to the members present"),
    "meetings.ballot.cast": _("council member's vote cast"),
    "meetings.ballot.close": _("council vote closed and counted"),
    "meetings.ballot.cancel": _("council vote cancelled"),
    "meetings.minutes.update": _("minutes of a council meeting written"),
}
