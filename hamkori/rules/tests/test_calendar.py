"""Working-day arithmetic across weekends, holidays, moved days and year ends; local times."""

from datetime import UTC, date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamkori.rules.models import CalendarDay
from hamkori.rules.selectors import (
    CalendarNotCovered,
    calendar_for,
    local_datetime,
    working_days_add,
    working_days_between,
)


@pytest.mark.parametrize(
    "code, start, days, expected",
    [
        # 31 Dec 2025 (Wed) + 1: 1–2 Jan holidays, 3–4 Jan weekend
        ("KZ", date(2025, 12, 31), 1, date(2026, 1, 5)),
        # Friday + 1 skips the weekend
        ("KZ", date(2026, 4, 3), 1, date(2026, 4, 6)),
        # Nauryz 2026: 21–23 March and the days off moved to 24–25 March
        ("KZ", date(2026, 3, 20), 1, date(2026, 3, 26)),
        # 2025: Friday 3 January a moved day off, Sunday 5 January a working day
        ("KZ", date(2025, 1, 2), 1, date(2025, 1, 5)),
        ("KZ", date(2025, 1, 2), 2, date(2025, 1, 6)),
        # Kurban Ait 27 May 2026 (Wednesday)
        ("KZ", date(2026, 5, 26), 1, date(2026, 5, 28)),
        # 10 working days from 2 March 2026: 9 March is the moved day off of 8 March
        ("KZ", date(2026, 3, 2), 10, date(2026, 3, 17)),
        # Tajikistan: Navruz 2026, days off 20–29 March, Saturday 14 March worked
        ("TJ", date(2026, 3, 13), 1, date(2026, 3, 14)),
        ("TJ", date(2026, 3, 19), 1, date(2026, 3, 30)),
        # TJ 31 Dec 2025 + 1: 1 January holiday, 2 January a moved day off, weekend
        ("TJ", date(2025, 12, 31), 1, date(2026, 1, 5)),
        # zero days: the day itself if working, else the next working day
        ("KZ", date(2026, 1, 1), 0, date(2026, 1, 5)),
        ("KZ", date(2026, 1, 5), 0, date(2026, 1, 5)),
    ],
)
def test_working_days_add(reference_data, code, start, days, expected):
    assert working_days_add(code, start, days) == expected


def test_working_days_between_counts_after_start_up_to_end(reference_data):
    assert working_days_between("KZ", date(2025, 12, 31), date(2026, 1, 5)) == 1
    assert working_days_between("KZ", date(2026, 3, 20), date(2026, 3, 26)) == 1
    assert working_days_between("KZ", date(2026, 1, 5), date(2026, 1, 5)) == 0
    assert working_days_between("KZ", date(2026, 1, 9), date(2026, 1, 5)) == 0


def test_outside_the_loaded_years_the_calendar_refuses(reference_data):
    with pytest.raises(CalendarNotCovered):
        working_days_add("KZ", date(2027, 12, 30), 5)
    with pytest.raises(CalendarNotCovered):
        working_days_add("KZ", date(2024, 12, 30), 1)
    with pytest.raises(CalendarNotCovered):
        working_days_between("TJ", date(2024, 12, 1), date(2025, 1, 10))


def test_a_changed_day_is_seen_at_once(reference_data):
    # given a working Tuesday, when the government declares it a day off, then deadlines move
    assert working_days_add("KZ", date(2026, 4, 6), 1) == date(2026, 4, 7)
    CalendarDay.objects.create(
        jurisdiction_id="KZ",
        date=date(2026, 4, 7),
        kind="day_off",
        evidence="unverified",
        reference="test",
    )
    assert working_days_add("KZ", date(2026, 4, 6), 1) == date(2026, 4, 8)


def test_a_loaded_calendar_can_be_reused_without_queries(reference_data, django_assert_num_queries):
    calendar = calendar_for("KZ")
    with django_assert_num_queries(0):
        for day in range(1, 28):
            working_days_add(calendar, date(2026, 2, day), 3)


def test_local_datetime_is_an_aware_almaty_time(reference_data):
    deadline = local_datetime("KZ", date(2026, 3, 2), time(18, 30))
    assert deadline.tzinfo is not None
    assert deadline.utcoffset() == timedelta(hours=5)
    assert deadline.astimezone(UTC).replace(tzinfo=None).isoformat() == "2026-03-02T13:30:00"
    assert local_datetime("TJ", date(2026, 3, 2), time(18, 30)).utcoffset() == timedelta(hours=5)


@pytest.mark.parametrize("code", ["KZ", "TJ"])
def test_working_day_arithmetic_properties(reference_data, code):
    # The calendar is read once; the property is checked on it for many dates and counts.
    calendar = calendar_for(code)

    @settings(max_examples=200, deadline=None)
    @given(
        start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 9, 30)),
        n=st.integers(min_value=1, max_value=40),
    )
    def check(start, n):
        result = working_days_add(calendar, start, n)
        # the result is a working day after the start
        assert calendar.is_working_day(result)
        assert result > start
        # strictly increasing in n
        assert working_days_add(calendar, start, n + 1) > result
        # the working days after start up to the result are exactly n
        assert working_days_between(calendar, start, result) == n
        # n = 0 rolls a day off forward to the next working day, which is also where
        # n = 1 lands; a working day stays where it is
        rolled = working_days_add(calendar, start, 0)
        assert calendar.is_working_day(rolled) and rolled >= start
        assert (rolled == start) == calendar.is_working_day(start)
        assert (rolled == working_days_add(calendar, start, 1)) != calendar.is_working_day(start)

    check()
