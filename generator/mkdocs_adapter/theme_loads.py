"""What mkdocs-material loads at run time, which no built file names: its scripts fetch these when a
page is shown, so the scan of the built files cannot see them. Each is a problem unless its
origins are allowed (`allow_origins`); allowed ones go into the policy (`SiteFacts.dynamic`).

- `repo_url`: the header shows the repository's stars and forks, fetched from the host's API. The
  theme's own rules (its JavaScript bundle): a URL matching `^.+github\\.com/…` asks
  api.github.com (github.com, www.github.com, any …github.com host); one whose host contains
  "gitlab" asks that host's `/api/v4` (gitlab.com and self-hosted GitLab alike).
- `extra.analytics`: the provider's script (Google: Tag Manager and Analytics).
- `theme.font`: Google Fonts (a stylesheet and font files).
- a mermaid diagram (`pre.mermaid`, from a superfences custom fence with class `mermaid`): the
  theme loads mermaid from unpkg.com unless the page loads mermaid itself; mermaid then writes
  inline styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from ..core.resources import normalize_origins

GITHUB = re.compile(r"^.+github\.com\/([^/]+)\/?([^/]+)?", re.I)
GITLAB = re.compile(r"^.+?([^/]*gitlab[^/]+)\/(.+?)\/?$", re.I)
UNPKG = "https://unpkg.com"
GOOGLE_ANALYTICS = {
    "script-src": {"https://www.googletagmanager.com"},
    "connect-src": {
        "https://www.google-analytics.com",
        "https://region1.google-analytics.com",
        "https://www.googletagmanager.com",
    },
    "img-src": {"https://www.google-analytics.com", "https://www.googletagmanager.com"},
}
GOOGLE_FONTS = {
    "style-src": {"https://fonts.googleapis.com"},
    "font-src": {"https://fonts.gstatic.com"},
}


@dataclass(frozen=True)
class ThemeLoad:
    """Origins the theme contacts at run time because of one setting."""

    key: str  # the mkdocs.yml key that causes it
    needs: dict  # directive → origins
    why: str  # what the theme does, in plain words

    @property
    def origins(self) -> set[str]:
        return {o for origins in self.needs.values() for o in origins if "://" in o}


def repo_facts(repo_url: str | None) -> ThemeLoad | None:
    """The request the theme makes for the repository's facts (stars, forks, version)."""
    if not repo_url:
        return None
    host = urlsplit(repo_url).hostname or repo_url
    if GITHUB.match(repo_url):
        return ThemeLoad(
            "repo_url",
            {"connect-src": {"https://api.github.com"}},
            f"with repo_url on {host} the theme asks https://api.github.com for the"
            " repository's stars on every page",
        )
    match = GITLAB.match(repo_url)
    if match:
        origin = f"https://{match.group(1).lower()}"  # the theme asks https://<host>/api/v4/…
        return ThemeLoad(
            "repo_url",
            {"connect-src": {origin}},
            f"with repo_url on {host} (GitLab) the theme asks {origin} for the repository's"
            " stars on every page",
        )
    return None


def analytics(config: MkDocsConfig) -> ThemeLoad | None:
    settings = (config.extra or {}).get("analytics")
    if not settings:
        return None
    provider = settings.get("provider") if isinstance(settings, dict) else None
    if provider == "google":
        return ThemeLoad(
            "analytics",
            GOOGLE_ANALYTICS,
            "extra.analytics makes every page load Google Analytics",
        )
    return ThemeLoad(
        "analytics",
        {},
        f"extra.analytics (provider {provider}) makes every page load a tracker whose addresses"
        " Kursbau cannot know",
    )


def config_loads(config: MkDocsConfig) -> list[ThemeLoad]:
    """What the theme loads at run time because of mkdocs.yml (fonts are checked apart)."""
    return [load for load in (repo_facts(config.repo_url), analytics(config)) if load]


def font_load(config: MkDocsConfig) -> ThemeLoad | None:
    theme = config.theme
    font = theme.get("font") if hasattr(theme, "get") else False
    if not font:
        return None
    return ThemeLoad("font", GOOGLE_FONTS, "'font' makes every page load Google Fonts")


def mermaid_load() -> ThemeLoad:
    return ThemeLoad(
        "mermaid",
        {"script-src": {UNPKG}, "style-src": {"'unsafe-inline'"}},
        "a mermaid diagram makes the theme load mermaid from unpkg.com",
    )


def mermaid_fences(config: MkDocsConfig) -> tuple[str, ...]:
    """Names of the superfences custom fences that become `pre.mermaid` (the theme's diagrams)."""
    settings = (config.mdx_configs or {}).get("pymdownx.superfences") or {}
    names = []
    for fence in settings.get("custom_fences") or []:
        if isinstance(fence, dict) and "mermaid" in str(fence.get("class", "")).split():
            names.append(str(fence.get("name", "")))
    return tuple(n for n in names if n)


def loads_mermaid_itself(config: MkDocsConfig) -> bool:
    """A site that loads mermaid with extra_javascript keeps the theme from fetching it."""
    for script in config.extra_javascript or []:
        if "mermaid" in str(getattr(script, "path", script)).lower():
            return True
    return False


def allowed_needs(loads: list[ThemeLoad], allowed) -> dict[str, set[str]]:
    """directive → origins, for the loads whose origins are all allowed."""
    needs: dict[str, set[str]] = {}
    for load in loads:
        if load.origins and load.origins <= set(allowed):
            for directive, origins in load.needs.items():
                needs.setdefault(directive, set()).update(origins)
    return needs


def theme_fence_loads(config: MkDocsConfig, allowed) -> dict[str, str]:
    """Fence name → origin, for the lessons' code blocks the theme would render with a script
    from another origin that is not allowed (checked before the build)."""
    if loads_mermaid_itself(config):
        return {}
    if UNPKG in normalize_origins(allowed):
        return {}
    return {name.lower(): UNPKG for name in mermaid_fences(config)}
