"""The fixture sites of tests/sites/: small sites modelled on real mkdocs-material sites, each
with the plugins people combine with Material, and Kursbau added to them.

Each site's mkdocs.yml lists `- kursbau` (with its options indented below it) among its plugins,
its lessons embed checks from `quizzes/`. A test copies a site into a temporary folder in one
of three forms: as written; with the plugin and without any check; without the plugin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from kursbau_testing import run

SITES_DIR = Path(__file__).resolve().parent / "sites"
SITES = sorted(p.name for p in SITES_DIR.iterdir() if (p / "mkdocs.yml").is_file())
EMBED = re.compile(r"^\s*<!--\s*check:.*-->\s*$\n?", re.M)
# a fixed date for the git history, so that git-revision-date pages are the same in every run
GIT_DATE = "2025-01-15T10:00:00+01:00"


def without_plugin(config: str) -> str:
    """mkdocs.yml without the `- kursbau` entry and its indented options."""
    out, skipping, indent = [], False, 0
    for line in config.splitlines(keepends=True):
        stripped = line.lstrip(" ")
        if re.match(r"-\s+kursbau\s*:?\s*$", stripped):
            skipping, indent = True, len(line) - len(stripped)
            continue
        if skipping and line.strip() and len(line) - len(line.lstrip(" ")) > indent + 1:
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def copy_site(name: str, dest: Path, *, checks: bool = True, plugin: bool = True) -> Path:
    """A copy of fixture site `name` in `dest`, in a git repository with one commit."""
    shutil.copytree(SITES_DIR / name, dest)
    if not checks:
        shutil.rmtree(dest / "quizzes", ignore_errors=True)
        for page in dest.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            page.write_text(EMBED.sub("", text), encoding="utf-8")
    if not plugin:
        remove_plugin(dest)
    make_git_repo(dest)
    return dest


def remove_plugin(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(without_plugin(config.read_text(encoding="utf-8")), encoding="utf-8")


def make_git_repo(root: Path) -> None:
    """git-revision-date-localized reads the history of each page."""
    subprocess.run(["git", "init", "-q"], cwd=root, check=True, capture_output=True)
    commit_all(root, "site")


def commit_all(root: Path, message: str) -> None:
    """Commit every file in `root` at GIT_DATE: a page without history gets the time of the
    build from git-revision-date, and would differ in every build."""
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="Kursbau",
        GIT_AUTHOR_EMAIL="dev@kursbau.invalid",
        GIT_COMMITTER_NAME="Kursbau",
        GIT_COMMITTER_EMAIL="dev@kursbau.invalid",
        GIT_AUTHOR_DATE=GIT_DATE,
        GIT_COMMITTER_DATE=GIT_DATE,
    )
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def build(root: Path, *, tool: str = "mkdocs", site: str = "site") -> Path:
    """Build the site in `root` with `mkdocs build` or `kursbau build`; returns the site folder."""
    args = ["build", "--site-dir", site] if tool == "kursbau" else ["build", "-d", site]
    result = run(args, root, tool=tool)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / site


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site with its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
