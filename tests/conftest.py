from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the session: the first start builds it (slow)."""
    return tmp_path_factory.mktemp("lo-profile")
