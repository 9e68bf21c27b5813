"""A pip-installed Kursbau (not only this checkout) ships every browser file it builds with,
the offline worker shim included: no npm, no CDN."""

from __future__ import annotations

import fnmatch

import tomllib

from kursbau_testing import ROOT


def test_every_asset_file_is_package_data():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["generator"]
    package = ROOT / "generator"
    assets = [
        p.relative_to(package).as_posix() for p in (package / "assets").rglob("*") if p.is_file()
    ]
    assert "assets/offline/iframe-worker.js" in assets
    missing = [
        a
        for a in assets
        if not any(
            fnmatch.fnmatchcase(a, pat) and a.count("/") == pat.count("/") for pat in patterns
        )
    ]
    assert missing == []
