"""MkDocs side of "no third party, offline, strict hosts": what mkdocs.yml asks the theme to load,
the local stand-in for Material's CDN worker shim, and where each built page came from."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..core import pages
from ..core.hosting import CssCache
from ..core.problems import Problems
from ..core.resources import (
    Finding,
    css_resources,
    foreign_resources,
    locate,
    message,
    origin_of,
)
from ..core.sources import project_path
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


def config_files(config_file: Path) -> list[tuple[Path, str]]:
    """mkdocs.yml and the files it INHERITs, each with its text (what an author may edit)."""
    found: list[tuple[Path, str]] = []
    path: Path | None = config_file
    while path is not None and path not in (p for p, _ in found):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            break
        found.append((path, text))
        match = re.search(r"^INHERIT:\s*['\"]?([^'\"\n#]+?)['\"]?\s*(?:#.*)?$", text, re.M)
        path = (path.parent / match.group(1)).resolve() if match else None
    return found or [(config_file, "")]


def config_problems(config: MkDocsConfig, allowed: set[str], problems: Problems) -> None:
    """Resources that mkdocs.yml makes every page load from another origin."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    sources = config_files(config_file)
    root = config_file.resolve().parent

    def where(*needles: str) -> tuple[str, int, int]:
        """The first file of the INHERIT chain (mkdocs.yml first) that writes a needle."""
        for needle in needles:
            for path, text in sources:
                position = _find(text, needle)
                if position:
                    return (project_path(path, root), *position)
        return (project_path(sources[0][0], root), 1, 1)

    def report(url: str, tag: str, what_key: str, origin: str | None = None) -> None:
        origin = origin or origin_of(url)
        if not origin or origin in allowed:
            return
        path, line, col = where(url, f"{what_key}:")
        finding = Finding(line, col, tag, url)
        problems.add(path, line, col, message(finding, source="mkdocs.yml"), origin=origin)

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
        written = where("font:")
        if written[1:] != (1, 1):
            problems.add(
                *written,
                "'font' makes every page load its fonts from Google Fonts, so participants'"
                " browsers would contact Google: write font: false (the theme then uses the"
                " system fonts); to accept it, add allow_origins: [https://fonts.googleapis.com,"
                " https://fonts.gstatic.com] under the kursbau plugin",
            )
        else:
            problems.add(
                *where("theme:"),
                "without a 'font' setting the theme loads Roboto from Google Fonts on every"
                " page, so participants' browsers would contact Google: write font: false under"
                " theme: (the theme then uses the system fonts); to accept it, add allow_origins:"
                " [https://fonts.googleapis.com, https://fonts.gstatic.com] under the kursbau"
                " plugin",
            )
    for load in config_loads(config):  # what the theme fetches at run time (theme_loads.py)
        missing = sorted(load.origins - set(allowed))
        if load.origins and not missing:
            continue
        allow = f" or allow it with allow_origins: [{', '.join(missing)}] under the kursbau plugin"
        problems.add(
            *where(f"{load.key}:"),
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
        if file.generated_by is None and file.abs_src_path:
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
                where = project_path(source, root) if source else config_file_name(config)
                problems.add(where, 1, 1, mermaid_message(page))
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


# Files under docs_dir or the theme's custom_dir that are not pages but that an author edits
# and that can make a page load something: templates, style sheets, the blog's authors.
_AUTHOR_SUFFIXES = (".html", ".css", ".yml", ".yaml")


def author_files(config: MkDocsConfig) -> list[Path]:
    """mkdocs.yml and what it INHERITs, theme overrides, style sheets and data files."""
    config_file = Path(config.config_file_path or "mkdocs.yml")
    found = [path for path, _ in config_files(config_file)]
    folders = [Path(config.docs_dir)]
    custom = getattr(config.theme, "custom_dir", None)
    if custom:
        folders.insert(0, Path(custom))
    for folder in folders:
        if folder.is_dir():
            found += sorted(
                p
                for p in folder.rglob("*")
                if p.suffix.lower() in _AUTHOR_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(folder).parts[:-1])
                and p.is_file()
            )
    return found


