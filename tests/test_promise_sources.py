"""Issue 10, "sources are never written": an output folder that is, contains or lies inside the
sources is refused before anything happens; killed builds leave nothing behind for long; the site
gets ordinary permissions; file-system trouble is one line with the path and what to do."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kursbau_testing import ROOT, SAFETY_NET, run, tiny_course, write


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _with_config(course: Path, extra: str) -> None:
    config = (course / "mkdocs.yml").read_text("utf-8")
    (course / "mkdocs.yml").write_text(config + extra, "utf-8")


@pytest.mark.parametrize(
    ("site_dir", "why"),
    [
        (".", "it is the course folder itself"),
        ("..", "it contains the course folder"),
        ("content", "it is the folder of your lessons (content/)"),
        ("content/site", "it lies inside the folder of your lessons (content/)"),
        ("quizzes", "it is the folder of your checks (quizzes/)"),
        ("quizzes/modul-1", "it lies inside the folder of your checks (quizzes/)"),
        ("overrides", "it is the folder of your theme overrides (overrides/)"),
        ("mkdocs.yml", "it is a file"),
    ],
)
def test_site_dir_on_the_command_line_may_not_touch_the_sources(
    tmp_path: Path, site_dir: str, why: str
):
    course = tiny_course(tmp_path / "kurs")
    write(course, {"overrides/main.html": '{% extends "base.html" %}\n'})
    config = (course / "mkdocs.yml").read_text("utf-8")
    (course / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
        "utf-8",
    )
    before = snapshot(tmp_path)
    result = run(["build", "--site-dir", site_dir], course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.startswith(f"kursbau: --site-dir {site_dir}: ") and "\n" not in line, line
    assert why.replace("it is a file", "is a file, not a folder") in line or why in line
    assert "Nothing was changed" in line
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in course.iterdir()) == [
        "content",
        "mkdocs.yml",
        "overrides",
        "quizzes",
    ]


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ("site_dir: quizzes", "it is the folder of your checks (quizzes/)"),
        ("site_dir: quizzes/neu", "it lies inside the folder of your checks"),
        ("site_dir: ..", "should not be within the 'site_dir'"),  # MkDocs' own check
    ],
)
def test_site_dir_in_mkdocs_yml_is_refused_with_its_line(
    tmp_path: Path, tool: str, setting: str, why: str
):
    course = tiny_course(tmp_path / "kurs")
    _with_config(course, setting + "\n")
    line = (course / "mkdocs.yml").read_text("utf-8").count("\n")
    before = snapshot(tmp_path)
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    if "should not" not in why:  # else MkDocs' own check found it
        assert f"mkdocs.yml:{line}:1: site_dir " in output, output
    assert why in output, output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("trainer_dir", "why"),
    [
        ("site/trainer", "it lies inside the site, which is published"),
        ("content/trainer", "it lies inside the folder of your lessons"),
        ("quizzes", "it is the folder of your checks"),
        (".", "it is the course folder itself"),
    ],
)
@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_the_trainer_edition_never_goes_into_the_site_or_the_sources(
    tmp_path: Path, trainer_dir: str, why: str, tool: str
):
    course = tiny_course(tmp_path / "kurs")
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "      course: testkurs\n",
        f"      course: testkurs\n      handouts:\n        enabled: true\n"
        f"        trainer_dir: {trainer_dir}\n",
    )
    (course / "mkdocs.yml").write_text(config, "utf-8")
    before = snapshot(tmp_path)
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"mkdocs.yml:14:9: trainer_dir {course.resolve() / trainer_dir}" in output, output
    assert why in output
    assert snapshot(tmp_path) == before


def test_a_folder_of_other_files_is_not_replaced_by_a_site(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    write(tmp_path, {"Dokumente/brief.txt": "Mein Brief\n"})
    result = run(["build", "--site-dir", str(tmp_path / "Dokumente")], course)
    assert result.returncode == 1
    assert "holds files but no built site" in result.stderr
    assert (tmp_path / "Dokumente" / "brief.txt").read_text("utf-8") == "Mein Brief\n"
    # an earlier site, and a new folder, are fine
    assert run(["build", "--site-dir", str(tmp_path / "neu")], course).returncode == 0
    assert run(["build", "--site-dir", str(tmp_path / "neu")], course).returncode == 0


def test_the_site_gets_ordinary_permissions(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = f"umask 022 && exec {sys.executable} -m generator build"
    result = subprocess.run(["sh", "-c", command], cwd=course, env=env, capture_output=True)
    assert result.returncode == 0, result.stderr
    site = course / "site"
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {0o755}
    modes = {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()}
    assert modes == {0o644}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site."))


def _written(course: Path) -> bool:
    """A file in a build's temporary folder (which the build may be renaming meanwhile)."""
    for name in _leftovers(course):
        with contextlib.suppress(OSError):
            if any(p.is_file() for p in (course / name).rglob("*")):
                return True
    return False


