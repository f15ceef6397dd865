"""Many comments stay readable: the consultation page shows each section's count and latest
few with a link to the section's own comments page, which pages through them (50 a page,
newest first, bad page numbers bounded); the closing report pages the same way under its
section headings, with the totals of every comment at the top."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hamkori.dialogue import selectors, services
from hamkori.dialogue.models import Comment, Handling
from hamkori.dialogue.tests.factories import comments_grow, consultation_make
from hamkori.dialogue.workflow import ConsultationState
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.django_db

PREVIEW = selectors.COMMENTS_PREVIEW
PER_PAGE = selectors.COMMENTS_PER_PAGE


def _spread_in_time(consultation) -> None:
    """Distinct creation times in the order of the rows, so "newest" is unambiguous."""
    start = timezone.now() - timedelta(days=1)
    for n, comment in enumerate(Comment.objects.filter(consultation=consultation).order_by("pk")):
        Comment.objects.filter(pk=comment.pk).update(created_at=start + timedelta(seconds=n))


def _comment_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<article class="comment" id="comment-(\d+)"', html)]


def _on_section(consultation, number: int) -> list[int]:
    """The section's comments, newest first."""
    return list(
        Comment.objects.filter(consultation=consultation, section__number=number)
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )


def test_the_consultation_page_shows_each_sections_count_and_latest_few(client):
    # Given 2 sections: section 1 with 12 comments (one hidden), section 2 with 3
    consultation = consultation_make(state=ConsultationState.OPEN, sections=2)
    first, second = consultation.sections.order_by("number")
    comments_grow(consultation, 12, sections=[first])
    Comment.objects.filter(section=None).update(section=first)
    comments_grow(consultation, 3, sections=[second])
    Comment.objects.filter(section=None).update(section=second)
    _spread_in_time(consultation)
    Comment.objects.filter(pk=_on_section(consultation, 1)[1]).update(
        hidden_at=timezone.now(), hidden_reason="Спам"
    )

    html = client.get(reverse("dialogue:consultation-detail", args=[consultation.pk])).content
    page = html.decode()

    shown = _comment_ids(page)
    # Section 1: its latest five, newest first (the hidden one in its place), then section 2.
    assert shown == _on_section(consultation, 1)[:PREVIEW] + _on_section(consultation, 2)
    assert "Спам" in page
    assert "<h4>11 comments</h4>" in page and "<h4>3 comments</h4>" in page
    section_url = reverse("dialogue:section-comment-list", args=[consultation.pk, 1])
    assert f'href="{section_url}">all 11 comments on this section</a>' in page
    assert reverse("dialogue:section-comment-list", args=[consultation.pk, 2]) not in page


def test_the_whole_draft_has_its_latest_few_and_a_link_to_all(client):
    consultation = consultation_make(state=ConsultationState.OPEN, sections=1)
    comments_grow(consultation, 7, sections=[])

    page = client.get(reverse("dialogue:consultation-detail", args=[consultation.pk]))

    html = page.content.decode()
    assert len(_comment_ids(html)) == PREVIEW
    url = reverse("dialogue:draft-comment-list", args=[consultation.pk])
    assert f'href="{url}">all 7 comments on the whole draft</a>' in html
    listed = client.get(url).content.decode()
    assert len(_comment_ids(listed)) == 7


def test_the_section_page_pages_through_every_comment_newest_first(client):
    consultation = consultation_make(state=ConsultationState.OPEN, sections=1)
    section = consultation.sections.get()
    comments_grow(consultation, PER_PAGE * 2 + 3, sections=[section])
    Comment.objects.filter(section=None).update(section=section)
    _spread_in_time(consultation)
    newest_first = _on_section(consultation, 1)
    url = reverse("dialogue:section-comment-list", args=[consultation.pk, 1])

    pages = [client.get(f"{url}?page={n}") for n in (1, 2, 3)]

    assert [r.status_code for r in pages] == [200, 200, 200]
    shown = [_comment_ids(r.content.decode()) for r in pages]
    assert shown == [newest_first[:PER_PAGE], newest_first[PER_PAGE:-3], newest_first[-3:]]
    first = pages[0].content.decode()
    assert f"{PER_PAGE * 2 + 3} comments" in first
    assert 'aria-label="Pages"' in first and 'rel="next"' in first and "Page 1 of 3" in first


