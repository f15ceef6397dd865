from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import number_format

from hamkori.core import i18n

register = template.Library()

# "сом." alone would read as the Kyrgyz som; the somoni is written out.
CURRENCY_SIGNS = {"KZT": "₸", "TJS": "сомонӣ"}


@register.filter
def tr(obj, field: str) -> str:
    """{{ organisation|tr:"name" }}: the field in the reader's language, with fallback."""
    if obj is None:
        return ""
    return i18n.translated(obj, field)


@register.filter
def money(amount, currency: str = "") -> str:
    """{{ amount|money:"KZT" }} with the locale's separators and the currency sign."""
    if amount is None or amount == "":
        return ""
    value = number_format(Decimal(amount), decimal_pos=2, use_l10n=True, force_grouping=True)
    sign = CURRENCY_SIGNS.get(currency, currency)
    return f"{value}\xa0{sign}".strip()


@register.simple_tag
def native_languages() -> list[tuple[str, str]]:
    """The interface languages, each named in itself (a reader looking for their language
    must recognise it whatever the page's current language)."""
    return list(settings.LANGUAGES)
