"""Public councils of state bodies, their members and commissions (issue 6, DOMAIN.md §4).

Composition rules (size bounds, one representative per non-profit legal entity, the
civil-society share, a chair outside public service) come from the jurisdiction's rule set and
are checked by `composition.py`, which lists every violation rather than refusing to store a
council that has them: a council's real composition is a fact the platform records."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import multilingual_char, multilingual_text, translated
from hamkori.core.models import TimeStamped


class CouncilLevel(models.TextChoices):
    REPUBLICAN = "republican", _("republican")
    LOCAL = "local", _("local")
    QUASI_PUBLIC = "quasi_public", _("quasi-public company")


class Council(TimeStamped):
    """A public council of one host state body, for one term."""

    jurisdiction = models.ForeignKey(
        "rules.Jurisdiction", on_delete=models.PROTECT, related_name="councils"
    )
    host = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name=_("host body"),
    )
    # A short stable name for addresses and the demo ("kz-mci-2025").
    code = models.SlugField(_("code"), max_length=60, unique=True)
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})
    locals().update({f"description_{c}": f for c, f in multilingual_text(_("description")).items()})
    level = models.CharField(_("level"), max_length=14, choices=CouncilLevel.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    regulation = models.FileField(_("regulation"), upload_to="councils/regulations/", blank=True)
    # The composition this council follows on from (formed by `predecessor`'s competition).
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("previous composition"),
    )
    # When the reminder to start forming the next composition went out (sent once).
    formation_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["jurisdiction", "code"]
        indexes = [models.Index(fields=["host", "term_end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="council_term_positive"
            ),
            models.CheckConstraint(
                condition=Q(level__in=CouncilLevel.values), name="council_level_known"
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "name") or self.code


class Commission(models.Model):
    """A standing commission inside a council (e.g. on social policy)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="commissions")
    locals().update({f"name_{c}": f for c, f in multilingual_char(_("name"), 300).items()})

    class Meta:
        ordering = ["council", "pk"]

    def __str__(self) -> str:
        return translated(self, "name")


class Position(models.TextChoices):
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")
    PRESIDIUM = "presidium", _("member of the presidium")
    COMMISSION_MEMBER = "commission_member", _("commission member")
    MEMBER = "member", _("member")


class Sector(models.TextChoices):
    NON_PROFIT = "non_profit", _("non-profit organisation")
    CITIZEN = "citizen", _("citizen")
    STATE = "state", _("state body")


class Member(TimeStamped):
    """A person on a council for a period. A member has an account when they act on the
    platform (vote on their own, answer mail); the name is kept either way so the public page
    and the minutes read the same after an account is closed."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_seats",
        verbose_name=_("represented organisation"),
    )
    commission = models.ForeignKey(
        Commission,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("commission"),
    )
    in_public_service = models.BooleanField(_("in public service"), default=False)
    starts_on = models.DateField(_("member from"))
    ends_on = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        ordering = ["council", "position", "full_name"]
        indexes = [models.Index(fields=["council", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="member_period_positive",
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="member_position_known"
            ),
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="member_sector_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.council})"


class CompetitionState(models.TextChoices):
    ANNOUNCED = "announced", _("announced")
    OPEN = "open", _("open for candidacies")
    CLOSED = "closed", _("closed")
    DECIDED = "decided", _("decided")
    PUBLISHED = "published", _("results published")


class Competition(TimeStamped):
    """The competition that forms the next composition of `council` (Law 383-V: the working
    group names the state members, non-profit organisations and citizens are selected by
    competition). Publishing its results creates the successor council."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="competitions")
    locals().update(
        {f"announcement_{c}": f for c, f in multilingual_text(_("announcement")).items()}
    )
    opens_on = models.DateField(_("candidacies from"))
    closes_on = models.DateField(_("candidacies until"))
    state = models.CharField(
        _("state"), max_length=10, choices=CompetitionState.choices, default="announced"
    )
    successor = models.OneToOneField(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="formed_by",
        verbose_name=_("new composition"),
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="competition_window_positive"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CompetitionState.values), name="competition_state_known"
            ),
            # One competition at a time forms a council's next composition.
            models.UniqueConstraint(fields=["council"], name="competition_one_per_council"),
        ]

    def __str__(self) -> str:
        return str(self.council)


class WorkingGroupMember(models.Model):
    """A person on the competition's working group (state representatives and others the
    host body names); those with an account decide the candidacies."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="working_group"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_working_groups",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role in the working group"), max_length=200, blank=True)
    is_head = models.BooleanField(_("head of the working group"), default=False)

    class Meta:
        ordering = ["competition", "-is_head", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"], name="working_group_person_once"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class CandidacyState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Candidacy(TimeStamped):
    """A person's application to join the next composition, from a non-profit organisation
    or as a citizen."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="candidacies"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_candidacies"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_candidacies",
        verbose_name=_("represented organisation"),
    )
    motivation = models.TextField(_("motivation"))
    recommendation_text = models.TextField(_("recommendations"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CandidacyState.choices, default="submitted"
    )
    reason = models.TextField(_("reason of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["competition", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "applicant"], name="candidacy_one_per_person"
            ),
            # Law 383-V: one representative per non-profit legal entity.
            models.UniqueConstraint(
                fields=["competition", "organisation"],
                condition=Q(state="accepted"),
                name="candidacy_one_accepted_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(sector__in=["non_profit", "citizen"]), name="candidacy_sector_civil"
            ),
            models.CheckConstraint(
                condition=~Q(sector="non_profit") | Q(organisation__isnull=False),
                name="candidacy_non_profit_has_organisation",
            ),
            models.CheckConstraint(
                condition=Q(state__in=CandidacyState.values), name="candidacy_state_known"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class RecommendationLetter(models.Model):
    """A letter of recommendation attached to a candidacy (PDF, image or Word file)."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="letters")
    file = models.FileField(upload_to="councils/recommendations/")
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["candidacy", "pk"]

    def __str__(self) -> str:
        return self.filename
