"""MkDocs side of "sources are never written" and of reading the sources as MkDocs does: the source
folders of a loaded config, the problems of its output folders (`site_dir`, the handouts'
`trainer_dir`) and of the folders the plugin options name, found in `on_config` before MkDocs
cleans or writes anything (see `generator.core.outputs`), and how MkDocs reads the docs folder
(which suffixes are Markdown, page addresses, excluded files)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import _default_exclude
from mkdocs.utils import markdown_extensions

from ..core.outputs import Sources, output_problem, real
from ..core.problems import Problems


def sources_of(config: MkDocsConfig, quizzes: str = "quizzes") -> Sources:
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    folders = {"lessons": Path(config.docs_dir), "checks": root / quizzes}
    custom = getattr(config.theme, "custom_dir", None)
    if custom:
        folders["theme overrides"] = Path(custom)
    return Sources(root, folders)


def key_position(config: MkDocsConfig, key: str) -> tuple[int, int]:
    """Where `key:` is written in mkdocs.yml (1:1 when it is not written there)."""
    try:
        text = Path(config.config_file_path).read_text(encoding="utf-8", errors="replace")
    except (OSError, TypeError):
        return (1, 1)
    match = re.search(rf"^([ \t]*){re.escape(key)}[ \t]*:", text, re.M)
    if not match:
        return (1, 1)
    return text.count("\n", 0, match.start()) + 1, len(match.group(1)) + 1


def config_name(config: MkDocsConfig) -> str:
    return Path(config.config_file_path or "mkdocs.yml").name


def check_outputs(
    config: MkDocsConfig,
    quizzes: str,
    trainer_dir: Path | None,
    problems: Problems,
    *,
    site_dir: Path | None = None,
) -> None:
    """Problems of `site_dir` and `trainer_dir` as written in mkdocs.yml. `site_dir`: the site
    folder when it is not `config.site_dir` (the CLI builds into a temporary folder); its own
    problems are then the caller's to report."""
    sources = sources_of(config, quizzes)
    shown = config_name(config)
    site = Path(site_dir or config.site_dir)
    why = None if site_dir else output_problem(site, sources)
    if why:
        problems.add(
            shown,
            *key_position(config, "site_dir"),
            f"site_dir {config.site_dir} cannot hold the built site: {why}. Write site_dir: site"
            " (the default) or another new folder",
        )
    if trainer_dir is not None:
        why = output_problem(trainer_dir, sources, replaced=False)
        if why is None and _inside(real(trainer_dir), real(site)):
            why = "it lies inside the site, which is published"
        if why:
            problems.add(
                shown,
                *key_position(config, "trainer_dir"),
                f"trainer_dir {trainer_dir} cannot hold the trainer edition: {why}. Write"
                " trainer_dir: handouts-trainer (the default) or another folder outside the site",
            )


def cli_output_problem(config: MkDocsConfig, quizzes: str, target: Path) -> str | None:
    """Why `kursbau build --site-dir TARGET` may not build there, or None."""
    why = output_problem(target, sources_of(config, quizzes))
    if why:
        return (
            f"--site-dir {target}: {why}. Nothing was changed; choose another folder,"
            " for example --site-dir site"
        )
    return None


def trainer_dir_of(config: MkDocsConfig) -> Path:
    """Where the trainer edition of the handouts goes (`handouts: trainer_dir:`, relative to
    mkdocs.yml): never into the site, which is published."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    return (root / config.plugins["kursbau"].config.handouts.trainer_dir).resolve()


def offline_enabled(config: MkDocsConfig) -> bool:
    """Material's `offline` plugin turns directory URLs off in its own on_config."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "offline" and getattr(plugin, "config", {}).get("enabled", True):
            return True
    return False


def engine_reading(config: MkDocsConfig) -> dict:
    """How MkDocs reads the docs folder, for `generator.core.project.Settings`."""
    exclude = config.get("exclude_docs")
    spec = _default_exclude + exclude if exclude else _default_exclude
    return {
        "markdown_suffixes": tuple(markdown_extensions),
        # Material's offline plugin turns directory URLs off in its own on_config
        "directory_urls": bool(config.use_directory_urls) and not offline_enabled(config),
        "excluded": spec.match_file,
    }


def check_folders(config: MkDocsConfig, quizzes: str, problems: Problems) -> None:
    """The folder named by `quizzes:` must exist when it was written (a typo would otherwise
    read as "no checks")."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    folder = root / quizzes
    if quizzes == "quizzes" or folder.is_dir():
        return
    siblings = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    close = difflib.get_close_matches(Path(quizzes).name, siblings, n=1, cutoff=0.6)
    hint = f"did you mean quizzes: {close[0]}? " if close else ""
    line, col = key_position(config, "quizzes")
    problems.add(
        config_name(config),
        line,
        col,
        f"quizzes: {quizzes} names a folder that does not exist ({folder}): {hint}Write the"
        " folder that holds your check files (.yml), or remove the line for quizzes/",
    )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
