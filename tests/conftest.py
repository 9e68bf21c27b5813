"""Shared fixtures for every test folder."""

from __future__ import annotations

import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from kursbau_testing import CHROMIUM, tiny_course


def pytest_report_header(config):
    """The browser versions every run used (only the root conftest can add to the header)."""
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30)
        chromium = out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        chromium = "not found"
    return [
        f"playwright {version('playwright')}, pytest-playwright {version('pytest-playwright')}",
        f"browser: {chromium} ({CHROMIUM})",
    ]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return tiny_course(tmp_path / "kurs")
