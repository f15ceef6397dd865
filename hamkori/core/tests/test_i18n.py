from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from hamkori.core.i18n import pick


@pytest.mark.parametrize(
    ("language", "expected_date", "expected_number"),
    [
        ("kk", "21.03.2026", "1\xa0234\xa0567,50"),
        ("ru", "21.03.2026", "1\xa0234\xa0567,50"),
        ("en", "21.03.2026", "1,234,567.50"),
    ],
)
def test_short_dates_and_numbers_follow_the_language(language, expected_date, expected_number):
    with translation.override(language):
        assert formats.date_format(date(2026, 3, 21), "SHORT_DATE_FORMAT") == expected_date
        assert (
            formats.number_format(Decimal("1234567.5"), 2, use_l10n=True, force_grouping=True)
            == expected_number
        )


def test_kazakh_long_date_uses_the_kazakh_year_abbreviation():
    with translation.override("kk"):
        assert formats.date_format(date(2026, 3, 21)).endswith("2026 ж.")


def test_money_filter_shows_the_currency_sign_with_local_separators():
    template = Template('{{ amount|money:"KZT" }} / {{ amount|money:"TJS" }}')
    with translation.override("kk"):
        rendered = template.render(Context({"amount": Decimal("1500000")}))
    assert rendered == "1\xa0500\xa0000,00\xa0₸ / 1\xa0500\xa0000,00\xa0сомони"


def test_pick_falls_back_to_russian_then_english():
    assert pick({"kk": "", "ru": "Фонд", "en": "Foundation"}, "kk") == "Фонд"
    assert pick({"en": "Foundation"}, "tg") == "Foundation"
    assert pick({"tg": "Фонд"}, "tg") == "Фонд"
    assert pick({}, "en") == ""