@pytest.mark.parametrize(
    ("page", "shown"),
    [("abc", 1), ("", 1), ("0", 3), ("-1", 3), ("999", 3), ("99999999999999999999999", 3)],
)
def test_a_bad_page_number_gives_the_first_or_the_last_page(client, page, shown):
    consultation = consultation_make(state=ConsultationState.OPEN, sections=1, comments=0)
    section = consultation.sections.get()
    comments_grow(consultation, PER_PAGE * 2 + 1, sections=[section])
    Comment.objects.filter(section=None).update(section=section)
    url = reverse("dialogue:section-comment-list", args=[consultation.pk, 1])

    response = client.get(url, {"page": page})

    assert response.status_code == 200
    assert f"Page {shown} of 3" in response.content.decode()


def test_the_section_page_is_seen_as_the_consultation_is(client):
    draft = consultation_make(state=ConsultationState.DRAFT, sections=1)
    running = consultation_make(state=ConsultationState.OPEN, sections=1)

    assert (
        client.get(reverse("dialogue:section-comment-list", args=[draft.pk, 1])).status_code == 404
    )
    assert (
        client.get(reverse("dialogue:section-comment-list", args=[running.pk, 2])).status_code
        == 404
    )
    client.force_login(draft.created_by)
    assert (
        client.get(reverse("dialogue:section-comment-list", args=[draft.pk, 1])).status_code == 200
    )


def test_the_organiser_hides_a_comment_from_the_section_page_and_returns_to_it(client):
    # Given a section with a comment on its second page
    consultation = consultation_make(state=ConsultationState.OPEN, sections=1)
    section = consultation.sections.get()
    comments_grow(consultation, PER_PAGE + 10, sections=[section])
    Comment.objects.filter(section=None).update(section=section)
    _spread_in_time(consultation)
    abusive = Comment.objects.get(pk=_on_section(consultation, 1)[PER_PAGE + 2])
    url = reverse("dialogue:section-comment-list", args=[consultation.pk, 1])
    hide = reverse("dialogue:comment-hide", args=[consultation.pk, abusive.pk])
    assert hide not in client.get(f"{url}?page=2").content.decode()

    # When the organiser follows the hide link of page 2 and gives a reason
    client.force_login(consultation.created_by)
    assert f'href="{hide}"' in client.get(f"{url}?page=2").content.decode()
    response = client.post(hide, {"reason": "Оскорбление"})

    # Then they are back on page 2, where the reason stands in the comment's place
    assert response.status_code == 302
    assert response["Location"] == f"{url}?page=2#comment-{abusive.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Оскорбление" in page and abusive.text not in page


def test_hiding_from_the_consultation_page_leads_to_the_comment_in_its_list(client):
    consultation = consultation_make(state=ConsultationState.OPEN, sections=1)
    comment = services.comment_add(actor=user_make(), consultation=consultation, text="Грубость")
    client.force_login(consultation.created_by)

    response = client.post(
        reverse("dialogue:comment-hide", args=[consultation.pk, comment.pk]), {"reason": "Грубо"}
    )

    url = reverse("dialogue:draft-comment-list", args=[consultation.pk])
    assert response["Location"] == f"{url}#comment-{comment.pk}"


def _reported_with(sections: int, per_section: int, general: int):
    consultation = consultation_make(state=ConsultationState.REPORTED, sections=sections)
    for section in consultation.sections.order_by("number"):
        comments_grow(consultation, per_section, sections=[section])
        Comment.objects.filter(consultation=consultation, section=None).update(section=section)
    comments_grow(consultation, general, sections=[])
    _spread_in_time(consultation)
    return consultation


