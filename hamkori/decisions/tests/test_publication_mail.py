"""The publication's e-mails leave through a real SMTP server, in each reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import message_text
from hamkori.accounts.models import MembershipRole
from hamkori.core.outbox import outbox_send_pending
from hamkori.decisions.models import DecisionEntry, Outcome
from hamkori.decisions.tests.factories import published_call
from hamkori.registry.tests.factories import member_make, user_make
from hamkori.reviews.tests.factories import scored_call

pytestmark = pytest.mark.django_db


def test_the_winner_hears_its_outcome_in_kazakh_over_smtp(smtp_server):
    call = scored_call(applications=2)
    admins = {
        a.pk: member_make(
            a.organisation, user_make(preferred_language="kk"), role=MembershipRole.ADMIN
        )
        for a in call.applications.select_related("organisation")
    }

    result = published_call(call)
    outbox_send_pending()

    winner = DecisionEntry.objects.get(meeting=result.meeting, outcome=Outcome.AWARD)
    address = admins[winner.application_id].email
    [message] = [m for m in smtp_server.messages if address in m["X-Envelope-To"]]
    body = message_text(message)
    assert reverse("decisions:application-result", args=[winner.application_id]) in body
    assert "қаржыландырылады" in body  # "funded", the outcome in the reader's language
    assert call.reference in message["Subject"] + body
