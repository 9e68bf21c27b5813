"""What Kursbau needs to know about mkdocs-static-i18n, the plugin most multilingual
mkdocs-material sites use: which languages the site has and which one is being built.

The i18n plugin builds the site once per language (its `on_post_build` runs MkDocs' build again
for every other language) and, in its `on_files`, rebuilds the file list from the files of
`docs_dir`, keeping the current language's version of each page. Pages that exist only in
memory cannot take part in that, so Kursbau adds its pages after it (see the plugin's
`on_files`) and puts them where i18n puts that language: under `<language>/`, except for the
default language.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "i18n"


def _plugin(config: MkDocsConfig):
    return config.plugins.get(PLUGIN)


def languages(config: MkDocsConfig) -> tuple[str, ...]:
    """The locales the site is written in (empty without the i18n plugin)."""
    plugin = _plugin(config)
    if plugin is None:
        return ()
    try:
        return tuple(str(lang.locale) for lang in plugin.config.languages)
    except (AttributeError, TypeError):
        return ()


def current_language(config: MkDocsConfig) -> str | None:
    """The language being built, or None without the i18n plugin."""
    plugin = _plugin(config)
    return getattr(plugin, "current_language", None) if plugin is not None else None


def language_folder(config: MkDocsConfig) -> str:
    """Where the current language's pages go: '' for the default language, else `<locale>/`."""
    plugin = _plugin(config)
    if plugin is None:
        return ""
    current = getattr(plugin, "current_language", None)
    default = getattr(plugin, "default_language", None)
    return f"{current}/" if current and current != default else ""


def building_other_language(config: MkDocsConfig) -> bool:
    """True inside the builds i18n starts for its other languages (from its own on_post_build)."""
    plugin = _plugin(config)
    return bool(plugin is not None and getattr(plugin, "building", False))
