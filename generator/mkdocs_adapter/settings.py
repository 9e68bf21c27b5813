"""Reads what the author wrote under `theme:` (MkDocs fills in the theme's defaults, which hide
whether `language` or `font` was set at all)."""

from __future__ import annotations

from pathlib import Path

import yaml


class _Permissive(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Reads mkdocs.yml while ignoring `!!python/name:` and `!ENV` tags (with libyaml when
    there: a big course's nav makes mkdocs.yml long)."""


_Permissive.add_multi_constructor("", lambda loader, suffix, node: None)


def raw_theme(config_file: str | None) -> dict:
    if not config_file or not Path(config_file).is_file():
        return {}
    try:
        data = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Permissive)
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if isinstance(theme, dict) else {}
