"""The draw (reviews/draw.py): anyone with the published seed and pool gets the same list."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from hamkori.reviews.draw import draw, draw_order, new_seed

seeds = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)
pools = st.sets(st.integers(min_value=1, max_value=10**6), max_size=40)


@settings(max_examples=200, deadline=None)
@given(seeds, pools, st.randoms(use_true_random=False))
def test_the_same_seed_and_pool_give_the_same_order_whatever_the_pool_order(seed, pool, rnd):
    listed = list(pool)
    rnd.shuffle(listed)

    assert draw_order(seed, listed) == draw_order(seed, sorted(pool))


@settings(max_examples=200, deadline=None)
@given(seeds, pools, st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=10))
def test_the_draw_is_the_head_of_the_order_and_only_from_the_pool(seed, pool, panel, reserves):
    drawn = draw(seed, pool, panel=panel, reserves=reserves)

    assert drawn == draw_order(seed, pool)[: panel + reserves]
    assert len(drawn) == min(len(pool), panel + reserves)
    assert len(set(drawn)) == len(drawn)
    assert set(drawn) <= pool


def test_the_order_is_the_pool_sorted_by_the_published_hash():
    # What a person repeating the draw by hand computes.
    seed = "ab" * 32
    pool = [7, 3, 11, 5]
    by_hand = sorted(pool, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())

    assert draw_order(seed, pool) == by_hand


def test_seeds_are_fresh_and_long():
    seeds_drawn = {new_seed() for _ in range(50)}

    assert len(seeds_drawn) == 50
    assert all(len(s) == 64 for s in seeds_drawn)


def test_different_seeds_usually_give_different_orders():
    pool = list(range(1, 31))

    orders = {tuple(draw_order(new_seed(), pool)) for _ in range(20)}

    assert len(orders) == 20
