"""Content that people write in several languages: one column per language, and the value
shown in the reader's language with a sensible fallback."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language

CONTENT_LANGUAGES = ("kk", "ru", "tg", "en")
# Each language named in itself: a field "Name (қазақша)" is recognised by its writer.
LANGUAGE_NAMES = {"kk": "қазақша", "ru": "русский", "tg": "тоҷикӣ", "en": "English"}
# A reader of any language sees Russian next, then English: the languages most often filled.
FALLBACK = ("ru", "en", "kk", "tg")


def pick(values: dict[str, str], language: str | None = None) -> str:
    language = (language or get_language() or "ru")[:2]
    for code in (language, *FALLBACK):
        value = values.get(code)
        if value:
            return value
    return ""


def translated(obj, field: str, language: str | None = None) -> str:
    return pick({code: getattr(obj, f"{field}_{code}", "") for code in CONTENT_LANGUAGES}, language)


def language_fields(field: str) -> list[str]:
    return [f"{field}_{code}" for code in CONTENT_LANGUAGES]


def multilingual_char(verbose: str, max_length: int = 300, **kwargs) -> dict[str, models.Field]:
    """{name_kk: CharField, ...} for a model's class body via locals().update(...)."""
    return {
        code: models.CharField(
            format_lazy("{} ({})", verbose, LANGUAGE_NAMES[code]),
            max_length=max_length,
            blank=True,
            **kwargs,
        )
        for code in CONTENT_LANGUAGES
    }


def multilingual_text(verbose: str, **kwargs) -> dict[str, models.Field]:
    """{description_kk: TextField, ...} for a model's class body via locals().update(...)."""
    return {
        code: models.TextField(
            format_lazy("{} ({})", verbose, LANGUAGE_NAMES[code]), blank=True, **kwargs
        )
        for code in CONTENT_LANGUAGES
    }


# Letters of Kazakh and Tajik folded onto the Russian letters a Russian keyboard types, so
# "Бирге" finds "Бірге" and "Мехр" finds "Меҳр".
_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ҳ": "х",
        "ӣ": "и",
        "ӯ": "у",
        "ҷ": "ч",
        "ё": "е",
    }
)


def fold_for_search(text: str) -> str:
    """Case- and alphabet-insensitive form of a text for substring search."""
    return (text or "").casefold().translate(_FOLD)
