"""Writes of public councils: the council, its commissions and members, and the competition
that forms its next composition. Each function checks permission, locks what it changes,
validates, saves and records its audit event in one transaction; e-mails are queued in the
outbox in the same transaction."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hamkori.accounts.models import Membership, MembershipStatus, User
from hamkori.accounts.permissions import is_org_member
from hamkori.applications.files import PDF, clean_filename, file_sha256, file_type_or_error
from hamkori.core.audit import audit_record, diff, snapshot
from hamkori.core.i18n import CONTENT_LANGUAGES
from hamkori.core.links import absolute_url
from hamkori.core.outbox import email_queue_to_people
from hamkori.core.permissions import require
from hamkori.councils import permissions
from hamkori.councils.models import (
    Candidacy,
    CandidacyState,
    Commission,
    Competition,
    CompetitionState,
    Council,
    CouncilLevel,
    Member,
    Position,
    RecommendationLetter,
    Sector,
    WorkingGroupMember,
)
from hamkori.councils.permissions import (
    can_apply,
    can_create_council,
    can_decide_candidacy,
    can_manage_competition,
    can_manage_council,
)
from hamkori.councils.workflow import CompetitionAction, transition_target
from hamkori.registry.models import Organisation
from hamkori.registry.models import Sector as OrganisationSector
from hamkori.rules.selectors import RuleMissing, rule_value
from hamkori.rules.selectors import local_today as local_today_in

# Positions held by one person at a time; electing a new holder moves the previous one back
# to an ordinary member.
SINGLE_POSITIONS = (Position.CHAIR, Position.DEPUTY_CHAIR, Position.SECRETARY)
NAME_FIELDS = [f"name_{code}" for code in CONTENT_LANGUAGES]
DESCRIPTION_FIELDS = [f"description_{code}" for code in CONTENT_LANGUAGES]
ANNOUNCEMENT_FIELDS = [f"announcement_{code}" for code in CONTENT_LANGUAGES]
COUNCIL_FIELDS = ["code", "level", "term_start", "term_end", *NAME_FIELDS, *DESCRIPTION_FIELDS]
MEMBER_FIELDS = [
    "full_name",
    "user_id",
    "position",
    "sector",
    "organisation_id",
    "in_public_service",
    "starts_on",
    "ends_on",
    "commission_id",
]
LETTER_KINDS = ("pdf", "image", "docx")


# --- helpers ----------------------------------------------------------------------------


def local_today(council: Council) -> date:
    return local_today_in(council.jurisdiction_id)


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def formation_start(council: Council) -> date | None:
    """The day forming the next composition should start (rule council.formation_start_months
    before the term ends), or None when the jurisdiction has no such rule."""
    try:
        months = int(rule_value(council.jurisdiction_id, "council.formation_start_months"))
    except RuleMissing:
        return None
    return add_months(council.term_end, -months)


def formation_starts(councils: Iterable[Council]) -> dict[int, date | None]:
    """formation_start of many councils, reading the rule once per jurisdiction."""
    months: dict[str, int | None] = {}
    starts: dict[int, date | None] = {}
    for council in councils:
        code = council.jurisdiction_id
        if code not in months:
            try:
                months[code] = int(rule_value(code, "council.formation_start_months"))
            except RuleMissing:
                months[code] = None
        value = months[code]
        starts[council.pk] = None if value is None else add_months(council.term_end, -value)
    return starts


def chair_must_be_outside_public_service(council: Council, on: date | None = None) -> bool:
    """Whether the jurisdiction's rules require a chair outside public service (Kazakhstan:
    Law No 383-V); without the rule nothing is refused (it is not invented)."""
    try:
        return bool(rule_value(council.jurisdiction_id, "council.chair_outside_public_service", on))
    except RuleMissing:
        return False


def _locked_council(council: Council) -> Council:
    return (
        Council.objects.select_for_update(of=("self",))
        .select_related("host", "jurisdiction")
        .get(pk=council.pk)
    )


def _check_regulation(regulation: UploadedFile) -> None:
    """A council's regulation is a PDF, recognised by its content, within the upload limit."""
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    if regulation.size is None or regulation.size > limit:
        raise ValidationError(
            {
                "regulation": _("The file is larger than %(limit)s MB.")
                % {"limit": limit // (1024 * 1024)}
            }
        )
    found = file_type_or_error(regulation)
    if found != PDF:
        raise ValidationError({"regulation": _("The regulation must be a PDF file.")})


def _clean_texts(texts: dict[str, Any], allowed: list[str]) -> dict[str, Any]:
    unknown = set(texts) - set(allowed)
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    return texts


def _require_name(council: Council) -> None:
    if not any(getattr(council, field) for field in NAME_FIELDS):
        raise ValidationError(_("Give the council's name in at least one language."))


# --- councils ---------------------------------------------------------------------------


def _council_new(
    *,
    actor: User,
    host: Organisation,
    code: str,
    level: str,
    term_start: date,
    term_end: date,
    regulation: UploadedFile | None = None,
    predecessor: Council | None = None,
    texts: dict[str, str],
) -> Council:
    _clean_texts(texts, [*NAME_FIELDS, *DESCRIPTION_FIELDS])
    if host.sector != OrganisationSector.STATE:
        raise ValidationError({"host": _("A public council is hosted by a state body.")})
    council = Council(
        jurisdiction_id=host.jurisdiction_id,
        host=host,
        code=code,
        level=level,
        term_start=term_start,
        term_end=term_end,
        predecessor=predecessor,
        created_by=actor,
        **texts,
    )
    _require_name(council)
    if regulation is not None:
        _check_regulation(regulation)
    council.full_clean()
    if regulation is not None:
        council.regulation.save("regulation.pdf", regulation, save=False)
    elif predecessor is not None and predecessor.regulation:
        # The regulation stays in force for the next composition until the body changes it.
        council.regulation.name = predecessor.regulation.name
    council.save()
    audit_record(
        actor=actor,
        action="councils.council.create",
        obj=council,
        organisation=host,
        changes={
            "host": [None, host.pk],
            **{f: [None, v] for f, v in snapshot(council, COUNCIL_FIELDS).items() if v},
            "regulation": [None, bool(council.regulation)],
            **({"predecessor": [None, predecessor.pk]} if predecessor else {}),
        },
    )
    return council


@transaction.atomic
def council_create(
    *,
    actor: User,
    host: Organisation,
    code: str,
    level: str,
    term_start: date,
    term_end: date,
    regulation: UploadedFile | None = None,
    **texts: str,
) -> Council:
    """Create a council hosted by a state body the actor belongs to."""
    require(can_create_council, actor, host)
    return _council_new(
        actor=actor,
        host=host,
        code=code,
        level=level,
        term_start=term_start,
        term_end=term_end,
        regulation=regulation,
        texts=texts,
    )


@transaction.atomic
def council_update(
    *,
    actor: User,
    council: Council,
    regulation: UploadedFile | None = None,
    **fields: Any,
) -> Council:
    """Change a council's names, description, level, term or regulation."""
    require(can_manage_council, actor, council)
    council = _locked_council(council)
    _clean_texts(fields, ["level", "term_start", "term_end", *NAME_FIELDS, *DESCRIPTION_FIELDS])
    before = snapshot(council, COUNCIL_FIELDS)
    for name, value in fields.items():
        setattr(council, name, value)
    _require_name(council)
    changes = diff(council, before, COUNCIL_FIELDS)
    if regulation is not None:
        _check_regulation(regulation)
        council.regulation.save("regulation.pdf", regulation, save=False)
        changes["regulation"] = [None, council.regulation.name]
    if not changes:
        return council
    council.full_clean()
    council.save()
    audit_record(
        actor=actor,
        action="councils.council.update",
        obj=council,
        organisation=council.host,
        changes=changes,
    )
    return council


# --- commissions ------------------------------------------------------------------------


@transaction.atomic
def commission_create(*, actor: User, council: Council, **names: str) -> Commission:
    """A standing commission of the council."""
    require(can_manage_council, actor, council)
    _clean_texts(names, NAME_FIELDS)
    commission = Commission(council=council, **names)
    if not any(names.values()):
        raise ValidationError(_("Give the commission's name in at least one language."))
    commission.full_clean()
    commission.save()
    audit_record(
        actor=actor,
        action="councils.commission.create",
        obj=commission,
        organisation=council.host,
        changes={"council": council.pk, **{k: [None, v] for k, v in names.items() if v}},
    )
    return commission


@transaction.atomic
def commission_update(*, actor: User, commission: Commission, **names: str) -> Commission:
    """Rename a commission."""
    council = commission.council
    require(can_manage_council, actor, council)
    _clean_texts(names, NAME_FIELDS)
    before = snapshot(commission, NAME_FIELDS)
    for name, value in names.items():
        setattr(commission, name, value)
    if not any(getattr(commission, field) for field in NAME_FIELDS):
        raise ValidationError(_("Give the commission's name in at least one language."))
    changes = diff(commission, before, NAME_FIELDS)
    if not changes:
        return commission
    commission.full_clean()
    commission.save()
    audit_record(
        actor=actor,
        action="councils.commission.update",
        obj=commission,
        organisation=council.host,
        changes=changes,
    )
    return commission


# --- members ----------------------------------------------------------------------------


def _check_member(member: Member) -> None:
    """What a seat must satisfy whatever the composition: the represented organisation fits
    the sector, the commission is the council's own, the period lies in the term, and no
    person holds two seats at once."""
    council = member.council
    errors: dict[str, str] = {}
    organisation = member.organisation
    if member.sector == Sector.NON_PROFIT and organisation is None:
        errors["organisation"] = _(
            "A member from the non-profit sector represents an organisation."
        )
    if organisation is not None:
        if organisation.jurisdiction_id != council.jurisdiction_id:
            errors["organisation"] = _("The organisation is registered in another country.")
        elif member.sector == Sector.NON_PROFIT and organisation.sector != OrganisationSector.CSO:
            errors["organisation"] = _("Choose a non-profit organisation from the registry.")
        elif member.sector == Sector.STATE and organisation.sector == OrganisationSector.CSO:
            errors["organisation"] = _("A state member represents a state body.")
    if member.commission is not None and member.commission.council_id != council.pk:
        errors["commission"] = _("This commission belongs to another council.")
    if member.starts_on > council.term_end:
        errors["starts_on"] = _("The council's term ends before this date.")
    elif member.starts_on < council.term_start:
        errors["starts_on"] = _(
            "The council's term starts on %(start)s: a seat starts then or later."
        ) % {"start": date_format(council.term_start, "j E Y")}
    if member.ends_on is not None and member.ends_on < member.starts_on:
        errors["ends_on"] = _("A membership cannot end before it starts.")
    elif member.ends_on is not None and member.ends_on > council.term_end:
        errors["ends_on"] = _(
            "The council's term ends on %(end)s: a seat ends then or earlier."
        ) % {"end": date_format(council.term_end, "j E Y")}
    if (
        member.position == Position.CHAIR
        and member.in_public_service
        and chair_must_be_outside_public_service(council)
    ):
        errors["position"] = _(
            "The chair of a public council must not be in public service (Law No 383-V)."
        )
    if member.user_id is not None:
        overlapping = Member.objects.filter(council=council, user_id=member.user_id).exclude(
            pk=member.pk
        )
        overlapping = overlapping.exclude(ends_on__lt=member.starts_on)
        if member.ends_on is not None:
            overlapping = overlapping.exclude(starts_on__gt=member.ends_on)
        if overlapping.exists():
            errors["user"] = _("This person already holds a seat on the council for that period.")
    if errors:
        raise ValidationError(errors)


def _vacate(council: Council, position: str, keep: Member | None, today: date) -> list[int]:
    """Move whoever else holds a single-holder position now (or from a later day) back to an
    ordinary member; returns their ids for the audit record."""
    if position not in SINGLE_POSITIONS:
        return []
    holders = Member.objects.filter(council=council, position=position).exclude(ends_on__lt=today)
    if keep is not None and keep.pk is not None:
        holders = holders.exclude(pk=keep.pk)
    moved = list(holders.values_list("pk", flat=True))
    if moved:
        Member.objects.filter(pk__in=moved).update(
            position=Position.MEMBER, updated_at=timezone.now()
        )
    return moved


def _audit_member(actor: User | None, action: str, member: Member, changes: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=member,
        organisation=member.council.host,
        changes={"council": member.council_id, **changes},
    )


def _forget_seat(user: User | None) -> None:
    if user is not None:
        permissions.forget(user)


@transaction.atomic
def member_add(
    *,
    actor: User | None,
    council: Council,
    full_name: str,
    sector: str,
    position: str = Position.MEMBER,
    user: User | None = None,
    organisation: Organisation | None = None,
    in_public_service: bool = False,
    starts_on: date | None = None,
    ends_on: date | None = None,
    commission: Commission | None = None,
) -> Member:
    """Seat a person on the council. A chair, deputy chair or secretary replaces whoever held
    that position (they stay as members). `actor` None is the platform itself (publishing a
    competition's results seats its members in the same transaction)."""
    if actor is not None:
        require(can_manage_council, actor, council)
    council = _locked_council(council)
    today = local_today(council)
    member = Member(
        council=council,
        user=user,
        full_name=full_name.strip(),
        position=position,
        sector=sector,
        organisation=organisation,
        in_public_service=in_public_service,
        starts_on=starts_on or max(council.term_start, min(today, council.term_end)),
        ends_on=ends_on,
        commission=commission,
    )
    _check_member(member)
    member.full_clean()
    moved = _vacate(council, position, None, today)
    member.save()
    _forget_seat(user)
    _audit_member(
        actor,
        "councils.member.add",
        member,
        {
            **{f: [None, v] for f, v in snapshot(member, MEMBER_FIELDS).items() if v is not None},
            **({"moved_to_member": moved} if moved else {}),
        },
    )
    return member


@transaction.atomic
def member_update(*, actor: User, member: Member, **fields: Any) -> Member:
    """Change a member's details (name, account, sector, organisation, position, public
    service, period, commission)."""
    require(can_manage_council, actor, member.council)
    council = _locked_council(member.council)
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("commission")
        .get(pk=member.pk)
    )
    member.council = council
    allowed = {
        "full_name",
        "user",
        "position",
        "sector",
        "organisation",
        "in_public_service",
        "starts_on",
        "ends_on",
        "commission",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unexpected fields {sorted(unknown)}")
    before = snapshot(member, MEMBER_FIELDS)
    previous_user = member.user
    for name, value in fields.items():
        setattr(member, name, value.strip() if name == "full_name" else value)
    changes = diff(member, before, MEMBER_FIELDS)
    if not changes:
        return member
    _check_member(member)
    member.full_clean()
    moved = _vacate(council, member.position, member, local_today(council))
    member.save()
    _forget_seat(previous_user)
    _forget_seat(member.user)
    _audit_member(
        actor,
        "councils.member.update",
        member,
        {**changes, **({"moved_to_member": moved} if moved else {})},
    )
    return member


@transaction.atomic
def member_end(*, actor: User, member: Member, ends_on: date | None = None) -> Member:
    """End a membership (today by default). The seat stays on record for the minutes."""
    require(can_manage_council, actor, member.council)
    council = _locked_council(member.council)
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.council = council
    ends_on = ends_on or local_today(council)
    if ends_on < member.starts_on:
        raise ValidationError({"ends_on": _("A membership cannot end before it starts.")})
    if member.ends_on is not None and member.ends_on <= ends_on:
        raise ValidationError(_("This membership already ends on that day or earlier."))
    before = snapshot(member, ["ends_on"])
    member.ends_on = ends_on
    member.full_clean()
    member.save(update_fields=["ends_on", "updated_at"])
    _forget_seat(member.user)
    _audit_member(actor, "councils.member.end", member, diff(member, before, ["ends_on"]))
    return member


@transaction.atomic
def member_position_set(
    *, actor: User, member: Member, position: str, meeting: Any = None
) -> Member:
    """Give a member a position, e.g. after an election at a meeting (`meeting` is recorded in
    the audit event). A chair must not be in public service; the previous chair, deputy chair
    or secretary becomes an ordinary member."""
    require(can_manage_council, actor, member.council)
    council = _locked_council(member.council)
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.council = council
    if position not in Position.values:
        raise ValidationError({"position": _("Unknown position.")})
    today = local_today(council)
    if member.ends_on is not None and member.ends_on < today:
        raise ValidationError(_("This person is no longer a member of the council."))
    if (
        position == Position.CHAIR
        and member.in_public_service
        and chair_must_be_outside_public_service(council, today)
    ):
        raise ValidationError(
            {
                "position": _(
                    "%(name)s is in public service and cannot chair a public council: the chair "
                    "is a public figure not in public service (Law No 383-V)."
                )
                % {"name": member.full_name}
            }
        )
    if member.position == position:
        return member
    before = snapshot(member, ["position"])
    member.position = position
    member.full_clean()
    moved = _vacate(council, position, member, today)
    member.save(update_fields=["position", "updated_at"])
    _forget_seat(member.user)
    changes: dict[str, Any] = diff(member, before, ["position"])
    if moved:
        changes["moved_to_member"] = moved
    if meeting is not None:
        changes["meeting"] = meeting.pk
    _audit_member(actor, "councils.member.position_set", member, changes)
    return member


# --- the formation competition -----------------------------------------------------------


def competition_lateness(council: Council, opens_on: date) -> date | None:
    """The day formation should have started when `opens_on` is later than that, else None
    (opening late is allowed, with a warning: the law sets when to start, not a bar)."""
    should_start = formation_start(council)
    if should_start is not None and opens_on > should_start:
        return should_start
    return None


@transaction.atomic
def competition_announce(
    *,
    actor: User,
    council: Council,
    opens_on: date,
    closes_on: date,
    **announcement: str,
) -> Competition:
    """Announce the competition forming the council's next composition. Refused once the
    term has ended; opening later than the rule's months before the end only warns (see
    competition_lateness). A window that has started opens the competition at once."""
    require(can_manage_council, actor, council)
    council = _locked_council(council)
    _clean_texts(announcement, ANNOUNCEMENT_FIELDS)
    today = local_today(council)
    if today > council.term_end or opens_on > council.term_end:
        raise ValidationError(
            _(
                "The council's term ends on %(end)s: its next composition must be formed "
                "before then. Create the new council directly instead."
            )
            % {"end": date_format(council.term_end, "j E Y")}
        )
    if Competition.objects.filter(council=council).exists():
        raise ValidationError(_("A competition for this council's next composition exists."))
    if council.successors.exists():
        raise ValidationError(_("The council's next composition is already formed."))
    state = CompetitionState.OPEN if opens_on <= today else CompetitionState.ANNOUNCED
    competition = Competition(
        council=council,
        opens_on=opens_on,
        closes_on=closes_on,
        state=state,
        created_by=actor,
        **announcement,
    )
    competition.full_clean()
    competition.save()
    audit_record(
        actor=actor,
        action="councils.competition.announce",
        obj=competition,
        organisation=council.host,
        changes={
            "council": council.pk,
            "opens_on": [None, opens_on],
            "closes_on": [None, closes_on],
            "state": [None, state],
            "late": competition_lateness(council, opens_on) is not None,
        },
    )
    return competition


def _locked_competition(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update(of=("self",))
        .select_related("council", "council__host")
        .get(pk=competition.pk)
    )


@transaction.atomic
def competition_transition(
    *, actor: User | None, competition: Competition, action: str
) -> Competition:
    """Apply a workflow action (open, close, decide). `actor` None is the worker following
    the window's dates."""
    if action == CompetitionAction.PUBLISH:
        raise ValueError("publish through competition_publish")
    if actor is not None:
        require(can_manage_competition, actor, competition)
    competition = _locked_competition(competition)
    today = local_today(competition.council)
    target, why_not = transition_target(competition, action, today)
    if why_not:
        raise ValidationError(why_not)
    before = competition.state
    competition.state = target
    competition.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor,
        action=f"councils.competition.{action}",
        obj=competition,
        organisation=competition.council.host,
        changes={"state": [before, target]},
    )
    return competition


