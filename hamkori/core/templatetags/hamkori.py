from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import pgettext

from hamkori.core import i18n

register = template.Library()

CURRENCY_SIGNS = {"KZT": "₸"}


def currency_sign(currency: str) -> str:
    # "сом." alone would read as the Kyrgyz som; the somoni is written out, in each language.
    if currency == "TJS":
        return pgettext("currency", "somoni")
    return CURRENCY_SIGNS.get(currency, currency)


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
    sign = currency_sign(currency)
    return f"{value}\xa0{sign}".strip()


@register.simple_tag
def native_languages() -> list[tuple[str, str]]:
    """The interface languages, each named in itself (a reader looking for their language
    must recognise it whatever the page's current language)."""
    return list(settings.LANGUAGES)


@register.filter
def action_label(code: str) -> str:
    """An audit action in words, or its code when no label is known."""
    from hamkori.core.audit_labels import ACTION_LABELS

    return str(ACTION_LABELS.get(code, code))


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:code }}: the value for a key, or the key itself."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
