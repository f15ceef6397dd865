"""Who may do what, as a matrix of roles × actions through the real services and selectors:
moderation, answers, supports and the visibility of hidden problems."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.calls.tests.factories import body_make
from hamkori.problems.selectors import problem_get_for
from hamkori.problems.services import (
    problem_answer,
    problem_hide,
    problem_route,
    problem_support,
    problem_transition,
)
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.registry.models import OrganisationKind
from hamkori.registry.tests.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.usefixtures("reference_data")

ROLES = [
    "anonymous",
    "citizen",
    "author",
    "cso_member",
    "responsible_official",
    "other_state_official",
    "foreign_state_official",
    "operator_member",
    "admin",
    "foreign_admin",
    "auditor",
]


def _grant(role: str, jurisdiction: str | None):
    user = user_make()
    RoleGrant.objects.create(user=user, role=role, jurisdiction_id=jurisdiction)
    return user


def _world():
    body = body_make()
    author = user_make()
    problem = problem_make(author=author, responsible_body=body)
    people = {
        "anonymous": AnonymousUser(),
        "citizen": user_make(),
        "author": author,
        "cso_member": member_make(organisation_make()),
        "responsible_official": state_official_make(body=body),
        "other_state_official": state_official_make(),
        "foreign_state_official": state_official_make("TJ"),
        "operator_member": member_make(organisation_make(kind=OrganisationKind.GRANT_OPERATOR)),
        "admin": _grant(PlatformRole.ADMINISTRATOR, "KZ"),
        "foreign_admin": _grant(PlatformRole.ADMINISTRATOR, "TJ"),
        "auditor": _grant(PlatformRole.AUDITOR, "KZ"),
    }
    return problem, people


def _allowed(action) -> bool:
    try:
        action()
    except (PermissionDenied, Http404):
        return False
    return True


MODERATORS = {"responsible_official", "other_state_official", "admin"}
# Deciding against a problem addressed to a body (decline, already addressed, hide).
DECIDERS = {"responsible_official", "admin"}
ANSWERERS = {"responsible_official"}
SIGNED_IN = set(ROLES) - {"anonymous"}
SEE_HIDDEN = MODERATORS | {"auditor", "author"}


@pytest.mark.parametrize("role", ROLES)
def test_moderation_matrix(role):
    problem, people = _world()
    allowed = _allowed(
        lambda: problem_transition(actor=people[role], problem=problem, action="review")
    )
    assert allowed == (role in MODERATORS)
    allowed = _allowed(lambda: problem_hide(actor=people[role], problem=problem, reason="Спам"))
    assert allowed == (role in DECIDERS)


@pytest.mark.parametrize("role", ROLES)
def test_declining_a_problem_addressed_to_a_body_is_for_that_body_and_admins(role):
    problem, people = _world()
    allowed = _allowed(
        lambda: problem_transition(
            actor=people[role], problem=problem, action="decline", reason="Вне компетенции"
        )
    )
    assert allowed == (role in DECIDERS)
    rerouted = _allowed(
        lambda: problem_route(actor=people[role], problem=problem, responsible_body=body_make())
    )
    assert rerouted == (role in DECIDERS)


def test_with_no_responsible_body_any_moderator_decides():
    problem, people = _world()
    problem.responsible_body = None
    problem.save(update_fields=["responsible_body"])
    problem_hide(actor=people["other_state_official"], problem=problem, reason="Спам")


@pytest.mark.parametrize("role", ROLES)
def test_answer_and_support_matrix(role):
    problem, people = _world()
    answered = _allowed(
        lambda: problem_answer(actor=people[role], problem=problem, text="Ответ органа")
    )
    assert answered == (role in ANSWERERS)
    supported = _allowed(lambda: problem_support(actor=people[role], problem=problem))
    assert supported == (role in SIGNED_IN)


@pytest.mark.parametrize("role", ROLES)
def test_hidden_problem_visibility_matrix(role):
    problem, people = _world()
    problem_hide(actor=people["admin"], problem=problem, reason="Оскорбления")
    visible = _allowed(lambda: problem_get_for(user=people[role], reference=problem.reference))
    assert visible == (role in SEE_HIDDEN)
    # Nobody supports or answers a hidden problem, whoever they are.
    assert not _allowed(lambda: problem_support(actor=people[role], problem=problem))
    assert not _allowed(lambda: problem_answer(actor=people[role], problem=problem, text="Ответ"))


@pytest.mark.parametrize("role", ROLES)
def test_visible_problem_is_public(role):
    problem, people = _world()
    assert problem_get_for(user=people[role], reference=problem.reference) == problem
