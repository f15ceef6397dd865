"""The draw of a lot's experts: who is in the pool, who is excluded and why, the order, the
reviews and e-mails it makes, what it refuses, and that anyone can repeat it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hamkori.accounts.models import MembershipStatus
from hamkori.applications.models import Application, Compliance
from hamkori.core.models import AuditEvent, OutboxEmail
from hamkori.registry.models import Organisation
from hamkori.registry.tests.factories import member_make, organisation_make
from hamkori.reviews.draw import draw
from hamkori.reviews.models import (
    Draw,
    ExpertRelation,
    ExpertStatus,
    RelationKind,
    Review,
    ReviewState,
    Seat,
)
from hamkori.reviews.services import draw_lot
from hamkori.reviews.tests.factories import (
    drawn_call,
    evaluation_make,
    expert_make,
    experts_for,
    reviewing_call,
)

pytestmark = pytest.mark.django_db


def _applicants(call) -> list[Organisation]:
    return [a.organisation for a in Application.objects.filter(call=call).order_by("pk")]


def test_the_draw_seats_the_panel_and_reserves_in_the_published_order():
    # given a call under review with four applications and seven eligible experts
    call = reviewing_call(applications=4)
    evaluation_make(call, panel_size=3, reserve_size=2)
    experts = experts_for(call, 7)

    # when the official draws the lot
    record = draw_lot(actor=call.official, lot=call.lots.get())

    # then the order is the published function of the seed and the pool
    assert record.pool == sorted(e.pk for e in experts)
    assert record.order == draw(record.seed, record.pool, panel=3, reserves=2)
    seats = list(Seat.objects.filter(draw=record).order_by("position"))
    assert [s.expert_id for s in seats] == record.order
    assert [s.is_reserve for s in seats] == [False, False, False, True, True]
    # the panel reviews every compliant application, first declaring
    reviews = Review.objects.filter(call=call)
    assert reviews.count() == 3 * 4
    assert set(reviews.values_list("state", flat=True)) == {ReviewState.DECLARING}
    assert set(reviews.values_list("expert_id", flat=True)) == set(record.order[:3])


def test_the_draw_is_one_audit_event_and_an_email_to_each_panel_expert():
    call = drawn_call(applications=2, panel=3, reserves=1, experts=5)
    record = call.draw

    event = AuditEvent.objects.get(action="reviews.draw.run")
    assert event.changes["seed"] == record.seed
    assert event.changes["pool"] == record.pool
    assert event.changes["order"] == record.order
    recipients = sorted(address for e in OutboxEmail.objects.all() for address in e.to)
    panel = Seat.objects.filter(draw=record, is_reserve=False)
    assert recipients == sorted(s.expert.user.email for s in panel)
    assert all("/reviews/lot/" in e.body for e in OutboxEmail.objects.all())


def test_only_eligible_experts_enter_the_pool():
    call = reviewing_call(applications=1)
    evaluation_make(call, panel_size=1, reserve_size=0)
    eligible = experts_for(call, 1)[0]
    expert_make(areas=("health",))  # another direction
    expert_make(languages=("ru",))  # the call also accepts Kazakh
    expert_make(terms_accepted=False)
    expert_make(status=ExpertStatus.SUSPENDED)
    expert_make(jurisdiction="TJ")

    record = draw_lot(actor=call.official, lot=call.lots.get())

    assert record.pool == [eligible.pk]


def test_members_and_related_experts_are_excluded_before_the_draw_with_the_reason():
    call = reviewing_call(applications=2)
    evaluation_make(call, panel_size=2, reserve_size=0)
    first, second = _applicants(call)
    free, member, related, ended = experts_for(call, 4)
    member_make(first, user=member.user)
    ExpertRelation.objects.create(expert=related, organisation=second, kind=RelationKind.FOUNDER)
    member_make(first, user=ended.user, status=MembershipStatus.ENDED)

    record = draw_lot(actor=call.official, lot=call.lots.get())

    assert record.pool == sorted([free.pk, ended.pk])
    assert record.excluded == [
        {"expert": member.pk, "reason": "membership", "organisation": first.pk},
        {"expert": related.pk, "reason": "relation", "organisation": second.pk},
    ]


def test_a_second_draw_of_the_lot_is_refused():
    call = drawn_call()

    with pytest.raises(ValidationError, match="drawn already"):
        draw_lot(actor=call.official, lot=call.lots.get())
    assert Draw.objects.count() == 1


def test_a_pool_smaller_than_the_panel_is_refused_with_the_numbers():
    call = reviewing_call(applications=1)
    evaluation_make(call, panel_size=3)
    experts_for(call, 2)

    with pytest.raises(ValidationError, match=r"Only 2 experts .* panel of 3"):
        draw_lot(actor=call.official, lot=call.lots.get())
    assert not Draw.objects.exists()


def test_the_draw_waits_for_every_compliance_decision():
    call = reviewing_call(applications=2)
    Application.objects.filter(pk=Application.objects.filter(call=call).first().pk).update(
        compliance=Compliance.PENDING
    )
    experts_for(call, 4)

    with pytest.raises(ValidationError, match="compliance of 1 application"):
        draw_lot(actor=call.official, lot=call.lots.get())


def test_non_compliant_applications_get_no_reviews():
    call = reviewing_call(applications=3)
    rejected = Application.objects.filter(call=call).first()
    Application.objects.filter(pk=rejected.pk).update(compliance=Compliance.NON_COMPLIANT)
    evaluation_make(call)
    experts_for(call, 4)

    draw_lot(actor=call.official, lot=call.lots.get())

    assert not Review.objects.filter(application=rejected).exists()
    assert Review.objects.filter(call=call).count() == 3 * 2


def test_only_the_bodys_officials_draw_and_only_under_review():
    call = reviewing_call(applications=1)
    experts_for(call, 4)
    outsider = member_make(organisation_make())

    with pytest.raises(PermissionDenied):
        draw_lot(actor=outsider, lot=call.lots.get())
    call.state = "closed"
    call.save(update_fields=["state"])
    with pytest.raises(ValidationError, match="review of the call has started"):
        draw_lot(actor=call.official, lot=call.lots.get())


def test_without_an_evaluation_the_rules_set_the_panel():
    call = reviewing_call(applications=1)
    experts_for(call, 6)

    record = draw_lot(actor=call.official, lot=call.lots.get())

    # KZ rules: 3 experts and 3 reserves.
    assert (record.panel_size, record.reserve_size) == (3, 3)
    assert len(record.order) == 6


def test_the_same_seed_and_pool_give_the_same_experts():
    call = drawn_call(experts=8)
    record = call.draw

    assert draw(record.seed, list(reversed(record.pool)), panel=3, reserves=2) == record.order
    assert draw(record.seed, record.pool, panel=3, reserves=2) == record.order


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    experts=st.integers(min_value=3, max_value=9),
    conflicts=st.lists(st.tuples(st.integers(0, 8), st.integers(0, 2), st.booleans()), max_size=8),
)
def test_a_conflicted_expert_is_never_drawn(experts, conflicts):
    with transaction.atomic():
        # given random experts, some members of or related to random applicants
        call = reviewing_call(applications=3)
        evaluation_make(call, panel_size=2, reserve_size=3)
        people = experts_for(call, experts)
        applicants = _applicants(call)
        conflicted = set()
        for who, whom, membership in conflicts:
            if who >= len(people):
                continue
            expert, organisation = people[who], applicants[whom]
            if membership:
                if not expert.user.memberships.filter(organisation=organisation).exists():
                    member_make(organisation, user=expert.user)
            else:
                ExpertRelation.objects.get_or_create(
                    expert=expert, organisation=organisation, kind=RelationKind.OTHER
                )
            conflicted.add(expert.pk)

        # when the lot is drawn (or refused for a small pool)
        try:
            record = draw_lot(actor=call.official, lot=call.lots.get())
        except ValidationError:
            assert experts - len(conflicted) < 2
        else:
            # then nobody conflicted is in the pool, on a seat or reviewing
            assert not conflicted & set(record.pool)
            assert not conflicted & set(record.order)
            assert {e["expert"] for e in record.excluded} == conflicted
            reviewing = set(Review.objects.filter(call=call).values_list("expert_id", flat=True))
            assert not conflicted & reviewing
        transaction.set_rollback(True)


def test_draw_verify_repeats_every_draw(capsys):
    call = drawn_call()

    call_command("draw-verify", call.reference)

    out = capsys.readouterr().out
    assert call.draw.seed in out and "every draw repeats exactly" in out
    call_command("draw-verify", str(call.pk))


def test_draw_verify_fails_on_a_tampered_order():
    call = drawn_call()
    record = call.draw
    record.order = [record.order[1], record.order[0], *record.order[2:]]
    record.save(update_fields=["order"])

    with pytest.raises(CommandError, match="difference"):
        call_command("draw-verify", call.reference)


def test_draw_verify_fails_on_a_swapped_seat():
    call = drawn_call()
    first, reserve = (
        Seat.objects.filter(draw=call.draw, position=1).get(),
        Seat.objects.filter(draw=call.draw, is_reserve=True).order_by("position").first(),
    )
    Seat.objects.filter(pk=first.pk).update(position=99)
    Seat.objects.filter(pk=reserve.pk).update(position=1)
    Seat.objects.filter(pk=first.pk).update(position=reserve.position)

    with pytest.raises(CommandError):
        call_command("draw-verify", call.reference)


def test_draw_verify_of_an_unknown_call_fails():
    with pytest.raises(CommandError, match="no call"):
        call_command("draw-verify", "NOPE-1")
