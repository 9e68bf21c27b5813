"""A site without a single check pays (almost) nothing for the plugin: its pages come out as
plain MkDocs makes them, nothing is added to the site, and the check models, the compiler and
the renderer are never loaded. What is guarded here is the work done, not a time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kursbau_testing import ROOT, write

YML = """\
site_name: Ohne Checks
docs_dir: content
theme:
  name: material
  language: de
  font: false
  features: [navigation.prune, navigation.footer]
plugins:
  - search
{plugin}"""
LESSONS = {
    "content/index.md": "# Start\n\nWillkommen.\n",
    "content/teil-1/eins.md": "# Eins\n\nText mit [Link](zwei.md) und **Fett**.\n",
    "content/teil-1/zwei.md": "# Zwei\n\n<!-- ein Kommentar -->\n\n```md\n<!-- check: x -->\n```\n",
    "content/teil-2/drei.md": "# Drei\n\n![Bild](bild.png)\n",
    "content/teil-2/bild.png": b"\x89PNG\r\n\x1a\n",
}
# Builds with plain MkDocs in a fresh interpreter and says which of Kursbau's modules it loaded.
BUILD = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", site_dir=sys.argv[1]))
loaded = ("generator", "pydantic", "ada_url", "selectolax", "tinycss2")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(loaded))))
"""


def build(root: Path, site: Path) -> list[str]:
    env = {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", BUILD, str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_site_without_checks_comes_out_as_plain_mkdocs_makes_it(tmp_path: Path):
    plain, kursbau = tmp_path / "plain", tmp_path / "kursbau"
    write(plain, {"mkdocs.yml": YML.format(plugin=""), **LESSONS})
    write(kursbau, {"mkdocs.yml": YML.format(plugin="  - kursbau\n"), **LESSONS})
    build(plain, tmp_path / "plain-site")
    loaded = build(kursbau, tmp_path / "kursbau-site")

    expected = files_of(tmp_path / "plain-site")
    built = files_of(tmp_path / "kursbau-site")
    assert sorted(built) == sorted(expected), "no file added (no assets, no host files)"
    label = b'role="dialog" aria-label="Suche"'  # the theme's search box gets a name
    for path, content in expected.items():
        if path.endswith(".html"):
            assert built[path].replace(label, b'role="dialog"') == content, path
        elif path != "sitemap.xml.gz":  # gzip stamps the time
            assert built[path] == content, path

    heavy = {"pydantic", "generator.core.models", "generator.core.compile", "generator.render"}
    heavy |= {"ada_url", "selectolax", "tinycss2"}  # the parsers of the scans: no page is read
    assert not heavy & set(loaded), sorted(heavy & set(loaded))
    assert "generator.mkdocs_adapter.plugin" in loaded