_AVATAR = re.compile(r"""^\s*avatar\s*:\s*['"]?(\S+?)['"]?\s*$""", re.M)


def author_file_problems(
    config: MkDocsConfig, allowed, problems: Problems, css_cache: CssCache | None = None
) -> None:
    """Before the build: theme overrides, style sheets of the site and the blog's authors that
    would make pages load from another origin, at the line to edit. `css_cache` keeps what
    each style sheet loads (core.hosting.CssCache)."""
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    configs = {p.resolve() for p, _ in config_files(Path(config.config_file_path or "mkdocs.yml"))}
    for path in author_files(config):
        if path.resolve() in configs:
            continue  # config_problems reads the settings themselves
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        shown_path = project_path(path, root)
        suffix = path.suffix.lower()
        if suffix == ".html":
            found = foreign_resources(text, allowed)
        elif suffix == ".css":
            found = (
                css_cache.resources(text, allowed, path.name)
                if css_cache is not None
                else css_resources(text, allowed, page=path.name)
            )
        if suffix in (".html", ".css"):  # at the address itself, where the author edits
            findings = [
                replace(f, line=at[0], col=at[1]) if (at := locate(text, f.url)) else f
                for f in found
            ]
        else:
            findings = []
            for match in _AVATAR.finditer(text):
                url = match.group(1)
                if origin_of(url) and origin_of(url) not in allowed:
                    line, col = _position(text, match.start(1))
                    findings.append(Finding(line, col, "img", url))
        for finding in findings:
            problems.add(
                shown_path,
                finding.line,
                finding.col,
                message(finding, source="this file"),
                origin=finding.origin,
            )
    if css_cache is not None:
        css_cache.save()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+\-]+):(?![\w:])")
# what every shortcode contains, without look-arounds: found at the speed of a text search
_MAYBE_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


class _EmojiConverter:
    """Markdown with the site's pymdownx.emoji settings, made at the first shortcode (loading
    the emoji index is most of what this check costs, and most sites write no shortcode)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.md: markdown.Markdown | None = None
        self.broken = False

    def convert(self, code: str) -> str | None:
        if self.md is None and not self.broken:
            try:
                self.md = markdown.Markdown(
                    extensions=["pymdownx.emoji"],
                    extension_configs={"pymdownx.emoji": self.settings},
                )
            except Exception:
                self.broken = True
        return None if self.md is None else self.md.reset().convert(code)


def emoji_problems(config: MkDocsConfig, lessons, allowed, problems: Problems) -> None:
    """Before the build: emoji shortcodes that the site's emoji extension turns into images from
    a CDN (pymdownx.emoji's default, or Material's twemoji), at the line of each shortcode."""
    if "pymdownx.emoji" not in (config.markdown_extensions or []):
        return
    settings = (config.mdx_configs or {}).get("pymdownx.emoji", {})
    converter = _EmojiConverter(settings)
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    made: dict[str, list[Finding]] = {}
    for path in lessons:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if not _MAYBE_SHORTCODE.search(text):  # the lines are walked only where one may be
            continue
        fence = None
        for number, line in enumerate(text.splitlines(), start=1):
            opener = _FENCE.match(line)
            if opener and (fence is None or opener.group(1)[0] == fence[0]):
                fence = None if fence else opener.group(1)
                continue
            if fence or line.startswith(("    ", "\t")):
                continue
            for match in _SHORTCODE.finditer(line):
                code = match.group(0)
                if code not in made:
                    html = converter.convert(code)
                    if html is None:  # the build itself reports a broken extension setting
                        return
                    made[code] = foreign_resources(html, allowed)
                for finding in made[code]:
                    problems.add(
                        project_path(path, root),
                        number,
                        match.start() + 1,
                        f"the emoji {code} becomes an image from {finding.origin} (the"
                        " pymdownx.emoji setting in mkdocs.yml loads emoji from a CDN), so"
                        f" participants' browsers would contact {finding.origin}: write one of"
                        " the theme's icons instead (:material-…:, :octicons-…:), which are built"
                        " into the page, or, if that contact is intended, allow it in mkdocs.yml"
                        f" under the kursbau plugin: allow_origins: [{finding.origin}]",
                        origin=finding.origin,
                    )