def test_the_report_pages_through_the_comments_under_their_section_headings(client):
    # Given 2 sections of 40 comments each and 30 on the whole draft (110: three pages)
    consultation = _reported_with(sections=2, per_section=40, general=30)
    Comment.objects.filter(consultation=consultation).update(
        handling=Handling.NOTED, response="Принято"
    )
    url = reverse("dialogue:consultation-report", args=[consultation.pk])

    pages = [client.get(url, {"page": n}).content.decode() for n in (1, 2, 3)]

    rows = [re.findall(r'<tr id="comment-(\d+)">', html) for html in pages]
    assert [len(r) for r in rows] == [PER_PAGE, PER_PAGE, 10]
    in_order = list(
        Comment.objects.filter(consultation=consultation)
        .order_by("section__number", "created_at", "pk")
        .values_list("pk", flat=True)
    )
    # The whole draft last, each part in time order.
    general = [pk for pk in in_order if Comment.objects.get(pk=pk).section_id is None]
    expected = [pk for pk in in_order if pk not in general] + general
    assert [int(pk) for r in rows for pk in r] == expected
    headings = [re.findall(r'<h2 class="report-section"[^>]*>([^<]+)<', html) for html in pages]
    assert headings == [
        ["1. Section 1", "2. Section 2"],
        ["2. Section 2", "Comments on the whole draft"],
        ["Comments on the whole draft"],
    ]
    # The totals cover every comment on every page.
    assert all("110 comments" in html and "noted 110" in html for html in pages)
    assert "Page 2 of 3" in pages[1]


def test_the_report_totals_count_every_outcome_in_one_query():
    consultation = _reported_with(sections=1, per_section=6, general=2)
    pks = list(Comment.objects.order_by("pk").values_list("pk", flat=True))
    Comment.objects.filter(pk__in=pks[:3]).update(handling=Handling.ACCEPTED, response="Да")
    Comment.objects.filter(pk=pks[3]).update(handling=Handling.PARTLY, response="Частично")
    Comment.objects.filter(pk=pks[4]).update(handling=Handling.NOT_ACCEPTED, response="Нет")
    Comment.objects.filter(pk=pks[5]).update(
        handling=Handling.NOTED, response="x", hidden_at=timezone.now(), hidden_reason="Спам"
    )
    Comment.objects.filter(pk=pks[6]).update(hidden_at=timezone.now(), hidden_reason="Спам")

    with CaptureQueriesContext(connection) as queries:
        totals = selectors.report_totals(consultation)

    assert len(queries) == 1
    assert totals == {
        "total": 8,
        "hidden": 2,
        "waiting": 1,
        "accepted": 3,
        "partly": 1,
        "not_accepted": 1,
        "noted": 0,
    }


def test_saving_a_handling_without_htmx_returns_to_the_comments_page_of_the_report(client):
    consultation = _reported_with(sections=1, per_section=PER_PAGE + 5, general=0)
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    last = Comment.objects.filter(consultation=consultation).order_by("-created_at").first()
    client.force_login(consultation.created_by)
    url = reverse("dialogue:consultation-report", args=[consultation.pk])
    form = client.get(url, {"page": 2}).content.decode()
    assert reverse("dialogue:comment-handle", args=[consultation.pk, last.pk]) in form

    response = client.post(
        reverse("dialogue:comment-handle", args=[consultation.pk, last.pk]),
        {f"c{last.pk}-handling": "accepted", f"c{last.pk}-response": "Учтено"},
    )

    assert response["Location"] == f"{url}?page=2#comment-{last.pk}"


def test_a_comment_is_found_on_its_page_of_the_report_and_of_its_list():
    # Given a full page of comments on the section and three on the whole draft
    consultation = _reported_with(sections=1, per_section=PER_PAGE, general=3)
    on_section = list(
        Comment.objects.filter(section__isnull=False)
        .select_related("section")
        .order_by("created_at", "pk")
    )
    on_draft = list(Comment.objects.filter(section=None).order_by("created_at", "pk"))

    # The report: the section's fill page 1, the whole draft's come after on page 2
    assert {selectors.report_page_number(c) for c in on_section} == {1}
    assert {selectors.report_page_number(c) for c in on_draft} == {2}
    # The lists, newest first: the section's oldest is the 50th, the draft's all on page 1
    assert selectors.comment_list_page_number(on_section[0]) == 1
    comments_grow(consultation, 1, sections=[on_section[0].section])
    assert selectors.comment_list_page_number(on_section[0]) == 2
    assert {selectors.comment_list_page_number(c) for c in on_draft} == {1}
