"""Members vote from their own accounts through the pages: the secretary opens a vote, the
members present see it on the meeting page and vote (htmx or a plain form post), the
secretary records a vote for a member without an account and closes it; refusals over
HTTP; the minutes mark the ballots members cast themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hamkori.councils.models import Member
from hamkori.councils.tests.factories import council_make
from hamkori.meetings.models import BallotBox, BallotBoxState, BallotCast, Choice, Vote
from hamkori.meetings.tests.factories import (
    ballot_box_make,
    first_item,
    held_meeting_make,
    present_members,
    secretary_of,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _cast(client, box, choice, *, headers=None, **extra):
    url = reverse("meetings:ballot-cast", args=[box.pk])
    return client.post(url, {"choice": choice, **extra}, headers=headers or {})


def test_the_whole_vote_through_the_pages(reference_data, client):
    # given a held meeting of 5 members present, one without an account
    meeting = held_meeting_make(members=4)
    secretary = secretary_of(meeting.council)
    first, second, third, offline = present_members(meeting, secretary=False)
    Member.objects.filter(pk=offline.pk).update(user=None)
    detail = reverse("meetings:meeting-detail", args=[meeting.pk])

    # when the secretary opens a vote on the first item
    client.force_login(secretary)
    form = client.get(reverse("meetings:ballot-open", args=[first_item(meeting).pk]))
    assert form.status_code == 200
    opened = client.post(
        reverse("meetings:ballot-open", args=[first_item(meeting).pk]),
        {"question": "Approve the work plan", "kind": "decision"},
    )
    assert opened.status_code == 302
    box = BallotBox.objects.get()

    # then a member present sees the question and the three buttons on the meeting page
    client.force_login(first.user)
    page = client.get(detail)
    assert "Approve the work plan" in page.text
    assert reverse("meetings:ballot-cast", args=[box.pk]) in page.text
    assert "0 of 5 members present have voted." in page.text
    # and votes with htmx: the partial comes back with their choice
    swapped = _cast(client, box, Choice.FOR, headers=HTMX)
    assert swapped.status_code == 200 and "<html" not in swapped.text
    assert "Your vote: for." in swapped.text
    assert "1 of 5 members present have voted." in swapped.text
    # and others vote without JavaScript, one changing their mind
    client.force_login(second.user)
    assert _cast(client, box, Choice.AGAINST).status_code == 302
    assert _cast(client, box, Choice.FOR).status_code == 302
    client.force_login(third.user)
    assert _cast(client, box, Choice.AGAINST).status_code == 302

    # when the secretary sees each choice, votes for their own seat and records the choice of
    # the member without an account
    client.force_login(secretary)
    page = client.get(detail)
    assert "4 of 5" not in page.text and "3 of 5 members present have voted." in page.text
    assert offline.full_name in page.text and "no account" in page.text
    assert _cast(client, box, Choice.FOR).status_code == 302
    recorded = _cast(client, box, Choice.ABSTAIN, member=offline.pk, headers=HTMX)
    assert "recorded by the secretary" in recorded.text
    closed = client.post(reverse("meetings:ballot-close", args=[box.pk]))

    # then the vote is recorded with the right counts, its ballots marked
    assert closed.status_code == 302
    vote = Vote.objects.get()
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (3, 1, 1)
    assert vote.result == "adopted"
    assert vote.ballots.filter(cast_by_member=True).count() == 4
    assert vote.ballots.get(member=offline).cast_by_member is False
    box.refresh_from_db()
    assert box.state == BallotBoxState.CLOSED and box.vote == vote
    # and the meeting page no longer shows a vote in progress
    assert "Vote in progress" not in client.get(detail).text
    # and the minutes page marks the four ballots the members cast themselves
    minutes = client.get(reverse("meetings:minutes-detail", args=[meeting.pk]))
    assert minutes.text.count('class="own-vote"') == 4


def test_who_sees_the_buttons(reference_data, client):
    meeting = held_meeting_make(members=5, present=5)
    absent = meeting.attendances.get(present=False).member
    member = present_members(meeting, secretary=False)[0]
    box = ballot_box_make(meeting, question="Approve the report")
    detail = reverse("meetings:meeting-detail", args=[meeting.pk])
    cast_url = reverse("meetings:ballot-cast", args=[box.pk])

    public = client.get(detail)
    client.force_login(absent.user)
    absentee = client.get(detail)
    client.force_login(member.user)
    present = client.get(detail)

    # everyone sees the question and how many have voted; only the member present can vote
    for page in (public, absentee, present):
        assert "Approve the report" in page.text
        assert "0 of 5 members present have voted." in page.text
    assert cast_url not in public.text and cast_url not in absentee.text
    assert cast_url in present.text
    # and nobody but the secretary sees who voted how
    assert "Record for the member" not in present.text


def test_refusals_over_http(reference_data, client):
    meeting = held_meeting_make(members=5, present=5)
    absent = meeting.attendances.get(present=False).member
    outsider = council_make(members=1).members.first()
    member, *rest = present_members(meeting, secretary=False)
    box = ballot_box_make(meeting)
    secretary = secretary_of(meeting.council)

    # anonymous: sent to sign in; an absent member and a member of another council: 403
    assert _cast(client, box, Choice.FOR).status_code == 302
    for user in (absent.user, outsider.user):
        client.force_login(user)
        assert _cast(client, box, Choice.FOR).status_code == 403
        assert client.post(reverse("meetings:ballot-close", args=[box.pk])).status_code == 403
    assert not BallotCast.objects.exists()

    # closing with choices missing: refused with their names
    client.force_login(member.user)
    _cast(client, box, Choice.FOR)
    client.force_login(secretary)
    refused = client.post(reverse("meetings:ballot-close", args=[box.pk]))
    assert refused.status_code == 400
    assert all(m.full_name in refused.text for m in rest)
    # a second vote while one is open: refused on the form
    second = client.post(
        reverse("meetings:ballot-open", args=[first_item(meeting).pk]),
        {"question": "Another", "kind": "decision"},
    )
    assert second.status_code == 400
    assert BallotBox.objects.count() == 1

    # cancelled: a cast is refused, with a reload for htmx
    cancelled = client.post(
        reverse("meetings:ballot-cancel", args=[box.pk]), {"reason": "Show of hands"}
    )
    assert cancelled.status_code == 302
    client.force_login(member.user)
    late = _cast(client, box, Choice.AGAINST)
    assert late.status_code == 400 and "no longer open" in late.text
    assert _cast(client, box, Choice.AGAINST, headers=HTMX)["HX-Refresh"] == "true"
    assert BallotCast.objects.get().choice == Choice.FOR


def test_opening_without_quorum_shows_the_reason(reference_data, client):
    meeting = held_meeting_make(members=5, present=3)
    client.force_login(secretary_of(meeting.council))

    response = client.post(
        reverse("meetings:ballot-open", args=[first_item(meeting).pk]),
        {"question": "Approve", "kind": "decision"},
    )

    assert response.status_code == 400
    assert "There is no quorum: 3 of 6 members present, 4 needed." in response.text
    assert not BallotBox.objects.exists()


def test_the_live_count_for_htmx_and_the_page_without_it(reference_data, client):
    meeting = held_meeting_make(members=2)
    box = ballot_box_make(meeting)
    url = reverse("meetings:ballot-detail", args=[box.pk])
    member = present_members(meeting, secretary=False)[0]
    client.force_login(member.user)
    _cast(client, box, Choice.FOR)

    tally = client.get(url, headers=HTMX)
    plain = client.get(url)

    assert "1 of 3 members present have voted." in tally.text and "<html" not in tally.text
    assert 'hx-trigger="every 5s"' in tally.text
    assert plain.status_code == 302
    assert plain["Location"].endswith(f"/meetings/{meeting.pk}/#ballot")
    client.force_login(secretary_of(meeting.council))
    client.post(reverse("meetings:ballot-cancel", args=[box.pk]), {"reason": "Mistake"})
    assert client.get(url, headers=HTMX)["HX-Refresh"] == "true"


def test_the_show_of_hands_form_stays_next_to_the_ballot_form(reference_data, client):
    meeting = held_meeting_make(members=2)
    client.force_login(secretary_of(meeting.council))
    detail = reverse("meetings:meeting-detail", args=[meeting.pk])
    item = first_item(meeting)

    page = client.get(detail)

    draft = reverse("meetings:meeting-transition", args=[meeting.pk, "draft_minutes"])
    assert reverse("meetings:ballot-open", args=[item.pk]) in page.text
    assert reverse("meetings:vote-create", args=[item.pk]) in page.text
    assert draft in page.text
    ballot_box_make(meeting)
    page = client.get(detail)
    # one vote open at a time, and the minutes wait for it
    assert reverse("meetings:ballot-open", args=[item.pk]) not in page.text
    assert draft not in page.text
    assert reverse("meetings:vote-create", args=[item.pk]) in page.text
