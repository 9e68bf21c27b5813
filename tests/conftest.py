"""Shared fixtures for every test folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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
    # Kursbau keeps scan results in the user's cache, one file per project: the thousands of
    # temporary projects of a run keep theirs in a folder of the run (shared by its builds,
    # also those in subprocesses), not in the home of whoever runs the tests.
    config._kursbau_cache = tempfile.mkdtemp(prefix="kursbau-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._kursbau_cache


def pytest_unconfigure(config):
    folder = getattr(config, "_kursbau_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


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
