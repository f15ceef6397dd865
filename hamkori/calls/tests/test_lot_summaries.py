"""How lots are summed up on the pages of calls and plans: the call list gives the number of
lots and each area once, a lot over every region of its country says "all regions", and the
region filter offers only the chosen country's regions; all in a constant number of queries."""

from __future__ import annotations

from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamkori.calls.forms import CallFilterForm
from hamkori.calls.models import Instrument
from hamkori.calls.selectors import region_counts
from hamkori.calls.tests.factories import body_make, call_make, lot_make
from hamkori.calls.workflow import CallState
from hamkori.registry.models import Area, Region

pytestmark = pytest.mark.django_db

CHILDREN, HEALTH = "children", "health"


def _kz_regions() -> list[str]:
    return list(Region.objects.filter(jurisdiction_id="KZ").values_list("code", flat=True))


def _call_with(lots: list[tuple[str, list[str]]], **fields):
    """An open call with one lot per (area, regions)."""
    call = call_make(state=CallState.OPEN, lots=0, **fields)
    for area, regions in lots:
        lot_make(plan=call.plan, call=call, area_id=area, regions=regions)
    return call


def _row(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</tr>", start)]


def _area(code: str) -> str:
    return escape(str(Area.objects.get(code=code)))


def _region(code: str) -> str:
    return escape(str(Region.objects.get(code=code)))


def test_call_list_gives_the_number_of_lots_and_each_area_once(client):
    _call_with(
        [(CHILDREN, ["KZ-71"]), (CHILDREN, ["KZ-75"]), (HEALTH, ["KZ-71"])], title_en="Three"
    )

    row = _row(client.get(reverse("calls:call-list")).content.decode(), "Three")

    assert "3 lots" in row
    assert row.count(_area(CHILDREN)) == 1
    assert row.count(_area(HEALTH)) == 1
    assert _region("KZ-71") in row and _region("KZ-75") in row


def test_call_list_says_all_regions_when_the_lots_cover_the_country(client):
    _call_with([(CHILDREN, _kz_regions())], title_en="Everywhere")
    _call_with([(CHILDREN, _kz_regions()[:5])], title_en="Five places")

    page = client.get(reverse("calls:call-list")).content.decode()

    everywhere = _row(page, "Everywhere")
    assert "1 lot" in everywhere and "all regions" in everywhere
    assert _region("KZ-71") not in everywhere
    five = _row(page, "Five places")
    assert "5 regions" in five and "all regions" not in five


def test_call_page_says_all_regions_for_a_lot_over_the_whole_country(client):
    call = _call_with([(CHILDREN, _kz_regions()), (HEALTH, ["KZ-71", "KZ-75"])])
    lots = call.lots.order_by("number")

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    everywhere, two = (_row(page, f"{lot.number}. {lot.title_en}") for lot in lots)
    assert "all regions" in everywhere and _region("KZ-71") not in everywhere
    assert _region("KZ-71") in two and _region("KZ-75") in two and "all regions" not in two


def test_plan_page_says_all_regions_for_a_lot_over_the_whole_country(client):
    call = _call_with([(CHILDREN, _kz_regions())])
    lot = call.lots.get()

    page = client.get(reverse("calls:plan-detail", args=[call.plan_id])).content.decode()

    row = _row(page, f"{lot.number}. {lot.title_en}")
    assert "all regions" in row and _region("KZ-71") not in row


def test_all_regions_is_judged_against_the_lots_own_country(client):
    # Tajikistan has 5 regions, Kazakhstan 20: five regions are all of the one, not the other.
    tajik = list(Region.objects.filter(jurisdiction_id="TJ").values_list("code", flat=True))
    call = call_make(body=body_make("TJ"), instrument=Instrument.SSO, lots=0)
    lot = lot_make(plan=call.plan, call=call, instrument=Instrument.SSO, regions=tajik)

    page = client.get(reverse("calls:call-detail", args=[call.pk])).content.decode()

    assert region_counts() == {"KZ": len(_kz_regions()), "TJ": len(tajik)}
    assert "all regions" in _row(page, f"{lot.number}. {lot.title_en}")


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_regions_and_areas_cost_no_query_per_row(client):
    regions = _kz_regions()
    _call_with([(CHILDREN, regions), (HEALTH, regions[:3])])
    small_list = _count(client, reverse("calls:call-list"))
    one_lot = _call_with([(CHILDREN, regions[:2])])
    small_detail = _count(client, reverse("calls:call-detail", args=[one_lot.pk]))

    for _ in range(25):
        _call_with([(CHILDREN, regions), (HEALTH, regions[:3]), (HEALTH, regions[4:9])])
    many_lots = _call_with([(CHILDREN, regions)] + [(HEALTH, regions[:i]) for i in range(2, 9)])

    assert _count(client, reverse("calls:call-list")) == small_list
    assert _count(client, reverse("calls:call-detail", args=[many_lots.pk])) == small_detail


def _region_options(html: str) -> set[str]:
    start = html.index('id="region-filter"')
    block = html[start : html.index("</select>", start)]
    return {code for code in Region.objects.values_list("code", flat=True) if f'"{code}"' in block}


def test_region_filter_offers_all_regions_until_a_country_is_chosen():
    codes = {code for code, _label in CallFilterForm().fields["region"].choices if code}
    tj = {code for code, _label in CallFilterForm({"jurisdiction": "TJ"}).fields["region"].choices}

    assert codes == set(Region.objects.values_list("code", flat=True))
    assert tj - {""} == set(
        Region.objects.filter(jurisdiction_id="TJ").values_list("pk", flat=True)
    )


def test_region_filter_offers_only_the_chosen_countrys_regions_without_javascript(client):
    page = client.get(reverse("calls:call-list"), {"jurisdiction": "TJ"}).content.decode()

    assert _region_options(page) == set(
        Region.objects.filter(jurisdiction_id="TJ").values_list("code", flat=True)
    )


def test_a_region_of_the_other_country_is_dropped_not_reported(client):
    _call_with([(CHILDREN, ["KZ-71"])], title_en="Almaty call")

    form = CallFilterForm({"jurisdiction": "TJ", "region": "KZ-71"})
    page = client.get(
        reverse("calls:call-list"), {"jurisdiction": "KZ", "region": "TJ-DU"}
    ).content.decode()

    assert form.filters() == {"jurisdiction": "TJ"}
    assert form.errors == {}
    assert "Almaty call" in page  # the KZ call is listed: the Tajik region no longer filters
    assert 'class="error"' not in page


def test_htmx_change_of_country_re_renders_the_region_filter_out_of_band(client):
    response = client.get(
        reverse("calls:call-list"),
        {"jurisdiction": "KZ", "region": "TJ-DU"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "<html" not in html and "found" in html
    assert 'id="region-filter" hx-swap-oob="true"' in html
    assert _region_options(html) == set(_kz_regions())
    region_block = html[html.index('id="region-filter"') :].split("</select>")[0]
    assert '<option value="" selected>' in region_block
