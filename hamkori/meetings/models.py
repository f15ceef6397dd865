"""Meetings of public councils: notice and agenda, public registration, attendance, quorum,
votes, elections and minutes (issue 6, DOMAIN.md §4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import multilingual_char, multilingual_text, translated
from hamkori.core.models import TimeStamped


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("planned")
    NOTICE = "notice", _("notice published")
    HELD = "held", _("held")
    MINUTES_DRAFTED = "minutes_drafted", _("minutes drafted")
    MINUTES_APPROVED = "minutes_approved", _("minutes approved")
    CANCELLED = "cancelled", _("cancelled")


class ApproverRole(models.TextChoices):
    """In what capacity the minutes were approved (the chair, the secretary, or a platform
    administrator standing in): shown with the approver's name on the minutes."""

    CHAIR = "chair", _("chair")
    SECRETARY = "secretary", _("secretary")
    ADMINISTRATOR = "admin", _("administrator")


class Meeting(TimeStamped):
    """One meeting of a council. Meetings are open to the public by law (DOMAIN.md §4); an
    open meeting takes registrations up to its capacity, then a waiting list."""

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    is_open = models.BooleanField(_("open to the public"), default=True)
    capacity = models.PositiveIntegerField(_("places for the public"), null=True, blank=True)
    # The first meeting of a composition elects the chair, deputy chair and presidium
    # (Model regulation, Order No 69 of 26.02.2021): only such a meeting holds elections.
    is_first = models.BooleanField(_("first meeting of the composition"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice_published_at = models.DateTimeField(_("notice published"), null=True, blank=True)
    held_at = models.DateTimeField(_("recorded as held"), null=True, blank=True)
    minutes_drafted_at = models.DateTimeField(_("minutes drafted"), null=True, blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_approved_as = models.CharField(
        _("minutes approved as"), max_length=16, choices=ApproverRole.choices, blank=True
    )
    minutes_note = models.TextField(_("minutes: opening note"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["council", "number"]
        indexes = [models.Index(fields=["council", "starts_at"]), models.Index(fields=["state"])]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "number"], name="council_meeting_number_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="council_meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(state__in=MeetingState.values), name="council_meeting_state_known"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="council_meeting_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title") or f"{self.council} #{self.number}"


class AgendaItem(models.Model):
    """An item of a meeting's agenda; items nest (a parent item and its sub-items). The
    minutes text of the item is written by the secretary after the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of item"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration, minutes"), null=True, blank=True
    )
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 500).items()})
    locals().update({f"description_{c}": f for c, f in multilingual_text(_("description")).items()})
    speaker = models.CharField(_("speaker"), max_length=300, blank=True)
    minutes_text = models.TextField(_("minutes of the item"), blank=True)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        indexes = [models.Index(fields=["meeting", "parent", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gt=0),
                name="agenda_item_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title") or f"#{self.order}"


def agenda_document_path(instance: AgendaDocument, filename: str) -> str:
    # Our own names, never the uploader's (see applications.models.attachment_path).
    return f"meetings/{instance.item.meeting_id}/{instance.item_id}/{instance.sha256}"


class AgendaDocument(models.Model):
    """A document for an agenda item (a draft, a report); its type is judged by content."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=agenda_document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["item", "uploaded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "sha256"], name="agenda_document_once"),
        ]

    def __str__(self) -> str:
        return self.original_name


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Registration(TimeStamped):
    """A member of the public registered for an open meeting: one live registration per
    e-mail address per meeting; beyond the capacity, a place on the waiting list, promoted
    in order of registration when someone cancels."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    language = models.CharField(max_length=8, default="ru")
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    # The secret in the cancel link of the confirmation e-mail.
    token = models.CharField(max_length=64, unique=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        indexes = [models.Index(fields=["meeting", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(status="cancelled"),
                name="registration_once_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.meeting})"


class Attendance(models.Model):
    """Whether a council member was present at a held meeting, recorded by the secretary."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        "councils.Member", on_delete=models.PROTECT, related_name="attendances"
    )
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name}: {self.present}"


class VoteKind(models.TextChoices):
    DECISION = "decision", _("decision")
    ELECTION = "election", _("election")


class VoteResult(models.TextChoices):
    ADOPTED = "adopted", _("adopted")
    REJECTED = "rejected", _("rejected")


