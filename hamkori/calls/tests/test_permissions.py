"""Roles × call states × actions through the pages: view, edit, transition, amend. What a
person may not see is a 404; what they see but may not change is a 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from hamkori.accounts.models import PlatformRole, RoleGrant
from hamkori.calls.models import PlanStatus
from hamkori.calls.tests.factories import body_make, call_make, plan_make
from hamkori.calls.workflow import CallState
from hamkori.registry.tests.factories import PASSWORD, member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "cso_member", "official", "other_official", "auditor", "admin"]
STATES = [CallState.DRAFT, CallState.ANNOUNCED, CallState.OPEN, CallState.CLOSED]
SEES_DRAFTS = {"official", "auditor", "admin"}


def _user_for(role: str, body):
    if role == "anonymous":
        return None
    if role == "citizen":
        return user_make()
    if role == "cso_member":
        return member_make(organisation_make())
    if role == "official":
        return member_make(body)
    if role == "other_official":
        return member_make(body_make())
    user = user_make()
    grant = PlatformRole.AUDITOR if role == "auditor" else PlatformRole.ADMINISTRATOR
    RoleGrant.objects.create(user=user, role=grant, jurisdiction_id="KZ")
    return user


def _client_for(client, role, body):
    user = _user_for(role, body)
    if user is not None:
        assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_view_call(client, role, state):
    call = call_make(state=state)
    client = _client_for(client, role, call.body)

    response = client.get(reverse("calls:call-detail", args=[call.pk]))

    visible = state != CallState.DRAFT or role in SEES_DRAFTS
    assert response.status_code == (200 if visible else 404)


def _expected_write(role, state, allowed_states):
    visible = state != CallState.DRAFT or role in SEES_DRAFTS
    if role == "anonymous":
        return 302  # to the sign-in page
    if not visible:
        return 404
    if role == "official" and state in allowed_states:
        return 200
    return 403


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_edit_call(client, role, state):
    call = call_make(state=state)
    client = _client_for(client, role, call.body)

    response = client.get(reverse("calls:call-edit", args=[call.pk]))

    assert response.status_code == _expected_write(role, state, {CallState.DRAFT})


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_amend_call(client, role, state):
    call = call_make(state=state)
    client = _client_for(client, role, call.body)

    response = client.get(reverse("calls:call-amend", args=[call.pk]))

    allowed = {CallState.ANNOUNCED, CallState.OPEN}
    assert response.status_code == _expected_write(role, state, allowed)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_transition_call(client, role, state):
    call = call_make(state=state)
    client = _client_for(client, role, call.body)
    # Cancel is allowed from draft, announced and open; closed calls have no cancel.
    response = client.post(reverse("calls:call-transition", args=[call.pk]), {"action": "cancel"})

    call.refresh_from_db()
    visible = state != CallState.DRAFT or role in SEES_DRAFTS
    if role == "anonymous":
        assert response.status_code == 302 and call.state == state
    elif not visible:
        assert response.status_code == 404
    elif role == "official":
        assert response.status_code == 302
        expected = CallState.CLOSED if state == CallState.CLOSED else CallState.CANCELLED
        assert call.state == expected
    else:
        assert response.status_code == 403 and call.state == state


@pytest.mark.parametrize("status", [PlanStatus.DRAFT, PlanStatus.PUBLISHED])
@pytest.mark.parametrize("role", ROLES)
def test_view_and_edit_plan(client, role, status):
    plan = plan_make(status=status)
    client = _client_for(client, role, plan.body)

    view = client.get(reverse("calls:plan-detail", args=[plan.pk]))
    edit = client.get(reverse("calls:lot-create", args=[plan.pk]))

    visible = status == PlanStatus.PUBLISHED or role in SEES_DRAFTS
    assert view.status_code == (200 if visible else 404)
    if role == "anonymous":
        assert edit.status_code == 302
    else:
        assert edit.status_code == (200 if role == "official" else 403 if visible else 404)


def test_draft_calls_are_not_listed_publicly(client):
    call_make(state=CallState.DRAFT, title_en="Secret draft")
    call_make(state=CallState.OPEN, title_en="Public call")

    page = client.get(reverse("calls:call-list")).content.decode()

    assert "Public call" in page and "Secret draft" not in page


def test_my_calls_is_for_officials_only(client):
    call = call_make(state=CallState.OPEN)
    cso_member = member_make(organisation_make())
    client.login(email=cso_member.email, password=PASSWORD)

    assert client.get(reverse("calls:my-calls")).status_code == 403
    official = member_make(call.body)
    client.login(email=official.email, password=PASSWORD)
    assert client.get(reverse("calls:my-calls")).status_code == 200


def test_window_defaults_in_factories_fit_each_state():
    call = call_make(state=CallState.CLOSED)

    assert call.closes_at < call.created_at - timedelta(days=1)
