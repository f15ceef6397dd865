"""Sealing: until the call's Result exists no score, rank or count of reviews reaches the
applicants or the public — not on the applicant's page, not at the public results URL, not
by e-mail — however far the commission has gone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import formats, translation

from hamkori.accounts.models import MembershipRole
from hamkori.core.models import OutboxEmail
from hamkori.decisions import services
from hamkori.decisions.models import DecisionEntry
from hamkori.decisions.tests.factories import adopted_meeting, official_of
from hamkori.registry.tests.factories import member_make
from hamkori.reviews.tests.factories import scored_call

pytestmark = pytest.mark.django_db


def _adopted_but_unpublished():
    call = scored_call()
    admins = [
        member_make(a.organisation, role=MembershipRole.ADMIN)
        for a in call.applications.select_related("organisation")
    ]
    meeting = adopted_meeting(call)
    return meeting, admins


def _score_texts(entry) -> list[str]:
    texts = [str(entry.score)]
    for language in ("en", "ru", "kk", "tg"):
        with translation.override(language):
            texts.append(formats.localize(entry.score))
    return texts


def test_the_applicant_sees_no_score_rank_or_sheet_before_publication(client):
    meeting, _admins = _adopted_but_unpublished()
    entry = DecisionEntry.objects.filter(meeting=meeting).order_by("rank").first()
    client.force_login(entry.application.organisation.memberships.first().user)

    page = client.get(
        reverse("decisions:application-result", args=[entry.application_id])
    ).content.decode()

    assert "has not been published yet" in page
    for text in [*_score_texts(entry), "Expert 1", "Sound plan.", "Fine.", "Rank"]:
        assert text not in page
    assert "File the appeal" not in page


def test_the_public_results_do_not_exist_before_publication(client):
    meeting, _admins = _adopted_but_unpublished()
    url = reverse("decisions:results", args=[meeting.call_id])

    assert client.get(url).status_code == 404
    client.force_login(official_of(meeting.call))
    assert client.get(url).status_code == 404


def test_no_e_mail_reaches_an_applicant_before_publication_and_then_one_does():
    meeting, admins = _adopted_but_unpublished()
    addresses = {person.email for person in admins}
    before = [e for e in OutboxEmail.objects.all() if set(e.to) & addresses]
    assert before == []

    services.result_publish(actor=official_of(meeting.call), call=meeting.call, meeting=meeting)

    after = [e for e in OutboxEmail.objects.all() if set(e.to) & addresses]
    assert len(after) == len(admins)


def test_the_officials_pages_are_denied_to_applicants_and_the_public(client):
    meeting, admins = _adopted_but_unpublished()
    urls = [
        reverse("decisions:call-decision", args=[meeting.call_id]),
        reverse("decisions:meeting-detail", args=[meeting.pk]),
        reverse("decisions:meeting-minutes", args=[meeting.pk]),
        reverse("decisions:meeting-minutes-pdf", args=[meeting.pk]),
        reverse("decisions:appeal-list", args=[meeting.call_id]),
    ]
    assert {client.get(url).status_code for url in urls} == {302}
    client.force_login(admins[0])
    assert {client.get(url).status_code for url in urls} == {404}
