"""Handout settings read from a loaded MkDocs configuration.

Only attribute access on the config object: this module does not import MkDocs (the adapter
does), so the handouts stay engine-neutral apart from this one translation.
"""

from __future__ import annotations

from pathlib import Path

from .render import Options

DEFAULT_TRAINER_DIR = "handouts-trainer"


def _handout_config(config):
    plugin = config.plugins.get("kursbau") if hasattr(config.plugins, "get") else None
    return getattr(getattr(plugin, "config", None), "handouts", None)


def offline_enabled(config) -> bool:
    """Material's `offline` plugin turns directory URLs off in its own on_config."""
    from ..mkdocs_adapter.outputs import offline_enabled as enabled

    return enabled(config)


def options_from_mkdocs(config) -> Options:
    handouts = _handout_config(config)
    author = getattr(handouts, "author", None) or config.site_author
    return Options(
        title=config.site_name,
        author=author or None,
        description=config.site_description or None,
        site_url=config.site_url or None,
        use_directory_urls=bool(config.use_directory_urls) and not offline_enabled(config),
        markdown_extensions=list(config.markdown_extensions or []),
        mdx_configs=dict(config.mdx_configs or {}),
        nav=config.nav,
        exclude=list(getattr(handouts, "exclude", None) or []),
        notes_pages=int(getattr(handouts, "notes_pages", 1) or 0),
    )


def trainer_dir_of(config) -> Path:
    """Where the trainer edition goes: never into the site, which is published."""
    root = Path(config.config_file_path or ".").resolve().parent
    folder = getattr(_handout_config(config), "trainer_dir", None) or DEFAULT_TRAINER_DIR
    return (root / folder).resolve()


def site_handouts_dir(config) -> Path:
    return Path(config.site_dir) / "handouts"