class Vote(TimeStamped):
    """An open vote on an agenda item, counted when it is recorded: adopted when more than
    half of the members present voted for (simple majority, DOMAIN.md §4). An election
    vote names a candidate and the position; its adoption gives the member the position."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("kind"), max_length=10, choices=VoteKind.choices)
    question = models.TextField(_("question put to the vote"))
    position = models.CharField(_("position"), max_length=20, blank=True)
    candidate = models.ForeignKey(
        "councils.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("candidate"),
    )
    members_total = models.PositiveSmallIntegerField()
    quorum = models.PositiveSmallIntegerField()
    present = models.PositiveSmallIntegerField()
    votes_for = models.PositiveSmallIntegerField()
    votes_against = models.PositiveSmallIntegerField()
    abstentions = models.PositiveSmallIntegerField()
    result = models.CharField(_("result"), max_length=10, choices=VoteResult.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__gte=F("quorum")), name="vote_only_with_quorum"
            ),
            models.CheckConstraint(
                condition=Q(kind=VoteKind.DECISION, candidate__isnull=True)
                | Q(kind=VoteKind.ELECTION, candidate__isnull=False),
                name="vote_election_has_candidate",
            ),
            models.CheckConstraint(
                condition=Q(present=F("votes_for") + F("votes_against") + F("abstentions")),
                name="vote_every_present_member_counted",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def position_label(self) -> str:
        from hamkori.councils.models import Position

        return str(Position(self.position).label) if self.position else ""


class Choice(models.TextChoices):
    FOR = "for", _("for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstained")


class Ballot(models.Model):
    """How one present member voted (votes are open: the minutes list them)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey("councils.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    # True when the member chose from their own account in a ballot box; False when the
    # secretary recorded it (a show of hands, or a member without an account).
    cast_by_member = models.BooleanField(_("cast by the member"), default=False)

    class Meta:
        ordering = ["vote", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "member"], name="ballot_once"),
            models.CheckConstraint(
                condition=Q(choice__in=Choice.values), name="ballot_choice_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.choice}"


class BallotBoxState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class BallotBox(models.Model):
    """A vote put to the members present, who each choose from their own account while it is
    open; closing it records the `Vote` through services.vote_record. `meeting` repeats the
    item's meeting so the database can keep one open box per meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballot_boxes")
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="ballot_boxes")
    question = models.TextField(_("question put to the vote"))
    kind = models.CharField(_("kind"), max_length=10, choices=VoteKind.choices)
    position = models.CharField(_("position"), max_length=20, blank=True)
    candidate = models.ForeignKey(
        "councils.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("candidate"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=BallotBoxState.choices, default=BallotBoxState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    vote = models.OneToOneField(
        Vote, on_delete=models.PROTECT, null=True, blank=True, related_name="ballot_box"
    )

    class Meta:
        ordering = ["meeting", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(state=BallotBoxState.OPEN),
                name="ballot_box_one_open_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(state__in=BallotBoxState.values), name="ballot_box_state_known"
            ),
            models.CheckConstraint(
                condition=Q(kind=VoteKind.DECISION, candidate__isnull=True)
                | Q(kind=VoteKind.ELECTION, candidate__isnull=False),
                name="ballot_box_election_has_candidate",
            ),
            models.CheckConstraint(
                condition=Q(state=BallotBoxState.CLOSED, vote__isnull=False)
                | (~Q(state=BallotBoxState.CLOSED) & Q(vote__isnull=True)),
                name="ballot_box_closed_has_vote",
            ),
            models.CheckConstraint(
                condition=Q(state=BallotBoxState.OPEN, ended_at__isnull=True)
                | (~Q(state=BallotBoxState.OPEN) & Q(ended_at__isnull=False)),
                name="ballot_box_ended_when_not_open",
            ),
            models.CheckConstraint(
                condition=~Q(state=BallotBoxState.CANCELLED) | ~Q(cancel_reason=""),
                name="ballot_box_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def position_label(self) -> str:
        from hamkori.councils.models import Position

        return str(Position(self.position).label) if self.position else ""


class BallotCast(models.Model):
    """A present member's current choice in an open ballot box; casting again replaces it.
    `cast_by_member` is False when the secretary recorded it for the member."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="casts")
    member = models.ForeignKey("councils.Member", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_by_member = models.BooleanField(_("cast by the member"), default=False)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["box", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["box", "member"], name="ballot_cast_once"),
            models.CheckConstraint(
                condition=Q(choice__in=Choice.values), name="ballot_cast_choice_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.choice}"
