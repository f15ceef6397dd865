"""Supporters are told, each in their language, when the responsible body answers a problem
they support or a moderator decides it (accepted into a plan, already addressed, declined,
marked a duplicate); never of a hidden problem nor of its hiding, not after withdrawing their
support, and the author only once. The e-mails leave through a real SMTP server."""

from __future__ import annotations

import itertools
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import message_text
from hamkori.accounts.models import User
from hamkori.calls.tests.factories import body_make, lot_make, plan_make
from hamkori.core.models import OutboxEmail
from hamkori.core.outbox import outbox_send_pending
from hamkori.problems import services
from hamkori.problems.models import Problem, Support
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.registry.tests.factories import user_make

pytestmark = pytest.mark.usefixtures("reference_data")

LANGUAGES = ("kk", "ru", "tg")
_serial = itertools.count(1)


def _subject(message) -> str:
    """The Subject header decoded (a translated subject is sent encoded and folded)."""
    return str(make_header(decode_header(message["Subject"])))


def _supporter(problem: Problem, language: str = "ru") -> User:
    person = user_make(preferred_language=language)
    services.problem_support(actor=person, problem=problem)
    return person


def _received(smtp_server, person: User) -> list[Message]:
    return [m for m in smtp_server.messages if person.email in m["X-Envelope-To"].split(", ")]


def _url(problem: Problem) -> str:
    return reverse("problems:problem-detail", args=[problem.reference])


def _reason_label(language: str) -> str:
    with translation.override(language):
        return translation.gettext("Reason")


def test_the_answer_reaches_every_supporter_once_and_the_author_once(smtp_server):
    body = body_make()
    official = state_official_make(body=body)
    author = user_make(preferred_language="kk")
    problem = problem_make(author=author, responsible_body=body)
    supporters = [_supporter(problem, language) for language in LANGUAGES]
    services.problem_support(actor=author, problem=problem)  # the author supports too
    withdrawn = _supporter(problem, "kk")
    services.problem_unsupport(actor=withdrawn, problem=problem)

    services.problem_answer(actor=official, problem=problem, text="Пандус построят до июня.")
    outbox_send_pending()

    for person in supporters:
        [message] = _received(smtp_server, person)
        text = message_text(message)
        assert "Пандус построят до июня." in text and _url(problem) in text
        assert problem.reference in _subject(message)
    assert _received(smtp_server, withdrawn) == []
    [to_author] = _received(smtp_server, author)
    assert "support" not in _subject(to_author)  # the author's own e-mail, not the supporters'
    assert _received(smtp_server, official) == []


def test_a_decline_reaches_each_language_group_in_its_language(smtp_server):
    moderator = state_official_make()
    problem = problem_make()
    supporters = {
        language: [_supporter(problem, language) for _ in range(2)] for language in LANGUAGES
    }

    services.problem_transition(
        actor=moderator, problem=problem, action="decline", reason="Не входит в полномочия"
    )
    outbox_send_pending()

    for language, people in supporters.items():
        for person in people:
            [message] = _received(smtp_server, person)
            assert message["To"] == person.email  # nobody sees the other supporters
            text = message_text(message)
            assert f"{_reason_label(language)}: Не входит в полномочия" in text
            assert _url(problem) in text
    assert len({_reason_label(language) for language in LANGUAGES}) == len(LANGUAGES)


def test_already_addressed_tells_the_supporters_with_the_reason(smtp_server):
    moderator = state_official_make()
    problem = problem_make()
    supporter = _supporter(problem, "ru")

    services.problem_transition(
        actor=moderator, problem=problem, action="address", reason="Пандус уже построен"
    )
    outbox_send_pending()

    [message] = _received(smtp_server, supporter)
    assert "Пандус уже построен" in message_text(message)
    assert problem.reference in _subject(message)


def test_accepting_into_a_plan_tells_the_supporters_which_plan(smtp_server):
    body = body_make()
    official = state_official_make(body=body)
    plan = plan_make(body=body, title_ru="План социального заказа акимата")
    lot = lot_make(plan=plan)
    problem = problem_make()
    supporter = _supporter(problem, "ru")

    services.problem_lot_link(actor=official, problem=problem, lot=lot)
    outbox_send_pending()

    [message] = _received(smtp_server, supporter)
    text = message_text(message)
    assert "План социального заказа акимата" in text and _url(problem) in text
    # and the author hears it too, from their own e-mail
    [to_author] = _received(smtp_server, problem.author)
    assert "План социального заказа акимата" in message_text(to_author)
    assert "support" not in _subject(to_author)


