"""Shared fixtures for every test folder."""

from __future__ import annotations

import os
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

import kursbau_testing
from kursbau_testing import CHROMIUM, tiny_course


def pytest_addoption(parser):
    parser.addoption(
        "--allow-missing",
        action="store_true",
        help="skip tests whose tools (WeasyPrint, poppler, ../shared) are missing instead of"
        " failing them; ignored under KURSBAU_REQUIRE_ALL=1 (CI)",
    )


def pytest_configure(config):
    required = os.environ.get("KURSBAU_REQUIRE_ALL") == "1"
    kursbau_testing.ALLOW_MISSING = config.getoption("allow_missing") and not required


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
