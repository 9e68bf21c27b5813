"""The handouts' settings read from a loaded MkDocs configuration: the one place where the
handouts (`generator.handouts`, which knows no MkDocs) meet it."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from ..core.outputs import output_problem
from ..core.project import Course
from ..handouts.options import HandoutSetup
from ..handouts.render import Options
from .build import BuildFailed, OutputRefused, check_project, plugin_of
from .outputs import offline_enabled, sources_of, trainer_dir_of


def handout_options(config: MkDocsConfig) -> Options:
    """Title, author and page addresses of the handouts, as the site has them."""
    handouts = config.plugins["kursbau"].config.handouts
    author = handouts.author or config.site_author
    return Options(
        title=config.site_name,
        author=author or None,
        description=config.site_description or None,
        site_url=config.site_url or None,
        # Material's offline plugin turns directory URLs off in its own on_config
        use_directory_urls=bool(config.use_directory_urls) and not offline_enabled(config),
        markdown_extensions=list(config.markdown_extensions or []),
        mdx_configs=dict(config.mdx_configs or {}),
        nav=config.nav,
        exclude=list(handouts.exclude or []),
        notes_pages=int(handouts.notes_pages or 0),
    )


def handout_setup(config: MkDocsConfig, out_dir: Path | None = None) -> HandoutSetup:
    """The handouts of a site: into `<site_dir>/handouts/` unless `out_dir` says otherwise."""
    return HandoutSetup(
        options=handout_options(config),
        out_dir=Path(out_dir) if out_dir else Path(config.site_dir) / "handouts",
        trainer_dir=trainer_dir_of(config),
    )


def handouts_of(config_file: Path, out_dir: Path | None = None) -> tuple[Course, HandoutSetup]:
    """For `kursbau handout`: the checked course and where its PDFs go (`out_dir`, else the
    site's handouts folder). BuildFailed with every problem, or when a folder would touch the
    sources (nothing is written then)."""
    checked = check_project(config_file)
    if checked.problems:
        raise BuildFailed(f"{len(checked.problems)} problem(s)", checked.problems)
    setup = handout_setup(checked.config, out_dir)
    sources = sources_of(checked.config, plugin_of(checked.config).config.quizzes)
    for what, folder in (("--out", setup.out_dir), ("trainer_dir", setup.trainer_dir)):
        why = output_problem(folder, sources, replaced=False)
        if why:
            raise OutputRefused(
                f"{what} {folder}: {why}. Nothing was written; choose another folder"
            )
    return checked.course, setup
