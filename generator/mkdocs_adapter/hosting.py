"""MkDocs side of "no third party, offline, strict hosts": what mkdocs.yml asks the theme to load,
the local stand-in for Material's CDN worker shim, and where each built page came from."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..core import pages
from ..core.problems import Problems
from ..core.resources import Finding, message, origin_of
from .theme_loads import UNPKG, allowed_needs, config_loads, font_load, mermaid_load

# Material's offline plugin adds this CDN script; Kursbau ships its own shim instead.
SHIM = Path(__file__).resolve().parent.parent / "assets" / "offline" / "iframe-worker.js"
SHIM_URI = f"{pages.ASSET_DIR}/iframe-worker.js"
GOOGLE_FONTS = "https://fonts.googleapis.com"


def use_local_worker_shim(config: MkDocsConfig) -> bool:
    """Swap the offline plugin's CDN worker shim for Kursbau's own file; True if it was there."""
    polyfills = config.extra.get("polyfills") or []
    kept = [p for p in polyfills if "iframe-worker" not in str(p)]
    if len(kept) == len(polyfills):
        return False
    config.extra["polyfills"] = [SHIM_URI, *kept]
    return True


def config_problems(config: MkDocsConfig, allowed: set[str], problems: Problems) -> None:
    """Resources that mkdocs.yml makes every page load from another origin."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    shown = config_file.name

    def report(url: str, tag: str, what_key: str, origin: str | None = None) -> None:
        origin = origin or origin_of(url)
        if not origin or origin in allowed:
            return
        line, col = _find(text, url) or _find(text, f"{what_key}:") or (1, 1)
        problems.add(shown, line, col, message(Finding(line, col, tag, url), source="mkdocs.yml"))

    for url in config.extra_css or []:
        report(str(url), "link", "extra_css")
    for script in config.extra_javascript or []:
        report(str(getattr(script, "path", script)), "script", "extra_javascript")
    for url in config.extra.get("polyfills") or []:
        if "iframe-worker" not in str(url):  # replaced by Kursbau's own shim in on_config
            report(str(url), "script", "polyfills")
    theme = config.theme
    for key in ("logo", "favicon"):
        value = theme.get(key) if hasattr(theme, "get") else None
        if isinstance(value, str):
            report(value, "img" if key == "logo" else "link", key)
    font = theme.get("font") if hasattr(theme, "get") else False
    if font and GOOGLE_FONTS not in allowed:
        line, col = _find(text, "font:") or (1, 1)
        problems.add(
            shown,
            line,
            col,
            "'font' makes every page load its fonts from Google Fonts, so participants' browsers"
            " would contact Google: remove the line (the theme then uses the system fonts) or"
            " write font: false; to accept it, add allow_origins: [https://fonts.googleapis.com,"
            " https://fonts.gstatic.com] under the kursbau plugin",
        )
    for load in config_loads(config):  # what the theme fetches at run time (theme_loads.py)
        missing = sorted(load.origins - set(allowed))
        if load.origins and not missing:
            continue
        line, col = _find(text, f"{load.key}:") or (1, 1)
        allow = f" or allow it with allow_origins: [{', '.join(missing)}] under the kursbau plugin"
        problems.add(
            shown,
            line,
            col,
            f"{load.why}, so participants' browsers would contact"
            f" {', '.join(missing) or 'another site'}: remove {load.key}"
            + (allow if missing else ""),
        )


def _find(text: str, needle: str) -> tuple[int, int] | None:
    index = text.find(needle)
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def page_sources(files: Files, config: MkDocsConfig, course) -> dict[str, Path]:
    """Built file (path in the site) → the file it was made from (a lesson, a check's YAML, or a
    file copied from the docs folder as it is)."""
    root = Path(config.config_file_path or ".").resolve().parent
    sources: dict[str, Path] = {}
    for file in files:
        if file.abs_src_path:
            sources[file.dest_uri] = Path(file.abs_src_path)
        elif file.src_uri.startswith("checks/") and file.src_uri != pages.OVERVIEW:
            check = course.checks.get(file.src_uri[len("checks/") : -3]) if course else None
            if check is not None:
                sources[file.dest_uri] = root / check.path
    return sources


def theme_needs(config: MkDocsConfig, facts, allowed, sources: dict[str, Path], problems) -> None:
    """What the theme loads at run time into the policy's facts when allowed (mkdocs.yml
    settings were checked before the build), and a problem for each page whose mermaid diagram
    would make the theme load mermaid from another origin."""
    loads = [*config_loads(config)]
    font = font_load(config)
    if font:
        loads.append(font)
    if facts.mermaid_pages and not facts.mermaid_script:
        load = mermaid_load()
        if load.origins <= set(allowed):
            loads.append(load)
        else:
            root = Path(config.config_file_path or ".").resolve().parent
            for page in facts.mermaid_pages:
                source = sources.get(page)
                shown = _shown(source, root) if source else config_file_name(config)
                problems.add(shown, 1, 1, mermaid_message(page))
    for directive, origins in allowed_needs(loads, allowed).items():
        facts.dynamic.setdefault(directive, set()).update(origins)


def mermaid_message(page: str) -> str:
    return (
        f"page {page} shows a mermaid diagram, for which the theme loads mermaid from"
        f" {UNPKG}, so participants' browsers would contact it: put mermaid.min.js into the"
        " course and list it under extra_javascript, or allow it with allow_origins:"
        f" [{UNPKG}] under the kursbau plugin"
    )


def config_file_name(config: MkDocsConfig) -> str:
    return Path(config.config_file_path or "mkdocs.yml").name


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()
