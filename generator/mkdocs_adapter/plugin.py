"""The `kursbau` MkDocs plugin: a thin adapter that delegates to `generator.core` and
`generator.render`. Every problem is found in `on_config`, before MkDocs cleans or writes
`site_dir`, so a broken course never touches an existing site."""

from __future__ import annotations

import logging
import posixpath
import re
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core import pages
from ..core.hosting import check_site, write_host_files
from ..core.problems import Problems
from ..core.project import Course, Settings, gather, language, slug
from ..core.resources import normalize_origins
from . import hosting
from . import nav as place
from .config import KursbauConfig
from .settings import raw_theme

log = logging.getLogger("mkdocs.plugins.kursbau")


class CourseProblems(PluginError):
    """The course has problems; MkDocs prints them and exits non-zero."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"Kursbau found {len(problems)} problem(s):\n{problems.report()}")


class KursbauPlugin(BasePlugin[KursbauConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.course: Course | None = None
        self._prepared_for: MkDocsConfig | None = None
        self.markers = pages.Markers()
        self._offline_shim = False
        self._files: Files | None = None
        # Problems found in the built pages; the CLI collects them itself (defer) instead of
        # letting MkDocs print and wrap them.
        self.defer_late_problems = False
        self.late_problems = Problems()
        self.search_words: SearchWords | None = None
        self.order: list[str] | None = None  # check ids in course order, from the nav
        self._footer: list[Page] = []

    # -- phase 1: settings and validation, before anything is written -------------------------

    @event_priority(-50)  # after Material's offline plugin has set its polyfills
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._prepared_for is not config:
            self.prepare(config)
        self._offline_shim = hosting.use_local_worker_shim(config)
        search = "search" in config.plugins or "material/search" in config.plugins
        checks = search and self.course.data  # a site without checks: nothing to swap
        self.search_words = SearchWords(self.markers, self.course) if checks else None
        return config

    def prepare(self, config: MkDocsConfig) -> Course:
        """Gather and validate the course; raises CourseProblems with every problem found.

        The CLI calls this before MkDocs runs (to report problems without MkDocs' wrapping);
        `on_config` then reuses the result, so nothing is validated twice."""
        apply_theme_defaults(config)
        settings = settings_for(config, self.config)
        problems = Problems()
        self.course = gather(settings, problems)
        hosting.config_problems(config, settings.allowed_origins, problems)
        place.footer_problems(config, self.config.footer_pages, self.course, problems)
        if problems:
            raise CourseProblems(problems)
        self._prepared_for = config
        return self.course

    # -- phase 2: files and navigation -----------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        course = self.course
        for rel in course.trainer_pages():
            trainer = files.get_file_from_path(rel)
            if trainer is not None:
                files.remove(trainer)  # trainer pages exist only in the handouts
        for check_id in course.data:
            files.append(
                File.generated(
                    config,
                    pages.check_page_uri(check_id),
                    content=pages.check_page_source(course, check_id, self.markers),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        if course.data and files.get_file_from_path(pages.OVERVIEW) is None:
            files.append(
                File.generated(
                    config,
                    pages.OVERVIEW,
                    content=pages.overview_source(course, self.markers),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        for asset in asset_files() if course.data else ():
            files.append(
                File.generated(config, f"{pages.ASSET_DIR}/{asset.name}", abs_src_path=str(asset))
            )
        if self._offline_shim:
            files.append(File.generated(config, hosting.SHIM_URI, abs_src_path=str(hosting.SHIM)))
        self._files = files
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        order = pages.course_order(self.course, place.nav_paths(nav))
        self.order = list(order)
        footer = self.config.footer_pages
        self._footer = [f.page for f in map(files.get_file_from_path, footer) if f and f.page]
        return place.place_checks(nav, files, self.course, order, footer)

    # -- phase 3: pages ----------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        check_id = check_id_of(page)
        if check_id is not None:
            page.edit_url = edit_url(config, self.course.checks[check_id].path)
            return markdown
        lesson = self.course.lessons.get(page.file.src_uri)
        if lesson is not None and not lesson.embeds:
            return markdown  # read before the build: nothing to mark
        return pages.mark_embeds(markdown, self.markers)

    def on_page_content(self, html: str, *, page: Page, config, files) -> str:
        if not self.course.data and not self.config.handouts.enabled:
            return html  # no check, so no marker in any page
        # The markers stay in the content (freed of the <p> Markdown put around them) until
        # the page is written: MkDocs keeps every page's content until the end of the build, and
        # the checks' forms and data would be a quarter of that.
        html, found = self.markers.fill(html, self.markers.marker)
        if found:
            # Linked inside the content, not in <head>: Material's instant navigation swaps only
            # the content and runs the scripts it finds there. Pages without a check get nothing.
            html = pages.asset_tags(page.url) + html
        if self.config.handouts.enabled:  # "Arbeitsblatt (PDF)" on checks, the start page
            from ..handouts.links import download_links

            lang = self.course.settings.lang
            html += download_links(check_id_of(page), page.is_homepage, page.url, lang)
        return html

    # The search plugin indexes page.content at priority 0. Just for that moment each check's
    # marker is swapped for the check's words: the index keeps what the author wrote (questions,
    # options, feedback) without the form's controls and notices that every check repeats, and
    # the theme's parser need not read the form. The page itself is unchanged.
    @event_priority(50)
    def _words_for_search(self, context, *, page: Page, config, nav):
        if self.search_words:
            page.content = self.search_words.swap_in(page.content, check_id_of(page))
        return context

    @event_priority(-50)
    def _checks_after_search(self, context, *, page: Page, config, nav):
        if self.search_words:
            page.content = self.search_words.swap_back(page.content)
        return context

    on_page_context = CombinedEvent(_words_for_search, _checks_after_search)

    @event_priority(100)  # before any plugin that rewrites the page (a minifier drops comments)
    def on_post_page(self, output: str, *, page: Page, config) -> str:
        lang = self.course.settings.lang
        if self.course.data:
            output = self.markers.fill(output, self._renderer(page, config), wrapped=False)[0]
        if self._footer:
            links = place.footer_links(page, self._footer, pages.UI[lang]["footer"])
            output = place.add_footer_links(output, links)
        return name_search_dialog(output, lang)

    def _renderer(self, page: Page, config):
        """Renders the check or overview behind a marker, as the page is written."""
        from ..render import render_check, render_overview

        lang = self.course.settings.lang

        def render(kind: str, check_id: str) -> str:
            if kind == "overview":
                entries = pages.overview_entries(self.course, config.use_directory_urls, self.order)
                return render_overview(entries, lang=lang, course=self.course.settings.course)
            # On a check's own page the page title is the heading; in a lesson it gets an h2.
            heading = None if check_id_of(page) == check_id else 2
            return render_check(self.course.data[check_id], lang=lang, heading=heading)

        return render

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        return name_search_dialog(output_content, self.course.settings.lang)

    # -- phase 4: the built site ----------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """No page may load anything from another origin; then the CSP files for hosts.

        A site without a single check is no course yet: none of its pages carries anything of
        Kursbau's, and adding the plugin changes nothing there (no scan, no host files)."""
        self.late_problems = Problems()
        if self.course.data:
            site = Path(config.site_dir)
            settings = self.course.settings
            sources = hosting.page_sources(self._files, config, self.course) if self._files else {}
            check_site(site, settings.allowed_origins, sources, settings.root, self.late_problems)
            if self.late_problems:
                if self.defer_late_problems:
                    return
                raise CourseProblems(self.late_problems)
            write_host_files(site)
        if self.config.handouts.enabled:
            from ..handouts.site import HandoutsFailed, build_for_site

            try:
                build_for_site(self.course, config)
            except HandoutsFailed as err:
                raise PluginError(str(err)) from None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """With handouts enabled, a missing WeasyPrint stops the build before site/ is cleaned."""
        if self.config.handouts.enabled:
            from ..handouts.site import HandoutsFailed, require_engine

            try:
                require_engine()
            except HandoutsFailed as err:
                raise PluginError(str(err)) from None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.course.settings.quizzes_dir))
        return server