def test_accepting_again_by_hand_tells_the_author_and_the_supporters(smtp_server):
    # given a problem accepted by linking a lot, then reopened (the lot stays linked)
    body = body_make()
    official = state_official_make(body=body)
    problem = problem_make(responsible_body=body)
    supporter = _supporter(problem, "ru")
    services.problem_lot_link(actor=official, problem=problem, lot=lot_make(plan_make(body=body)))
    services.problem_transition(
        actor=official, problem=problem, action="reopen", reason="Уточнить."
    )

    # when a moderator accepts it again by hand
    services.problem_transition(
        actor=official, problem=problem, action="accept", reason="Войдёт в план на 2027 год."
    )
    outbox_send_pending()

    # then the author and the supporter hear it, with the reason
    for person in (problem.author, supporter):
        assert "Войдёт в план на 2027 год." in message_text(_received(smtp_server, person)[-1])


def test_a_duplicate_tells_the_supporters_where_the_original_is(smtp_server):
    moderator = state_official_make()
    original = problem_make(title="Нет пандуса у поликлиники")
    duplicate = problem_make()
    supporter = _supporter(duplicate, "kk")

    services.problem_mark_duplicate(
        actor=moderator, problem=duplicate, original=original, reason="Та же поликлиника"
    )
    outbox_send_pending()

    [message] = _received(smtp_server, supporter)
    text = message_text(message)
    assert _url(original) in text and original.reference in text and _url(duplicate) in text
    assert f"{_reason_label('kk')}: Та же поликлиника" in text
    # Supports are not moved: the supporter still supports the duplicate only.
    assert list(Support.objects.filter(user=supporter).values_list("problem", flat=True)) == [
        duplicate.pk
    ]


def test_no_supporter_is_told_of_hiding_a_review_or_a_hidden_problem():
    moderator = state_official_make()
    hidden = problem_make()
    reviewed = problem_make()
    supporters = [_supporter(hidden), _supporter(reviewed)]

    services.problem_transition(actor=moderator, problem=reviewed, action="review")
    services.problem_hide(actor=moderator, problem=hidden, reason="Оскорбления")
    services.problem_transition(actor=moderator, problem=hidden, action="decline", reason="Спам")

    addresses = {address for mail in OutboxEmail.objects.all() for address in mail.to}
    assert addresses.isdisjoint({person.email for person in supporters})
    assert hidden.author.email in addresses  # the author is still told


def _bulk_supporters(problem: Problem, count: int) -> None:
    run = next(_serial)
    people = User.objects.bulk_create(
        [
            User(
                email=f"bulk{run}-{n}@example.org",
                full_name=f"Bulk {n}",
                preferred_language=LANGUAGES[n % len(LANGUAGES)],
            )
            for n in range(count)
        ]
    )
    Support.objects.bulk_create([Support(problem=problem, user=person) for person in people])


def _notify_queries(action: str, count: int) -> int:
    body = body_make()
    official = state_official_make(body=body)
    problem = problem_make(responsible_body=body)
    _bulk_supporters(problem, count)
    OutboxEmail.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        if action == "answer":
            services.problem_answer(actor=official, problem=problem, text="Ответ")
        else:
            services.problem_transition(
                actor=official, problem=problem, action="decline", reason="Нет"
            )
    supporter_mails = [m for m in OutboxEmail.objects.all() if problem.author.email not in m.to]
    assert sorted(m.language for m in supporter_mails) == sorted(LANGUAGES)
    assert sum(len(m.to) for m in supporter_mails) == count
    return len(queries)


@pytest.mark.parametrize("action", ["answer", "decline"])
def test_the_queries_do_not_grow_with_the_supporters(action):
    assert _notify_queries(action, 3) == _notify_queries(action, 300)


def test_the_support_box_tells_a_supporter_about_the_e_mails(client):
    problem = problem_make()
    supporter = _supporter(problem)
    sentence = "withdrawing your support stops these e-mails"

    client.force_login(supporter)
    assert sentence in client.get(_url(problem)).content.decode()
    client.force_login(user_make())
    assert sentence not in client.get(_url(problem)).content.decode()