@transaction.atomic
def working_group_add(
    *,
    actor: User,
    competition: Competition,
    full_name: str,
    user: User | None = None,
    role: str = "",
    is_head: bool = False,
) -> WorkingGroupMember:
    """Name a person on the working group; only those with an account decide candidacies."""
    require(can_manage_competition, actor, competition)
    competition = _locked_competition(competition)
    if competition.state == CompetitionState.PUBLISHED:
        raise ValidationError(_("The results are published; the working group is closed."))
    if user is not None and competition.working_group.filter(user=user).exists():
        raise ValidationError(_("This person is already in the working group."))
    if is_head:
        competition.working_group.filter(is_head=True).update(is_head=False)
    row = WorkingGroupMember(
        competition=competition,
        user=user,
        full_name=full_name.strip(),
        role=role.strip(),
        is_head=is_head,
    )
    row.full_clean()
    row.save()
    audit_record(
        actor=actor,
        action="councils.working_group.add",
        obj=competition,
        organisation=competition.council.host,
        changes={
            "person": row.full_name,
            "user": user.pk if user else None,
            "role": row.role,
            "head": is_head,
        },
    )
    return row


@transaction.atomic
def working_group_remove(*, actor: User, row: WorkingGroupMember) -> None:
    competition = _locked_competition(row.competition)
    require(can_manage_competition, actor, competition)
    if competition.state in (CompetitionState.DECIDED, CompetitionState.PUBLISHED):
        raise ValidationError(_("The working group has decided; it can no longer change."))
    audit_record(
        actor=actor,
        action="councils.working_group.remove",
        obj=competition,
        organisation=competition.council.host,
        changes={"person": row.full_name, "user": row.user_id},
    )
    row.delete()


