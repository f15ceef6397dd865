"""Who may do what with consultations and dialogue programmes (default deny).

A consultation is managed by the officials of its organiser body, or by the secretary of the
public council it is held through; a programme by the officials of any of its organiser bodies.
Anyone signed in may comment while the period is open; everyone reads what is published;
auditors and platform administrators also read drafts."""

from __future__ import annotations

from hamkori.accounts.permissions import (
    is_auditor,
    is_authenticated,
    is_org_member,
    is_platform_admin,
)
from hamkori.core.permissions import predicate
from hamkori.dialogue.workflow import ConsultationState, ProgrammeState
from hamkori.rules.selectors import local_today

OFFICIAL_SECTORS = ("state", "operator")


@predicate
def is_consultation_organiser(user, consultation) -> bool:
    organiser = consultation.organiser
    return organiser.sector in OFFICIAL_SECTORS and is_org_member(user, organiser)


@predicate
def is_council_secretary(user, consultation) -> bool:
    """The secretary of the council the consultation is held through, while in office."""
    from hamkori.councils.models import Member, Position

    if consultation.council_id is None or not is_authenticated(user):
        return False
    today = local_today(consultation.jurisdiction_id)
    return (
        Member.objects.filter(
            council_id=consultation.council_id,
            user=user,
            position=Position.SECRETARY,
            starts_on__lte=today,
        )
        .exclude(ends_on__lt=today)
        .exists()
    )


can_manage_consultation = is_consultation_organiser | is_council_secretary


@predicate
def consultation_is_public(user, consultation) -> bool:
    return consultation.state != ConsultationState.DRAFT


@predicate
def reads_everything(user, consultation) -> bool:
    return is_platform_admin(user, consultation) or is_auditor(user, consultation)


can_view_consultation = consultation_is_public | can_manage_consultation | reads_everything


@predicate
def consultation_is_draft(user, consultation) -> bool:
    return consultation.state == ConsultationState.DRAFT


@predicate
def comment_period_running(user, consultation) -> bool:
    if consultation.state != ConsultationState.OPEN:
        return False
    today = local_today(consultation.jurisdiction_id)
    return consultation.opens_on <= today <= consultation.closes_on


@predicate
def consultation_is_closed(user, consultation) -> bool:
    return consultation.state == ConsultationState.CLOSED


can_edit_consultation = can_manage_consultation & consultation_is_draft
can_comment = is_authenticated & comment_period_running
# Hiding abusive text stays possible after the period: the page stays public.
can_moderate = can_manage_consultation & consultation_is_public
can_handle_comments = can_manage_consultation & consultation_is_closed


@predicate
def is_programme_organiser(user, programme) -> bool:
    return any(
        organiser.sector in OFFICIAL_SECTORS and is_org_member(user, organiser)
        for organiser in programme.organisers.all()
    )


@predicate
def programme_is_published(user, programme) -> bool:
    return programme.state == ProgrammeState.PUBLISHED


@predicate
def reads_every_programme(user, programme) -> bool:
    return any(
        is_platform_admin(user, organiser) or is_auditor(user, organiser)
        for organiser in programme.organisers.all()
    )


can_manage_programme = is_programme_organiser
can_view_programme = programme_is_published | is_programme_organiser | reads_every_programme


@predicate
def may_organise_for(user, organisation) -> bool:
    """An official of `organisation` (a state body or the operator) may start a consultation
    or a programme in its name."""
    return organisation.sector in OFFICIAL_SECTORS and is_org_member(user, organisation)