class SearchWords:
    """Swaps each check marker in a page's content for the check's words while the search
    plugin indexes the page, and back (see KursbauPlugin.on_page_context)."""

    def __init__(self, markers: pages.Markers, course: Course):
        self.course = course
        self.markers = markers
        self._mark = f"<!--kb-{markers.token}-search"
        self._words = re.compile(rf"{self._mark}-->.*?{self._mark}-end-->", re.S)
        self._stash: list[str] = []

    def swap_in(self, content: str, own: str | None) -> str:
        """`own`: the check whose own page this is (its title is the page's, not repeated)."""
        self._stash = []

        def words(kind: str, check_id: str) -> str:
            marker = self.markers.marker(kind, check_id)
            if kind != "check":
                return marker
            self._stash.append(marker)
            text = search_text(self.course.data[check_id], 0 if check_id == own else 2)
            return f"{self._mark}-->{text}{self._mark}-end-->"

        return self.markers.fill(content, words, wrapped=False)[0]

    def swap_back(self, content: str) -> str:
        stash = iter(self._stash)
        self._stash = []
        return self._words.sub(lambda _: next(stash, ""), content)


_SEARCH_DIALOG = 'class="md-search" data-md-component="search" role="dialog"'
_SEARCH_LABEL = {"de": "Suche", "en": "Search"}


