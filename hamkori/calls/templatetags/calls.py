from datetime import datetime

from django import template
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats

from hamkori.calls import selectors
from hamkori.calls.models import Call, DocumentKind, Lot
from hamkori.rules.selectors import local_zone

register = template.Library()


def _value(call: Call, field: str, value) -> str:
    if value in (None, ""):
        return "—"
    if field.endswith("_at"):
        try:
            moment = datetime.fromisoformat(str(value)).astimezone(local_zone(call.jurisdiction_id))
        except ValueError:
            return str(value)
        return formats.date_format(moment, "DATETIME_FORMAT")
    if field == "languages":
        return ", ".join(language_names(value))
    return str(value)


@register.filter
def amendment_rows(amendment) -> list[tuple[str, str, str]]:
    """(what, before, after) of an amendment in words and the call's local time."""
    call = amendment.call
    rows = []
    for field, (old, new) in amendment.changes.items():
        try:
            label = str(Call._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            label = field
        rows.append((label, _value(call, field, old), _value(call, field, new)))
    return rows


@register.filter
def language_names(codes) -> list[str]:
    """Language codes as each language's own name: ["kk", "ru"] → ["Қазақша", "Русский"]."""
    native = dict(settings.LANGUAGES)
    return [native.get(code, code) for code in codes or []]


@register.filter
def document_kinds(kinds) -> str:
    """Accepted file types in words: ["pdf", "image"] → "PDF, image (PNG, JPEG)"."""
    labels = dict(DocumentKind.choices)
    return ", ".join(str(labels.get(kind, kind)) for kind in kinds or [])


@register.simple_tag
def covers_all_regions(lot: Lot, jurisdiction: str, counts: dict[str, int]) -> bool:
    """{% covers_all_regions lot call.jurisdiction_id region_counts as everywhere %}"""
    return selectors.covers_all_regions(lot, jurisdiction, counts)


@register.simple_tag
def lots_summary(call: Call, counts: dict[str, int]) -> selectors.LotsSummary:
    """{% lots_summary call region_counts as summary %}: count, areas and regions of the
    call's lots for one row of the list."""
    return selectors.lots_summary(call, counts)
