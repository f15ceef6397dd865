"""Public consultations on drafts and dialogue programmes between organisations (issue 6).

A consultation is a draft (a regulation, a plan, a call's terms) an organiser puts up for
public comment for a period counted in working days (rule `consultation.comment_working_days`);
comments attach to a numbered section or to the whole draft, and the closing report says how
each was handled. A dialogue programme is a multi-day, multi-city schedule of sessions between
organisations, e.g. a delegation of civil servants studying another country's practice."""

from __future__ import annotations

import uuid
import zoneinfo

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hamkori.core.i18n import (
    CONTENT_LANGUAGES,
    LANGUAGE_NAMES,
    multilingual_char,
    multilingual_text,
    translated,
)
from hamkori.core.models import TimeStamped
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState


class ConsultationKind(models.TextChoices):
    REGULATION = "regulation", _("draft regulation")
    PLAN = "plan", _("draft plan")
    CALL_TERMS = "call_terms", _("terms of a call")
    OTHER = "other", _("other draft")


class Consultation(TimeStamped):
    """A draft published for public comment by a state body (optionally through its public
    council)."""

    jurisdiction = models.ForeignKey("rules.Jurisdiction", on_delete=models.PROTECT)
    organiser = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("organiser"),
    )
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("public council"),
    )
    kind = models.CharField(_("kind of draft"), max_length=12, choices=ConsultationKind.choices)
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    locals().update({f"summary_{c}": f for c, f in multilingual_text(_("summary")).items()})
    document = models.FileField(_("draft document"), upload_to="dialogue/drafts/", blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    document_size = models.PositiveIntegerField(default=0)
    plan = models.ForeignKey(
        "calls.FundingPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("funding plan"),
    )
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("call"),
    )
    opens_on = models.DateField(_("comments open on"))
    closes_on = models.DateField(_("comments close on"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ConsultationState.choices,
        default=ConsultationState.DRAFT,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    report_published_at = models.DateTimeField(null=True, blank=True)
    locals().update(
        {f"report_summary_{c}": f for c, f in multilingual_text(_("report summary")).items()}
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Raised by every service that changes what the closing report shows (a handling, a
    # hidden comment, the report's publication): a kept PDF of an older version is stale.
    report_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "-opens_on"]),
            models.Index(fields=["organiser", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="consultation_period_positive"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ConsultationState.values), name="consultation_state_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ConsultationKind.values), name="consultation_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(title_kk="", title_ru="", title_tg="", title_en=""),
                name="consultation_has_a_title",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")


class Section(models.Model):
    """A numbered part of the draft, so that a comment says what it is about."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="section_number_unique"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="section_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}"


class Handling(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    NOTED = "noted", _("noted")


# Long enough for a reasoned comment on a draft, short enough to read (and to display).
COMMENT_MAX_LENGTH = 5_000
# Comments one person may give on one consultation within an hour: more than a careful reader
# of a long draft needs, few enough that one person cannot bury the others' comments.
COMMENTS_PER_HOUR = 20


class Comment(TimeStamped):
    """A signed-in person's comment on a section or on the whole draft (section empty),
    public with the author's name or, when given on an organisation's behalf, its name."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_comments"
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    text = models.TextField(
        _("comment"),
        max_length=COMMENT_MAX_LENGTH,
        validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)],
    )
    # The language the comment is written in, for `lang` on its text (screen readers read a
    # Kazakh comment on a Russian page in Kazakh); empty for comments given before it was asked.
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[(code, LANGUAGE_NAMES[code]) for code in CONTENT_LANGUAGES],
        blank=True,
        default="",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    handling = models.CharField(
        _("how it was handled"), max_length=12, choices=Handling.choices, blank=True
    )
    response = models.TextField(_("response"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "section", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_has_text"),
            models.CheckConstraint(
                condition=Q(language="") | Q(language__in=CONTENT_LANGUAGES),
                name="comment_language_known",
            ),
            models.CheckConstraint(
                condition=Q(handling="") | Q(handling__in=Handling.values),
                name="comment_handling_known",
            ),
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
                name="comment_hidden_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk}"

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


# The layout of the report PDF (dialogue/report_pdf.html and its partials): raise it when
# they change, so that the kept PDFs are rendered again.
REPORT_LAYOUT = 1


def report_document_path(instance: ReportDocument, filename: str) -> str:
    # A new name for every rendering: a file is never rewritten in place, so a reader never
    # gets one half-written (the row is switched to the new name once it is complete).
    return (
        f"dialogue/reports/{instance.consultation_id}/"
        f"report-{instance.language}-v{instance.version}-{uuid.uuid4().hex[:12]}.pdf"
    )


class ReportDocument(models.Model):
    """The closing report's PDF in one language, rendered once and kept: served as long as its
    `version` and `layout` are the consultation's and the code's, rendered again otherwise."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="report_documents"
    )
    language = models.CharField(max_length=7, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField()
    layout = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=report_document_path, max_length=300)
    size = models.PositiveIntegerField()
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "language"], name="report_document_one_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.language}/v{self.version}"

    def fresh_for(self, consultation: Consultation) -> bool:
        return self.version == consultation.report_version and self.layout == REPORT_LAYOUT


class City(models.TextChoices):
    """Cities where sessions take place; each has its time zone in CITY_ZONES."""

    ASTANA = "astana", _("Astana")
    ALMATY = "almaty", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    KARAGANDA = "karaganda", _("Karaganda")
    DUSHANBE = "dushanbe", _("Dushanbe")
    KHUJAND = "khujand", _("Khujand")
    BOKHTAR = "bokhtar", _("Bokhtar")
    KHOROG = "khorog", _("Khorog")


# Kazakhstan has one time zone since 1 March 2024 (UTC+5), which the tz database names
# Asia/Almaty for Astana too; Tajikistan is Asia/Dushanbe (also UTC+5).
CITY_ZONES: dict[str, str] = {
    City.ASTANA: "Asia/Almaty",
    City.ALMATY: "Asia/Almaty",
    City.SHYMKENT: "Asia/Almaty",
    City.KARAGANDA: "Asia/Almaty",
    City.DUSHANBE: "Asia/Dushanbe",
    City.KHUJAND: "Asia/Dushanbe",
    City.BOKHTAR: "Asia/Dushanbe",
    City.KHOROG: "Asia/Dushanbe",
}


def city_zone(city: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(CITY_ZONES[city])


class Programme(TimeStamped):
    """A multi-day programme of meetings between organisations, managed by the officials of
    its organiser bodies."""

    organisers = models.ManyToManyField(
        "registry.Organisation", related_name="dialogue_programmes", verbose_name=_("organisers")
    )
    locals().update({f"title_{c}": f for c, f in multilingual_char(_("title"), 300).items()})
    locals().update({f"description_{c}": f for c, f in multilingual_text(_("description")).items()})
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    state = models.CharField(
        _("state"), max_length=10, choices=ProgrammeState.choices, default=ProgrammeState.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["state", "-starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="programme_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ProgrammeState.values), name="programme_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(title_kk="", title_ru="", title_tg="", title_en=""),
                name="programme_has_a_title",
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "title")


class Participant(models.Model):
    """A member of the programme's delegation."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("full name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=300, blank=True)
    # ISO 3166-1 alpha-2, e.g. "TJ".
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="participant_country_code"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Session(models.Model):
    """One meeting of the programme, at a host in a city. Times are stored aware; they were
    entered as the city's wall-clock time."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    city = models.CharField(_("city"), max_length=12, choices=City.choices)
    host = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("host organisation (registered)"),
    )
    host_name = models.CharField(
        _("host organisation (not registered)"), max_length=300, blank=True
    )
    place = models.CharField(_("address or room"), max_length=300, blank=True)
    locals().update({f"topic_{c}": f for c, f in multilingual_char(_("topic"), 300).items()})
    participants = models.TextField(_("participants"), blank=True)
    locals().update({f"notes_{c}": f for c, f in multilingual_text(_("notes")).items()})

    class Meta:
        ordering = ["programme", "starts_at", "pk"]
        indexes = [models.Index(fields=["programme", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_time_positive"
            ),
            models.CheckConstraint(
                condition=Q(host__isnull=False) | ~Q(host_name=""), name="session_has_a_host"
            ),
        ]

    def __str__(self) -> str:
        return translated(self, "topic")

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return city_zone(self.city)

    def host_label(self) -> str:
        return translated(self.host, "name") if self.host_id else self.host_name


class FollowUp(models.Model):
    """An action agreed at a session: who does what by when, and whether it is done."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action"))
    responsible = models.CharField(_("responsible"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="followup_has_action"),
            models.CheckConstraint(
                condition=Q(done=True) | Q(done_on__isnull=True), name="followup_done_on_if_done"
            ),
        ]

    def __str__(self) -> str:
        return self.action[:80]