def _letter_check(upload: UploadedFile) -> tuple[str, str, int]:
    limit = settings.HAMKORI_MAX_UPLOAD_BYTES
    too_large = _("The file is larger than %(limit)s MB.") % {"limit": limit // (1024 * 1024)}
    if upload.size is None or upload.size > limit:
        raise ValidationError({"letters": too_large})
    if not upload.size:
        raise ValidationError({"letters": _("The file is empty.")})
    found = file_type_or_error(upload)
    if found.kind not in LETTER_KINDS:
        raise ValidationError(
            {"letters": _("A letter of recommendation is a PDF, an image or a Word file.")}
        )
    sha256, size = file_sha256(upload)
    if size > limit:
        raise ValidationError({"letters": too_large})
    return found.content_type, sha256, size


def _may_be_resident(user: User, council: Council) -> bool:
    """Whether nothing the platform knows says the user lives outside the council's country:
    refused only when every organisation they are an active member of is registered in
    another country (the platform records no residence; the applicant declares it)."""
    countries = set(
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values_list(
            "organisation__jurisdiction_id", flat=True
        )
    )
    return not countries or council.jurisdiction_id in countries


@transaction.atomic
def candidacy_submit(
    *,
    actor: User,
    competition: Competition,
    full_name: str,
    sector: str,
    motivation: str,
    organisation: Organisation | None = None,
    recommendation_text: str = "",
    letters: Iterable[UploadedFile] = (),
) -> Candidacy:
    """Apply to the next composition while the competition is open: once per person, for a
    non-profit organisation the applicant belongs to (required for the non-profit sector,
    optional for citizens), with a motivation and letters of recommendation and/or their
    text."""
    require(can_apply, actor, competition)
    competition = _locked_competition(competition)
    council = competition.council
    today = local_today(council)
    if competition.state != CompetitionState.OPEN or not (
        competition.opens_on <= today <= competition.closes_on
    ):
        raise ValidationError(_("The competition does not accept candidacies now."))
    if Candidacy.objects.filter(competition=competition, applicant=actor).exists():
        raise ValidationError(_("You have already applied to this competition."))
    letters = list(letters)
    errors: dict[str, str] = {}
    if sector not in (Sector.NON_PROFIT, Sector.CITIZEN):
        errors["sector"] = _("Candidates come from non-profit organisations or are citizens.")
    if sector == Sector.NON_PROFIT and organisation is None:
        errors["organisation"] = _("Choose the non-profit organisation you represent.")
    if organisation is not None:
        if (
            organisation.sector != OrganisationSector.CSO
            or organisation.jurisdiction_id != council.jurisdiction_id
        ):
            errors["organisation"] = _("Choose a non-profit organisation of this country.")
        elif not is_org_member(actor, organisation):
            errors["organisation"] = _("You can represent only an organisation you belong to.")
    elif sector == Sector.CITIZEN and not _may_be_resident(actor, council):
        errors["sector"] = _(
            "Every organisation you belong to is registered in another country: a citizen "
            "candidate lives in the council's country."
        )
    if not motivation.strip():
        errors["motivation"] = _("Say why you want to join the council.")
    if not letters and not recommendation_text.strip():
        errors["recommendation_text"] = _(
            "Attach a letter of recommendation or write the recommendations."
        )
    if errors:
        raise ValidationError(errors)
    checked = [(upload, *_letter_check(upload)) for upload in letters]
    candidacy = Candidacy(
        competition=competition,
        applicant=actor,
        full_name=full_name.strip(),
        sector=sector,
        organisation=organisation,
        motivation=motivation.strip(),
        recommendation_text=recommendation_text.strip(),
    )
    candidacy.full_clean()
    candidacy.save()
    saved: list[RecommendationLetter] = []
    try:
        for upload, content_type, sha256, size in checked:
            letter = RecommendationLetter(
                candidacy=candidacy,
                filename=clean_filename(upload.name or ""),
                content_type=content_type,
                sha256=sha256,
                size=size,
            )
            # Stored under our own name: the uploader's name is for display only.
            letter.file.save(f"letter-{sha256[:16]}", upload, save=False)
            saved.append(letter)
            letter.save()
        audit_record(
            actor=actor,
            action="councils.candidacy.submit",
            obj=candidacy,
            organisation=organisation,
            changes={
                "competition": competition.pk,
                "sector": sector,
                "organisation": organisation.pk if organisation else None,
                "letters": [letter.sha256 for letter in saved],
            },
        )
    except Exception:
        for letter in saved:
            letter.file.delete(save=False)
        raise
    return candidacy


@transaction.atomic
def candidacy_decide(*, actor: User, candidacy: Candidacy, accept: bool, reason: str) -> Candidacy:
    """The working group's decision on a candidacy, with its reason, once the competition has
    closed (and until the decisions are recorded). One candidacy per non-profit legal entity
    can be accepted (Law No 383-V)."""
    competition = _locked_competition(candidacy.competition)
    require(can_decide_candidacy, actor, competition)
    if competition.state != CompetitionState.CLOSED:
        raise ValidationError(
            _("Candidacies are decided after the competition closes and before the results.")
        )
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason of the decision.")})
    state = CandidacyState.ACCEPTED if accept else CandidacyState.REJECTED
    if (
        accept
        and candidacy.organisation_id is not None
        and Candidacy.objects.filter(
            competition=competition,
            organisation_id=candidacy.organisation_id,
            state=CandidacyState.ACCEPTED,
        )
        .exclude(pk=candidacy.pk)
        .exists()
    ):
        raise ValidationError(
            _(
                "Another candidate of %(organisation)s is already accepted: a non-profit "
                "organisation has one representative on the council (Law No 383-V)."
            )
            % {"organisation": candidacy.organisation}
        )
    before = snapshot(candidacy, ["state", "reason"])
    candidacy.state = state
    candidacy.reason = reason.strip()
    candidacy.decided_by = actor
    candidacy.decided_at = timezone.now()
    candidacy.full_clean()
    candidacy.save(update_fields=["state", "reason", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="councils.candidacy.decide",
        obj=candidacy,
        organisation=competition.council.host,
        changes=diff(candidacy, before, ["state", "reason"]),
    )
    return candidacy


@dataclass(frozen=True)
class StateMember:
    """A member the host body names to the new composition (not by competition)."""

    full_name: str
    user: User | None = None
    organisation: Organisation | None = None
    in_public_service: bool = True


def next_term(council: Council, start: date | None = None) -> tuple[date, date]:
    """The term of the next composition: from `start` (by default the day after the current
    term ends) for the rule's number of years (council.term_years), or, without the rule, for
    as long as the current term."""
    start = start or council.term_end + timedelta(days=1)
    try:
        years = int(rule_value(council.jurisdiction_id, "council.term_years", start))
    except RuleMissing:
        return start, start + (council.term_end - council.term_start)
    return start, add_months(start, 12 * years) - timedelta(days=1)


def _check_next_term(council: Council, term_start: date, term_end: date | None) -> date:
    """The last day of the next composition's term starting on `term_start`: it must start
    after the current term (no two compositions in office at once) and last as long as the
    rule (or, without the rule, end after it starts). Returns the end to use."""
    if term_start <= council.term_end:
        raise ValidationError(
            {
                "term_start": _(
                    "The current composition is in office until %(end)s: the new term starts "
                    "after that, on %(first)s at the earliest."
                )
                % {
                    "end": date_format(council.term_end, "j E Y"),
                    "first": date_format(council.term_end + timedelta(days=1), "j E Y"),
                }
            }
        )
    _start, default_end = next_term(council, term_start)
    if term_end is None:
        return default_end
    try:
        years = int(rule_value(council.jurisdiction_id, "council.term_years", term_start))
    except RuleMissing:
        years = None
    if years is not None and term_end != default_end:
        raise ValidationError(
            {
                "term_end": _(
                    "The rules set a term of %(years)s years: a term starting on %(start)s "
                    "ends on %(end)s."
                )
                % {
                    "years": years,
                    "start": date_format(term_start, "j E Y"),
                    "end": date_format(default_end, "j E Y"),
                }
            }
        )
    if term_end <= term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    return term_end


@transaction.atomic
def competition_publish(
    *,
    actor: User,
    competition: Competition,
    code: str,
    term_start: date | None = None,
    term_end: date | None = None,
    state_members: Iterable[StateMember] = (),
) -> Council:
    """Publish the results: create the next composition (a new council following on from the
    current one) with the accepted candidates and the state members the host body names, and
    tell each candidate the decision on their candidacy."""
    require(can_manage_competition, actor, competition)
    competition = _locked_competition(competition)
    council = competition.council
    today = local_today(council)
    target, why_not = transition_target(competition, CompetitionAction.PUBLISH, today)
    if why_not:
        raise ValidationError(why_not)
    term_start = term_start or council.term_end + timedelta(days=1)
    term_end = _check_next_term(council, term_start, term_end)
    successor = _council_new(
        actor=actor,
        host=council.host,
        code=code,
        level=council.level,
        term_start=term_start,
        term_end=term_end,
        predecessor=council,
        texts={f: getattr(council, f) for f in [*NAME_FIELDS, *DESCRIPTION_FIELDS]},
    )
    accepted = list(
        competition.candidacies.filter(state=CandidacyState.ACCEPTED).select_related(
            "organisation", "applicant"
        )
    )
    for candidacy in accepted:
        member_add(
            actor=None,
            council=successor,
            full_name=candidacy.full_name,
            sector=candidacy.sector,
            user=candidacy.applicant,
            organisation=candidacy.organisation,
            starts_on=term_start,
        )
    state_members = list(state_members)
    for person in state_members:
        member_add(
            actor=None,
            council=successor,
            full_name=person.full_name,
            sector=Sector.STATE,
            user=person.user,
            organisation=person.organisation or council.host,
            in_public_service=person.in_public_service,
            starts_on=term_start,
        )
    competition.state = target
    competition.successor = successor
    competition.published_at = timezone.now()
    competition.save(update_fields=["state", "successor", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        action="councils.competition.publish",
        obj=competition,
        organisation=council.host,
        changes={
            "state": [CompetitionState.DECIDED, target],
            "successor": successor.pk,
            "accepted": [c.pk for c in accepted],
            "state_members": [p.full_name for p in state_members],
        },
    )
    url = absolute_url(reverse("councils:competition-results", args=[competition.pk]))
    for candidacy in competition.candidacies.select_related("applicant").order_by("pk"):
        email_queue_to_people(
            [candidacy.applicant],
            "councils/emails/candidacy_result",
            {
                "candidacy": candidacy,
                "council": council,
                "accepted": candidacy.state == CandidacyState.ACCEPTED,
                "url": url,
            },
        )
    return successor


__all__ = [
    "SINGLE_POSITIONS",
    "CouncilLevel",
    "StateMember",
    "candidacy_decide",
    "candidacy_submit",
    "commission_create",
    "commission_update",
    "competition_announce",
    "competition_lateness",
    "competition_publish",
    "competition_transition",
    "council_create",
    "council_update",
    "formation_start",
    "member_add",
    "member_end",
    "member_position_set",
    "member_update",
    "next_term",
    "working_group_add",
    "working_group_remove",
]
