"""The `kursbau` MkDocs plugin: a thin adapter that delegates to `generator.core` and
`generator.render`. Every problem is found in `on_config`, before MkDocs cleans or writes
`site_dir`, so a broken course never touches an existing site."""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_relative_url

from ..core import media, pages
from ..core.checkcache import CheckCache
from ..core.hosting import (
    HEADERS_FILE,
    CssCache,
    PageCache,
    check_site,
    content_findings,
    policy_for,
    where_written,
    write_host_files,
    write_policy,
)
from ..core.needs import string_code
from ..core.problems import Problems
from ..core.project import (
    Course,
    Settings,
    find_embeds,
    gather,
    language,
    language_notice,
    slug,
)
from ..core.resources import normalize_origins
from ..core.sources import project_path
from ..core.usercache import user_cache_dir
from . import hosting, i18n
from . import nav as place
from .config import KursbauConfig
from .errors import ContentProblems, CourseProblems, quiet_rebuilds
from .outputs import check_folders, check_outputs, engine_reading, trainer_dir_of
from .theme_loads import theme_fence_loads

log = logging.getLogger("mkdocs.plugins.kursbau")
PLUGIN_NAME = "kursbau"  # the entry point's name, which MkDocs records on generated files


@dataclass(frozen=True)
class Purpose:
    """What a build is for, said by whoever starts it. Plain `mkdocs build` and `mkdocs serve`
    build with the default; the CLI says what it wants (see generator.mkdocs_adapter.build)."""

    # `kursbau check`: the pages are made to be read and thrown away: no handouts, no policy or
    # host files, and the course keeps its source positions (an export asks for them)
    look_only: bool = False
    # the caller reports the problems found in the made pages itself (`Prepared.late_problems`)
    # instead of MkDocs printing them wrapped in its own error
    report_late: bool = False
    # lay out the PDF handouts when mkdocs.yml enables them (a SCORM package leaves them out)
    handouts: bool = True
    # the pages go to a folder of the caller's that replaces site/ only when the scan of every
    # built file found nothing (the CLI): that scan is enough, the content is not scanned too
    staged: bool = False


@dataclass
class Prepared:
    """The validated course of one build and what the build found on the way: returned by
    `KursbauPlugin.prepare` to whoever started the build, which reads the results here."""

    config: MkDocsConfig  # the loaded mkdocs.yml it was prepared for
    course: Course
    purpose: Purpose
    hints: list = field(default_factory=list)  # authoring hints, logged as warnings
    # what the author should know but need not fix (e.g. a language without Kursbau strings)
    notices: list[str] = field(default_factory=list)
    # problems found in the built pages (collected here with `purpose.report_late`)
    late_problems: Problems = field(default_factory=Problems)


