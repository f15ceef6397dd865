from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def clock(monkeypatch):
    """Set the clock to a local Almaty wall time: clock(2026, 3, 20, 10)."""

    def set_to(*parts):
        moment = datetime(*parts, tzinfo=ALMATY)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return set_to
