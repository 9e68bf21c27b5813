"""Shared fixtures for every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursbau_testing import tiny_course


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return tiny_course(tmp_path / "kurs")
