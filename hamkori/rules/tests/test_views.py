"""The public comparison page and the holiday calendars."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.rules.models import RuleParameter

COMPARE = reverse("rules:compare")


def test_compare_shows_both_jurisdictions_with_values_tags_and_references(client, reference_data):
    response = client.get(COMPARE, {"on": "2026-06-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kazakhstan" in html and "Tajikistan" in html
    assert "Monthly calculation index (MRP)" in html
    assert "4,325" in html and "KZT" in html
    # the tags are visible words, not only colours
    assert "verified" in html and "secondary source" in html and "unverified default" in html
    assert "Order No 144-НҚ of 07.04.2025" in html
    # units read as words and shares as percentages
    assert "10 working days" in html
    assert "10\xa0%" in html
    assert "March 31" in html  # the annual-report deadline as a month and day
    # a key Tajikistan does not have is shown as such
    assert "not set" in html


def test_compare_on_an_earlier_date_shows_the_rules_then(client, reference_data):
    html = client.get(COMPARE, {"on": "2023-06-01"}).content.decode()
    assert "3,450" in html and "4,325" not in html
    # grant bands of Order 144-НҚ start on 1 July 2025
    assert "Short-term grant: minimum amount" not in html


def test_compare_with_a_bad_date_explains_and_shows_today(client, reference_data):
    response = client.get(COMPARE, {"on": "2026-02-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a real date as YYYY-MM-DD" in html
    assert "Monthly calculation index (MRP)" in html


def test_compare_htmx_request_gets_the_table_only(client, reference_data):
    response = client.get(COMPARE, {"on": "2026-06-01"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Monthly calculation index (MRP)" in html
    assert "<html" not in html


def test_compare_page_speaks_the_readers_language(client, reference_data):
    html = client.get(
        COMPARE, {"on": "2026-06-01"}, headers={"accept-language": "ru"}
    ).content.decode()
    assert "Месячный расчётный показатель (МРП)" in html


def _compare_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(COMPARE, {"on": "2026-06-01"}).status_code == 200
    return len(ctx.captured_queries)


def test_compare_query_count_does_not_grow_with_rows(client, reference_data):
    # given the page's query count with the loaded rules
    before = _compare_queries(client)
    # when many more rows are added (history and keys unknown to the catalogue)
    RuleParameter.objects.bulk_create(
        [
            RuleParameter(
                jurisdiction_id=code,
                key=f"test.extra_{i}",
                valid_from=date(2020 + i % 5, 1, 1),
                value=i,
                unit="days",
                evidence="unverified",
                reference="test",
                label_en=f"Extra {i}",
            )
            for i in range(60)
            for code in ("KZ", "TJ")
        ]
    )
    # then the page runs the same number of queries
    assert _compare_queries(client) == before
    assert "Extra 59" in client.get(COMPARE, {"on": "2026-06-01"}).content.decode()


def test_calendar_page_lists_the_years_holidays(client, reference_data):
    response = client.get(reverse("rules:calendar", args=["KZ", 2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nauryz" in html and "Kurban Ait" in html and "Day off moved" in html
    assert "2026-05-27" in html
    assert "2025-06-06" not in html  # another year's Kurban Ait


def test_calendar_page_shows_moved_working_days(client, reference_data):
    html = client.get(reverse("rules:calendar", args=["TJ", 2026])).content.decode()
    assert "2026-03-14" in html and "working day (moved)" in html


@pytest.mark.parametrize("code, year", [("XX", 2026), ("KZ", 2030), ("TJ", 2024)])
def test_calendar_page_is_404_for_unknown_or_unloaded(client, reference_data, code, year):
    assert client.get(reverse("rules:calendar", args=[code, year])).status_code == 404
