from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Receipts and photos go to a throw-away directory.
    settings.MEDIA_ROOT = tmp_path / "files"