def test_a_killed_build_leaves_its_temporary_folder_only_until_the_next_run(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=course,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Killed once it has written into its temporary folder. Nothing announces a file, so this
    # looks for one (a poll on the event itself; the deadline only ends a build that never
    # writes one, and the build ending first fails the test as well).
    deadline = time.monotonic() + SAFETY_NET
    while not _written(course):
        seen = _leftovers(course)
        assert build.poll() is None, f"the build ended before it was killed; seen: {seen}"
        assert time.monotonic() < deadline, f"no file in a temporary folder; seen: {seen}"
        time.sleep(0.005)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert _leftovers(course), "the killed build left no folder: the test proves nothing"
    # a folder of a build that still runs (here: this test's own process id) is left alone
    alive = course / f".site.new-{os.getpid()}-busy"
    alive.mkdir()
    old_style = course / ".site.old-abc123"  # an older Kursbau named them without a pid
    old_style.mkdir()
    assert run(["build"], course).returncode == 0
    assert _leftovers(course) == [alive.name]
    assert (course / "site" / "index.html").is_file()


# ---------------------------------------------------------------- file-system trouble


def _in_namespace(course: Path, mount: str, args: list[str]) -> subprocess.CompletedProcess:
    """Run `kursbau ARGS` with a fresh tmpfs on course/out (mount options `mount`), in a mount
    namespace of its own: nothing outside the test sees it."""
    (course / "out").mkdir(exist_ok=True)
    command = (
        f"mount -t tmpfs -o {mount} tmpfs out && exec {sys.executable} -m generator "
        + " ".join(args)
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", command],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("mount", "expected"),
    [
        ("size=200k", "out/site/assets/"),
        ("ro", "out: the disk is read-only: build into a folder you can write"),
    ],
    ids=["disk-full", "read-only"],
)
def test_a_full_or_read_only_disk_is_one_line_with_what_to_do(
    tmp_path: Path, mount: str, expected: str
):
    course = tiny_course(tmp_path / "kurs")
    result = _in_namespace(course, mount, ["build", "--site-dir", "out/site"])
    assert result.returncode == 1, result.stderr
    # the tiny course's authoring hints come first (they are warnings, not this problem)
    lines = [line for line in result.stderr.strip().splitlines() if "Hinweis (" not in line]
    assert len(lines) == 1 and "Traceback" not in result.stderr and "report it" not in lines[0]
    assert expected in lines[0], lines
    if mount.startswith("size"):
        assert lines[0].endswith(
            "the disk is full: free some space, or build onto another disk with --site-dir"
        )
        assert ".site.new" not in lines[0]  # the folder the author knows, not a temporary one


def test_a_folder_without_write_permission_is_one_line(tmp_path: Path):
    """As an ordinary user (root may write anywhere): the site's folder is not writable."""
    shared = Path(tempfile.mkdtemp(prefix="kursbau-perm-"))  # pytest's folders are private
    try:
        shared.chmod(0o755)
        course = tiny_course(shared / "kurs")
        (course / "out").mkdir()
        for folder in (course, *[p for p in course.rglob("*") if p.is_dir()]):
            folder.chmod(0o755)
        for file in course.rglob("*"):
            if file.is_file():
                file.chmod(0o644)
        env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(shared))
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        result = subprocess.run(
            [*command, sys.executable, "-m", "generator", "build", "--site-dir", "out/site"],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    expected = "out: permission denied: allow yourself to read and write there (or use --site-dir)"
    assert lines[0].endswith(expected), lines


@pytest.mark.parametrize("out", ["content", "quizzes/pdf", "."])
def test_handout_out_may_not_touch_the_sources(tmp_path: Path, out: str):
    course = tiny_course(tmp_path / "kurs")
    before = snapshot(tmp_path)
    result = run(["handout", "--out", out], course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"kursbau: --out {out}: it " in result.stderr and "Nothing was written" in result.stderr
    assert snapshot(tmp_path) == before