class KursbauPlugin(BasePlugin[KursbauConfig]):
    """Adds checks to a site and nothing else: a site without a check builds byte for byte as it
    would without the plugin (the course is still validated); a setting that breaks a Kursbau
    rule is reported with the fix, never changed."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.prepared: Prepared | None = None  # by `prepare`, for the config being built
        self.view: Course | None = None  # the course in the language being built
        self.markers = pages.Markers()
        # the pages whose content holds a marker (by address): only these are searched again
        # for one (for the search index, when written), each a scan of the whole page
        self._marked: set[str] = set()
        self._offline_shim = False
        self._files: Files | None = None
        self._sources: Path | None = None  # the generated pages' Markdown, one folder per build
        self._own_headers: str | None = None  # the site's own _headers file
        self.search_words: SearchWords | None = None
        self.serving: str | None = None  # the address `serve` listens on, once it does
        self._author_files: list[Path] = []
        # problems in the pages' content, found while MkDocs makes them (see _check_content)
        self.content_problems = Problems()
        # what the scan read before, by page content and built page (core.hosting.PageCache)
        self._page_cache: PageCache | None = None
        self._css_cache: CssCache | None = None  # what stylesheets load, made in prepare
        self._serving = False
        self.order: list[str] | None = None  # check ids in course order, from the nav
        self._footer: list[Page] = []  # footer_pages: linked in every footer, not in the nav

    @property
    def course(self) -> Course | None:
        return self.prepared.course if self.prepared else None

    @property
    def purpose(self) -> Purpose:
        return self.prepared.purpose if self.prepared else Purpose()

    @property
    def active(self) -> bool:
        """Whether this site has checks; without any, the plugin changes nothing."""
        return bool(self.course and (self.course.checks or self.course.variants))

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # The preview server adds an inline live-reload script to every page it serves, which a
        # policy in the page would block: the preview (on the author's machine) goes without.
        self._serving = command == "serve"

    # -- phase 1: settings and validation, before anything is written -------------------------

    @event_priority(-50)  # after Material's offline plugin has set its polyfills
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Prepared by the CLI for this config, else a build MkDocs started itself (`mkdocs build`,
        # `serve`). Under `serve` MkDocs keeps this plugin for every rebuild (it has on_startup),
        # each with a newly loaded config: what was prepared for the last one is stale.
        if self.prepared is None or self.prepared.config is not config:
            self.prepare(config)
        self._offline_shim = hosting.use_local_worker_shim(config)
        search = "search" in config.plugins or "material/search" in config.plugins
        self.search_words = SearchWords(self.markers) if search else None
        for hint in self.prepared.hints:  # warnings: `--strict` makes them errors, like MkDocs' own
            log.warning(str(hint))
        return config

    def prepare(self, config: MkDocsConfig, purpose: Purpose = Purpose()) -> Prepared:
        """Gather and validate the course for a build for `purpose`; raises CourseProblems with
        every problem found.

        The CLI calls this before MkDocs runs (to report problems without MkDocs' wrapping) and
        reads what the build found in the returned object; `on_config` then builds with it, so
        nothing is validated twice."""
        settings = settings_for(config, self.config)
        problems = Problems()
        cache = CheckCache(user_cache_dir(), settings.root)
        course = gather(settings, problems, cache)
        self.view = course
        hosting.config_problems(config, settings.allowed_origins, problems)
        self._css_cache = CssCache(user_cache_dir())  # the built stylesheets' scan shares it
        hosting.author_file_problems(config, settings.allowed_origins, problems, self._css_cache)
        hosting.emoji_problems(
            config,
            [
                settings.docs_dir / rel
                for rel, lesson in course.lessons.items()
                if not lesson.trainer
            ],
            settings.allowed_origins,
            problems,
        )
        trainer = trainer_dir_of(config) if with_handouts(config, purpose) else None
        check_outputs(config, self.config.quizzes, trainer, problems)
        check_folders(config, self.config.quizzes, problems)
        place.footer_problems(config, self.config.footer_pages, course, problems)
        if problems:
            raise CourseProblems(problems)
        self.prepared = Prepared(config, course, purpose)
        notice = language_notice(config.theme["language"])
        if notice and self.active:
            self.prepared.notices.append(notice)
            log.info(notice)
        self._author_files = hosting.author_files(config)
        self.content_problems = Problems()
        self.prepared.hints = hints_of(course) if self.active else []
        cache.save()
        return self.prepared

    # -- phase 2: files and navigation -----------------------------------------------------------

    # Last of all plugins: mkdocs-static-i18n (-100) rebuilds the file list from docs_dir in its
    # on_files and would drop pages that exist nowhere on disk; the blog plugin (-50) too.
    @event_priority(-150)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._files = files
        if not self.active:
            return files
        if not self.purpose.look_only:  # `kursbau check` hands the course on (with positions)
            self.course.release_positions()  # validated and hinted: a build needs no positions
        own = files.get_file_from_path(HEADERS_FILE)  # merged with Kursbau's in on_post_build
        self._own_headers = own.content_string if own is not None else None
        # A multilingual site builds once per language; the theme's language is the one built.
        self.view = course = self.course.in_language(config.theme["language"])
        for rel in course.trainer_pages():
            trainer = files.get_file_from_path(rel)
            if trainer is not None:
                files.remove(trainer)  # trainer pages exist only in the handouts
        folder = i18n.language_folder(config)
        for check_id in course.data:
            source = pages.check_page_source(course, check_id, self.markers)
            files.append(self._page(config, pages.check_page_uri(check_id), source, folder))
        if course.data and files.get_file_from_path(pages.OVERVIEW) is None:
            source = pages.overview_source(course, self.markers)
            files.append(self._page(config, pages.OVERVIEW, source, folder))
        for name, text in built_assets().items():  # minified from generator/assets/
            uri = f"{pages.ASSET_DIR}/{name}"
            if files.get_file_from_path(uri) is None:  # once for all languages
                files.append(
                    File.generated(config, uri, abs_src_path=str(self._backing(uri, text)))
                )
        if self._offline_shim:
            files.append(File.generated(config, hosting.SHIM_URI, abs_src_path=str(hosting.SHIM)))
        return files

    def _page(self, config: MkDocsConfig, uri: str, source: str, folder: str) -> File:
        """A generated page backed by a real file, as other plugins expect of a page (some read
        `abs_src_path`), outside the sources; `folder` is the language's folder of the site."""
        path = self._backing(f"{folder}{uri}", source)
        file = File.generated(
            config, uri, abs_src_path=str(path), inclusion=InclusionLevel.NOT_IN_NAV
        )
        if folder:
            file.dest_uri = folder + file.dest_uri
        return file

    def _backing(self, rel: str, text: str) -> Path:
        """`text` written to a temporary folder outside the sources, removed at shutdown."""
        if self._sources is None:
            self._sources = Path(tempfile.mkdtemp(prefix="kursbau-pages-"))
        path = self._sources / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def on_shutdown(self) -> None:
        if self._sources is not None:
            shutil.rmtree(self._sources, ignore_errors=True)
            self._sources = None

    # After the plugins that reshape the nav (awesome-pages 0, blog -50, i18n -100), so the
    # section of checks is placed in the nav they made.
    @event_priority(-110)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        footer = self.config.footer_pages  # asked for by name: also in a site without checks
        self._footer = [f.page for f in map(files.get_file_from_path, footer) if f and f.page]
        if not self.active:
            return place.place_checks(nav, files, self.view, {}, footer) if footer else nav
        order = pages.course_order(self.view, place.nav_paths(nav))
        self.order = list(order)
        return place.place_checks(nav, files, self.view, order, footer)

    # -- phase 3: pages ----------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config, files) -> str:
        if not self.active:
            # text marked <!-- paper --> is for the handouts only (core/media.py); a page
            # without such marks stays exactly as it is
            return media.for_medium(markdown, "web") if "<!--" in markdown else markdown
        check_id = check_id_of(page)
        if check_id is not None:
            page.edit_url = edit_url(config, self.view.checks[check_id].path)
            return markdown
        if page.file.src_uri not in self.course.lessons:
            # a page Kursbau did not read (made by another plugin): its embeds are checked here
            problems = Problems()
            find_embeds(markdown, page.file.src_uri, set(self.course.data), problems)
            if problems:
                raise CourseProblems(problems)
        # text marked <!-- paper --> is for the handouts only (core/media.py)
        markdown = media.for_medium(markdown, "web") if "<!--" in markdown else markdown
        lesson = self.course.lessons.get(page.file.src_uri)
        if lesson is not None and not lesson.embeds:
            return markdown  # read before the build: nothing to mark
        return pages.mark_embeds(markdown, self.markers)

    # After every plugin has made the page's HTML (macros, glightbox, emoji, the blog): what
    # only they write is found here, with the place in the Markdown, before a file is written.
    @event_priority(-200)
    def _check_content(self, html: str, *, page: Page, config, files) -> str:
        if not self.active:
            return html  # no course yet: the built pages are not read (see on_post_build)
        if self.purpose.staged:
            # Nothing reaches site/ before on_post_build has scanned every built page, with the
            # same findings at the same places (the content is in its page); scanning the
            # content as well cost a second hash of every page, and a second parse when new.
            return html
        allowed = self.course.settings.allowed_origins
        source = None
        if page.file.generated_by is None and page.file.abs_src_path:
            source = Path(page.file.abs_src_path)
        if self._page_cache is None:  # one per build: the scan of the built pages shares it
            self._page_cache = PageCache(user_cache_dir(), self.course.settings.root)
        # The markers' token is new in every build; a comment loads nothing, so the content is
        # scanned with a fixed token of the same length: unchanged content keeps its cache key.
        token = self.markers.token
        steady = html.replace(token, "0" * len(token)) if token in html else html
        found = content_findings(steady, allowed, page.file.dest_uri, self._page_cache)
        for finding in found:
            where = where_written(
                finding,
                html,
                source,
                self._author_files,
                self.course.settings.root,
                page.file.dest_uri,
            )
            self.content_problems.add(*where, origin=finding.origin)
        return html

    @event_priority(-200)
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        """Every page is made, none written yet: stop here if one would load another origin."""
        if self.content_problems and not i18n.building_other_language(config):
            if self.purpose.report_late:
                raise ContentProblems(self.content_problems)
            raise CourseProblems(self.content_problems)
        return env

    def _fill_checks(self, html: str, *, page: Page, config, files) -> str:
        if not self.active:
            return html
        # The markers stay in the content (freed of the <p> Markdown put around them) until the
        # page is written (on_post_page renders them): MkDocs keeps every page's content until
        # the end of the build, and the checks' forms and data would be a quarter of that.
        html, found = self.markers.fill(html, self.markers.marker)
        if found:
            self._marked.add(page.file.dest_uri)
        has_overview = found and self.markers.overview() in html  # the take-away goes there
        if check_id_of(page) is not None:
            # Material's "skip to content" link points at the first heading of the page's table
            # of contents; a check page has none of its own, so it gets the check itself.
            page.toc = TableOfContents([AnchorLink(page.title or "", dom_id(check_id_of(page)), 1)])
        if found:
            # Linked inside the content, not in <head>: Material's instant navigation swaps only
            # the content and runs the scripts it finds there. Pages without a check get nothing.
            html = pages.asset_tags(page.url, takeaway=has_overview) + html
        if with_handouts(config, self.purpose):  # "Arbeitsblatt (PDF)" on checks, the start page
            from ..handouts.links import download_links  # lazy: see _make_handouts

            lang = self.view.settings.lang
            html += download_links(check_id_of(page), page.is_homepage, page.url, lang)
        return html

    # The search plugin indexes page.content at priority 0. Just for that moment each check's
    # marker is swapped for the check's words: the index keeps what the author wrote (questions,
    # options, feedback) without the form's controls and notices that every check repeats, and
    # the theme's parser need not read the form. The page itself is unchanged.
    @event_priority(50)
    def _words_for_search(self, context, *, page: Page, config, nav):
        if self.search_words and self.active and page.file.dest_uri in self._marked:
            page.content = self.search_words.swap_in(page.content, self.view, check_id_of(page))
        return context

    @event_priority(-50)
    def _checks_after_search(self, context, *, page: Page, config, nav):
        if self.search_words and self.active and page.file.dest_uri in self._marked:
            page.content = self.search_words.swap_back(page.content)
        return context

    on_page_context = CombinedEvent(_words_for_search, _checks_after_search)
    on_page_content = CombinedEvent(_fill_checks, _check_content)

    @event_priority(100)  # before any plugin that rewrites the page (a minifier drops comments)
    def on_post_page(self, output: str, *, page: Page, config) -> str:
        if self._footer:
            label = pages.UI[self.view.settings.lang]["footer"]
            output = place.add_footer_links(output, place.footer_links(page, self._footer, label))
        if not self.active:
            return output
        if page.file.dest_uri in self._marked:
            output = self.markers.fill(output, self._renderer(page, config), wrapped=False)[0]
        return name_search_dialog(output, self.view.settings.lang)

    def _renderer(self, page: Page, config):
        """Renders the check or overview behind a marker, as the page is written."""
        from ..render import render_check, render_overview  # lazy: see built_assets

        course = self.view
        lang = course.settings.lang

        def render(kind: str, check_id: str) -> str:
            if kind == "overview":
                entries = pages.overview_entries(course, config.use_directory_urls, self.order)
                entries = [e | overview_extras(course.data[e["id"]]) for e in entries]
                name = course.settings.course
                return render_overview(entries, lang=lang, course=name, title=config.site_name)
            # On a check's own page the page title is the heading; in a lesson it gets an h2.
            heading = None if check_id_of(page) == check_id else 2
            data = course.data[check_id]
            return render_check(data, lang=lang, heading=heading, next_step=self._next_step(page))

        return render

    def _next_step(self, page: Page) -> dict | None:
        """After a result, the participant goes on to the next page of the course."""
        following = page.next_page
        if following is None or following.url is None:
            return None
        return {"url": get_relative_url(following.url, page.url), "title": following.title or ""}

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if not self.active:
            return output_content
        return name_search_dialog(output_content, self.view.settings.lang)

    # -- phase 4: the built site ----------------------------------------------------------------

    # Last: other plugins write files in their on_post_build too (redirect pages, minified
    # assets), and mkdocs-static-i18n (-100) builds the other languages from its own.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """No page may load anything from another origin (the scan); then every page gets the
        policy that makes the browser enforce it, and the header files for hosts.

        A site without a single check is no course yet: adding the plugin changes nothing there
        and costs (almost) nothing, so its built pages are not read (what mkdocs.yml and the
        lessons load was checked before the build, in `prepare`); the handouts are made."""
        if i18n.building_other_language(config):
            return  # the outermost build checks the whole site once, every language built
        self.prepared.late_problems = Problems()
        if self.active:
            self._scan_and_protect(config)
            if self.prepared.late_problems and self.purpose.report_late:
                return
        if with_handouts(config, self.purpose) and not self.purpose.look_only:
            self._make_handouts(config)

    def _make_handouts(self, config: MkDocsConfig) -> None:
        # Imported here, not at the top: the handouts package loads the models, Jinja and the
        # PDF layout, which a site without handouts (or without checks) never needs.
        from ..handouts.site import HandoutsFailed, build_for_site
        from .handouts import handout_setup

        if self._serving:  # the preview rebuilds on every save, and a workbook takes seconds
            log.info("Handouts are not laid out during serve; kursbau build makes them.")
            return
        try:
            report = build_for_site(self.course, handout_setup(config))
        except HandoutsFailed as err:
            raise PluginError(str(err)) from None
        for warning in report.warnings:
            log.warning(f"handouts: {warning}")
        log.info(
            f"Handouts: {len(report.files)} PDFs, {len(report.built)} laid out, "
            f"{len(report.reused)} unchanged, {report.seconds:.1f} s"
        )

    def _scan_and_protect(self, config: MkDocsConfig) -> None:
        """The scan of the built site, then the policy in every page and the host files."""
        site = Path(config.site_dir)
        settings = self.course.settings
        sources = hosting.page_sources(self._files, config, self.view) if self._files else {}
        late = self.prepared.late_problems
        late.extend(self.content_problems)
        facts = check_site(
            site,
            settings.allowed_origins,
            sources,
            settings.root,
            late,
            cache_dir=user_cache_dir(),
            author_files=self._author_files,
            page_cache=self._page_cache,
            css_cache=self._css_cache,
        )
        self._page_cache = None  # saved: the next build (serve) reads it again
        hosting.theme_needs(config, facts, settings.allowed_origins, sources, late)
        if late:
            if self.purpose.report_late:
                return
            raise CourseProblems(late)
        if self.purpose.look_only:
            return
        self._tell_about_string_code(config)
        policy = policy_for(facts, settings.allowed_origins)
        if self._serving:
            write_host_files(site, policy, own_headers=self._own_headers)
        else:
            write_policy(site, policy, own_headers=self._own_headers, pages=facts.html_files)

    def _tell_about_string_code(self, config: MkDocsConfig) -> None:
        """The site's own scripts that make code from text: the policy blocks that, and no hash
        can allow it; say where, once per build."""
        for file in self._files or ():
            if not file.is_javascript() or file.generated_by or not file.abs_src_path:
                continue
            if not file.abs_src_path.startswith(str(Path(config.docs_dir).resolve())):
                continue  # the theme's own files need no eval
            try:
                where = string_code(file.content_string)
            except (OSError, UnicodeDecodeError):
                continue
            if where:
                path = project_path(Path(file.abs_src_path), self.course.settings.root)
                notice = (
                    f"{path}:{where[0]}:{where[1]}: this script makes code from text (eval,"
                    " new Function or setTimeout with a string), which the Content-Security-"
                    "Policy in _headers blocks and no hash can allow: pass a function instead"
                )
                if notice not in self.prepared.notices:
                    self.prepared.notices.append(notice)
                    log.info(notice)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """With handouts enabled, a missing WeasyPrint stops the build before site/ is cleaned."""
        if with_handouts(config, self.purpose) and not self.purpose.look_only:
            from ..handouts.site import HandoutsFailed, require_engine  # lazy: _make_handouts

            try:
                require_engine()
            except HandoutsFailed as err:
                raise PluginError(str(err)) from None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.course.settings.quizzes_dir))
        # Say where the course is once an edit will be seen: MkDocs binds and listens first,
        # then starts the watcher, whose start takes the first look at every watched folder
        # (an edit made before that look is in it and never reported). The address is the one
        # the server really got (port 0 picks a free one), with the path of site_url.
        start_watching = server.observer.start

        def watch_and_tell() -> None:
            start_watching()
            host, port = server.server_address[:2]
            self.serving = f"http://{host}:{port}{server.mount_path}"
            log.info(f"Serving the course at {self.serving} (stop with Ctrl+C)")

        server.observer.start = watch_and_tell
        quiet_rebuilds(server, config.config_file_path)
        return server


class SearchWords:
    """Swaps each check marker in a page's content for the check's words while the search
    plugin indexes the page, and back (see KursbauPlugin.on_page_context).

    The words carry their check's id, so `swap_back` needs nothing from `swap_in`: pages may be
    swapped in and back in any order and interleaved (another language's build, a live rebuild
    of one page), and a page that was never swapped in comes back unchanged."""

    def __init__(self, markers: pages.Markers):
        self.markers = markers
        self._mark = f"<!--kb-{markers.token}-search"
        self._words = re.compile(rf"{self._mark}:([a-z0-9/-]+)-->.*?{self._mark}-end-->", re.S)

    def swap_in(self, content: str, course: Course, own: str | None) -> str:
        """`own`: the check whose own page this is (its title is the page's, not repeated)."""

        def words(kind: str, check_id: str) -> str:
            if kind != "check":
                return self.markers.marker(kind, check_id)
            text = search_text(course.data[check_id], 0 if check_id == own else 2)
            return f"{self._mark}:{check_id}-->{text}{self._mark}-end-->"

        return self.markers.fill(content, words, wrapped=False)[0]

    def swap_back(self, content: str) -> str:
        if self._mark not in content:
            return content
        return self._words.sub(lambda m: self.markers.check(m.group(1)), content)


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


def overview_extras(data: dict) -> dict:
    """What the overview shows of a check besides its title (how long it takes), and what its
    take-away print needs (render.takeaway)."""
    from ..render.takeaway import takeaway_data  # lazy: see built_assets

    return {
        "questions": len(data["questions"]),
        "minutes": data.get("minutes"),
        "takeaway": takeaway_data(data),
    }


def with_handouts(config: MkDocsConfig, purpose: Purpose) -> bool:
    """Whether the site built for `purpose` comes with PDF handouts (links on its pages, a
    trainer edition beside it): mkdocs.yml enables them and the purpose does not leave them out."""
    return config.plugins[PLUGIN_NAME].config.handouts.enabled and purpose.handouts


def hints_of(course: Course) -> list:
    from ..core.hint import course_hints

    return course_hints(course)


def dom_id(check_id: str) -> str:
    from ..render import dom_id as of  # lazy: see built_assets

    return of(check_id)


def built_assets() -> dict[str, str]:
    # Imported when first needed: the renderer loads the models, pydantic and Jinja, which a site
    # without checks never needs (adding the plugin to it costs almost nothing).
    from ..render import built_assets as assets

    return assets()


def settings_for(config: MkDocsConfig, options: KursbauConfig) -> Settings:
    root = Path(config.config_file_path or ".").resolve().parent
    return Settings(
        root=root,
        docs_dir=Path(config.docs_dir),
        quizzes_dir=(root / options.quizzes).resolve(),
        course=options.course or slug(config.site_name or root.name),
        # the site's language, as the theme resolved it (also from an INHERITed file)
        lang=language(config.theme["language"]),
        site_url=config.site_url,
        allowed_origins=frozenset(
            normalize_origins([*options.allow_origins, config.site_url or ""])
        ),
        languages=i18n.languages(config),
        **engine_reading(config),
        quizzes_option=options.quizzes,
        fence_loads=theme_fence_loads(config, options.allow_origins),
    )


def generated_here(file: File) -> bool:
    """Whether Kursbau made this file (a site's own page in checks/ stays the site's)."""
    return file.generated_by == PLUGIN_NAME


def check_id_of(page: Page) -> str | None:
    """The check whose own page this is, or None."""
    uri = page.file.src_uri
    if generated_here(page.file) and uri.endswith(".md") and uri != pages.OVERVIEW:
        return uri[len("checks/") : -3]
    return None


def edit_url(config: MkDocsConfig, yaml_path: str) -> str | None:
    """The edit link of a check page points at its YAML file, not at a generated page."""
    if not config.repo_url or not config.edit_uri:
        return None
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    base = urljoin(config.repo_url.rstrip("/") + "/", config.edit_uri.lstrip("/"))
    return urljoin(base.rstrip("/") + "/", posixpath.relpath(yaml_path, docs))
