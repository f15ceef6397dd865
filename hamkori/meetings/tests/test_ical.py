"""The iCalendar writer: escaping, UTF-8-safe folding at 75 octets, CRLF, reading it back."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from hamkori.core.ical import (
    IcalEvent,
    calendar_ics,
    calendar_response,
    ical_escape,
    ical_fold,
    ical_unescape,
    ical_unfold,
)

ALMATY = ZoneInfo("Asia/Almaty")


def _event(**fields) -> IcalEvent:
    values = {
        "uid": "meeting-1@hamkori",
        "starts_at": datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY),
        "ends_at": datetime(2026, 3, 2, 12, 30, tzinfo=ALMATY),
        "summary": "Meeting",
    }
    values.update(fields)
    return IcalEvent(**values)


def _properties(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in ical_unfold(text):
        name, _, value = line.partition(":")
        found.setdefault(name, []).append(value)
    return found


def test_every_line_ends_with_crlf_and_fits_75_octets():
    summary = "Қоғамдық кеңестің отырысы: бюджеттік бағдарламалардың жобаларын талқылау " * 3
    description = "Ҷаласаи Шӯрои ҷамъиятӣ" * 9
    text = calendar_ics("Кеңес", [_event(summary=summary, description=description)])

    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert max(len(line.encode()) for line in lines) <= 75
    # Folded continuation lines start with one space and every line is valid UTF-8 on its own.
    assert any(line.startswith(" ") for line in lines)
    for line in lines:
        line.encode().decode("utf-8")


def test_folding_never_splits_a_cyrillic_character():
    line = "SUMMARY:" + "ә" * 100  # two octets each: 8 + 200 octets

    folded = ical_fold(line)

    pieces = folded.split("\r\n")
    assert len(pieces[0].encode()) <= 75 and len(pieces[0].encode()) >= 74
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "".join([pieces[0]] + [piece[1:] for piece in pieces[1:]]) == line


def test_short_line_is_not_folded():
    assert ical_fold("SUMMARY:short") == "SUMMARY:short"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a,b", "a\\,b"),
        ("a;b", "a\\;b"),
        ("a\\b", "a\\\\b"),
        ("line 1\nline 2", "line 1\\nline 2"),
        ("line 1\r\nline 2", "line 1\\nline 2"),
    ],
)
def test_text_is_escaped_and_unescaped(raw, escaped):
    assert ical_escape(raw) == escaped
    assert ical_unescape(escaped) == raw.replace("\r\n", "\n")


def test_calendar_reads_back_with_utc_times_and_stamp():
    stamp = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
    description = "Күн тәртібі; 1) есеп, 2) ұсыныстар\nАшық отырыс \\ тіркеу"
    text = calendar_ics(
        "Public council, Almaty",
        [
            _event(description=description, location="Алматы, Абай д-лы 1", url="https://x.kz/m/1"),
            _event(uid="meeting-2@hamkori", summary="Second"),
        ],
        now=stamp,
    )

    found = _properties(text)
    assert found["BEGIN"] == ["VCALENDAR", "VEVENT", "VEVENT"]
    assert found["END"] == ["VEVENT", "VEVENT", "VCALENDAR"]
    assert found["VERSION"] == ["2.0"]
    assert found["X-WR-CALNAME"] == ["Public council\\, Almaty"]
    assert found["UID"] == ["meeting-1@hamkori", "meeting-2@hamkori"]
    assert found["DTSTAMP"] == ["20260201T080000Z", "20260201T080000Z"]
    # 10:00 in Almaty (UTC+5) is 05:00 UTC.
    assert found["DTSTART"] == ["20260302T050000Z", "20260302T050000Z"]
    assert found["DTEND"] == ["20260302T073000Z", "20260302T073000Z"]
    assert ical_unescape(found["DESCRIPTION"][0]) == description
    assert ical_unescape(found["LOCATION"][0]) == "Алматы, Абай д-лы 1"
    assert found["URL"] == ["https://x.kz/m/1"]
    # The second event has no description, location or address: none is written for it.
    assert len(found["DESCRIPTION"]) == len(found["LOCATION"]) == len(found["URL"]) == 1


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        calendar_ics("x", [_event(starts_at=datetime(2026, 3, 2, 10, 0))])


def test_response_is_text_calendar_utf8():
    response = calendar_response("Кеңес", [_event(summary="Отырыс")], filename="kz.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "kz.ics" in response["Content-Disposition"]
    assert "SUMMARY:Отырыс\r\n" in response.content.decode()