def name_search_dialog(html: str, lang: str) -> str:
    """Material's search box is a role="dialog" without a name, which screen readers announce
    as just "dialog" (axe: aria-dialog-name, Lighthouse accessibility); give it one."""
    label = _SEARCH_LABEL.get(lang, "Search")
    return html.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG} aria-label="{label}"', 1)


def search_text(data: dict, heading: int) -> str:
    """A check's own words for the search index: its title (in a lesson), intro, questions,
    options, feedback and explanations; no buttons, notices or scale labels."""
    out = [f"<h{heading}>{escape(data['title'])}</h{heading}>"] if heading else []
    if data.get("intro"):
        out.append(data["intro"])
    for q in data["questions"]:
        out.append(f"<p>{q['text']}</p>")
        options = q.get("options") or []
        if options:
            out.append("<ul>" + "".join(f"<li>{o['text']}</li>" for o in options) + "</ul>")
        out += [o["feedback"] for o in options if o.get("feedback")]
        if q.get("explanation"):
            out.append(q["explanation"])
    return "".join(out)


def asset_files() -> list[Path]:
    from ..render import asset_files as files

    return files()


def settings_for(config: MkDocsConfig, options: KursbauConfig) -> Settings:
    root = Path(config.config_file_path or ".").resolve().parent
    return Settings(
        root=root,
        docs_dir=Path(config.docs_dir),
        quizzes_dir=(root / options.quizzes).resolve(),
        course=options.course or slug(config.site_name or root.name),
        lang=language(config.theme["language"]),
        site_url=config.site_url,
        allowed_origins=frozenset(
            normalize_origins([*options.allow_origins, config.site_url or ""])
        ),
    )


def apply_theme_defaults(config: MkDocsConfig) -> None:
    """German UI and no web fonts unless mkdocs.yml says otherwise (GDPR: no Google Fonts)."""
    theme = raw_theme(config.config_file_path)
    if "language" not in theme:
        config.theme["language"] = "de"
    if "font" not in theme:
        config.theme["font"] = False


def check_id_of(page: Page) -> str | None:
    return pages.check_of_page(page.file.src_uri)


def edit_url(config: MkDocsConfig, yaml_path: str) -> str | None:
    """The edit link of a check page points at its YAML file, not at a generated page."""
    if not config.repo_url or not config.edit_uri:
        return None
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.lstrip("/"))
    return urljoin(base.rstrip("/") + "/", posixpath.relpath(yaml_path, docs))
