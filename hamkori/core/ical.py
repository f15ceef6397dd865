"""A small iCalendar (RFC 5545) writer for feeds of meetings and sessions.

Only what a published calendar needs: VCALENDAR with VEVENTs, times in UTC (`...Z`) so no
VTIMEZONE is required, text escaped (RFC 5545 §3.3.11), content lines folded at 75 octets without
splitting a UTF-8 character (§3.1), CRLF line ends. Written here rather than taken from a library
because it is this small (STYLE.md, dependencies are few)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone

PRODUCT_ID = "-//Hamkori//Hamkori//EN"
CRLF = "\r\n"
# RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75


@dataclass(frozen=True)
class IcalEvent:
    """One event. `uid` must be globally unique and stable (e.g. "meeting-12@hamkori");
    `starts_at`/`ends_at` are aware datetimes."""

    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""


def ical_escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks (§3.3.11)."""
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def ical_datetime(value: datetime) -> str:
    """A DATE-TIME in UTC form ("20260301T050000Z"); naive datetimes are refused."""
    if timezone.is_naive(value):
        raise ValueError("iCalendar times must be aware datetimes")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets; continuation lines begin with a
    space, which counts toward their 75. Never splits a multi-byte UTF-8 character."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _property(name: str, value: str) -> str:
    return ical_fold(f"{name}:{value}") + CRLF


def calendar_ics(name: str, events: Iterable[IcalEvent], *, now: datetime | None = None) -> str:
    """The text of a calendar called `name` with `events`; `now` is the DTSTAMP (default: now)."""
    stamp = ical_datetime(now or timezone.now())
    parts = [
        _property("BEGIN", "VCALENDAR"),
        _property("VERSION", "2.0"),
        _property("PRODID", PRODUCT_ID),
        _property("CALSCALE", "GREGORIAN"),
        _property("METHOD", "PUBLISH"),
        _property("X-WR-CALNAME", ical_escape(name)),
    ]
    for event in events:
        parts += [
            _property("BEGIN", "VEVENT"),
            _property("UID", ical_escape(event.uid)),
            _property("DTSTAMP", stamp),
            _property("DTSTART", ical_datetime(event.starts_at)),
            _property("DTEND", ical_datetime(event.ends_at)),
            _property("SUMMARY", ical_escape(event.summary)),
        ]
        if event.description:
            parts.append(_property("DESCRIPTION", ical_escape(event.description)))
        if event.location:
            parts.append(_property("LOCATION", ical_escape(event.location)))
        if event.url:
            # URL is of type URI, not TEXT: it is not escaped (§3.8.4.6).
            parts.append(_property("URL", event.url))
        parts.append(_property("END", "VEVENT"))
    parts.append(_property("END", "VCALENDAR"))
    return "".join(parts)


def calendar_response(
    name: str, events: Iterable[IcalEvent], *, filename: str = "calendar.ics"
) -> HttpResponse:
    """An HTTP response with the calendar, for a feed view."""
    response = HttpResponse(calendar_ics(name, events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def ical_unfold(text: str) -> list[str]:
    """The logical content lines of a calendar text (the reverse of folding), for tests and
    for reading a feed back."""
    return text.replace(CRLF + " ", "").replace(CRLF + "\t", "").split(CRLF)[:-1]


def ical_unescape(value: str) -> str:
    """The reverse of `ical_escape`."""
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append("\n" if following in ("n", "N") else following)
        else:
            out.append(char)
    return "".join(out)
