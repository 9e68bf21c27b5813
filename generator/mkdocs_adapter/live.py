"""`kursbau serve`: MkDocs' preview server, rebuilding only the pages a change touches.

MkDocs 1.6 rebuilds the whole site on every change (20 s for a course of 1,000 lessons), and
its `--dirty` mode does not help here: it rebuilds every generated page (each check's page, at
every change), never the lessons that embed a changed check, and leaves the titles of unread
pages out of the nav and their words out of the search index. So Kursbau keeps what the first
full build made (files, nav, template environment, every page) and, for a change to a lesson
or a check file, validates that file, renders the pages that show it and writes them, then the
search index: MkDocs' own steps (`_populate_page`, `_build_page`), run for those pages only.

A new title also goes to every page whose last output links to the retitled page (the nav, the
"Weiter" link: which pages show which nav entries is the theme's business, so the written files
are asked). Everything else is a full rebuild, as with MkDocs: a change to mkdocs.yml, the theme
or any file that is neither a page nor a check; a file added, removed or renamed; a change of
the order of the checks (the automatic section follows it); a site whose plugins are not known
to keep per-page state only, or whose Markdown can include other files (snippets).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.events
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from ..core import pages
from ..core.problems import Problems
from ..core.sources import why_unreadable
from .errors import CourseProblems, say_failed_rebuild
from .plugin import KursbauPlugin

log = logging.getLogger("mkdocs.plugins.kursbau")

# Plugins whose per-page work MkDocs' own page steps redo, and whose site-wide output Kursbau
# knows how to bring up to date (the search index). Any other plugin may gather state from
# every page (tags, blog, …): then every change rebuilds the whole site.
PAGE_LOCAL_PLUGINS = {"search", "material/search", "offline", "material/offline", "kursbau"}
SEARCH_PLUGINS = ("search", "material/search")
OFFLINE_PLUGINS = ("offline", "material/offline")
INCLUDING_EXTENSIONS = ("pymdownx.snippets", "markdown_include.include", "mdx_include")


class _Recorder(BasePlugin):
    """Keeps what the last full build made: the files, the final nav and the environment."""

    files: Files
    nav: Navigation
    env: object

    @event_priority(-1000)  # after every plugin, Kursbau (-150) too
    def on_files(self, files, *, config):
        self.files = files
        return files

    @event_priority(-1000)  # after every plugin, Kursbau (-150) too
    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    @event_priority(-1000)  # after every plugin, Kursbau (-150) too
    def on_env(self, env, *, config, files):
        self.env = env
        return env


@dataclass
class Plan:
    """What a set of changed paths asks for: None of these means a full rebuild."""

    lessons: list[str] = field(default_factory=list)  # pages (in docs_dir) whose file changed
    checks: dict[str, Path] = field(default_factory=dict)  # check id → its changed file
    static: list = field(default_factory=list)  # other files of docs_dir to copy again


class LiveSite:
    """The site in the preview folder, built in full once and then page by page."""

    def __init__(self, config_file: Path, site_dir: str, dev_addr: str):
        self.config_file = config_file
        self.site_dir = site_dir
        self.dev_addr = dev_addr
        self.serve_url: str | None = None
        self.config = None
        self.recorder = _Recorder()
        self.partial_ok = False

    def load(self):
        config = load_config(str(self.config_file), site_dir=self.site_dir, dev_addr=self.dev_addr)
        if self.serve_url:
            config.site_url = self.serve_url
        # every build of the preview is a serve build (no policy <meta>: the preview server
        # adds its inline live-reload script to every page)
        config.plugins.on_startup(command="serve", dirty=False)
        return config

    def full(self, config=None) -> None:
        """A full build, as MkDocs' serve makes it, remembering its state."""
        config = config or self.load()
        if self.config is not None and self.config is not config:
            self.config.plugins.on_shutdown()  # the last build's plugins clean up after them
        self.recorder = _Recorder()
        config.plugins["kursbau-live"] = self.recorder
        self.config = None  # until this build succeeded
        mkdocs_build.build(config, serve_url=self.serve_url)
        self.config = config
        names = set(config.plugins) - {"kursbau-live"}
        including = [e for e in config.markdown_extensions if str(e) in INCLUDING_EXTENSIONS]
        self.partial_ok = names <= PAGE_LOCAL_PLUGINS and not including
        if not self.partial_ok:
            others = sorted(names - PAGE_LOCAL_PLUGINS) or including
            log.info(f"Every change rebuilds the whole site ({', '.join(map(str, others))}).")

    # -- deciding ----------------------------------------------------------------------------

    def plan(self, changed: set[str]) -> Plan | None:
        """What to rebuild for these changed paths, or None for everything."""
        if self.config is None or not self.partial_ok:
            return None
        plugin: KursbauPlugin = self.config.plugins["kursbau"]
        if plugin.view is not plugin.course or plugin.course.variants:
            return None  # a course in several languages: every change rebuilds all of them
        settings = plugin.course.settings
        docs, quizzes = Path(self.config.docs_dir).resolve(), settings.quizzes_dir
        files = self.recorder.files
        plan = Plan()
        for name in sorted(changed):
            path = Path(name).resolve()
            exists = path.is_file()
            if path.name.startswith("."):
                continue  # hidden files (editors' swap files): never part of the site
            if _inside(path, quizzes):
                if path.suffix not in (".yml", ".yaml"):
                    continue  # only check files are read there
                check_id = path.relative_to(quizzes).with_suffix("").as_posix()
                known = plugin.course.checks.get(check_id)
                if not exists and known is None:
                    continue
                if not exists or known is None or settings.root / known.path != path:
                    return None  # a check added, removed or renamed
                plan.checks[check_id] = path
            elif _inside(path, docs):
                rel = path.relative_to(docs).as_posix()
                file = files.get_file_from_path(rel)
                lesson = plugin.course.lessons.get(rel)
                if lesson is not None and lesson.trainer and exists:
                    plan.lessons.append(rel)  # not on the site: re-read, in case that changes
                elif file is None or not exists:
                    if not exists and file is None:
                        continue  # an editor's temporary file, come and gone
                    return None  # a page or file added or removed
                elif file.is_documentation_page():
                    if file.page is None or file.inclusion.is_excluded() or lesson is None:
                        return None
                    plan.lessons.append(rel)
                else:
                    plan.static.append(file)
            else:
                return None  # mkdocs.yml, the theme, an included file: anything may change
        return plan

    # -- rebuilding pages ------------------------------------------------------------------------

    def update(self, changed: set[str]) -> str:
        """Bring the site up to date with the changed paths; says what was rebuilt."""
        plan = self.plan(changed)
        if plan is None or not self._pages(plan):
            self.full()
            return "site"
        return "pages"

    def _pages(self, plan: Plan) -> bool:
        """Rebuild the pages of the plan; False when it turns out to change the nav's shape."""
        config, rec = self.config, self.recorder
        plugin: KursbauPlugin = config.plugins["kursbau"]
        course = plugin.course
        problems = Problems()
        checks = _reload_checks(course, plan.checks, problems)
        lessons = _reread_lessons(course, plan.lessons, problems)
        if problems:
            raise CourseProblems(problems)
        if any(lessons[rel].trainer != course.lessons[rel].trainer for rel in lessons):
            return False  # a page joins or leaves the site
        before = pages.course_order(course, [p.file.src_uri for p in rec.nav.pages])
        retitled_checks = [i for i in checks if checks[i][1]["title"] != course.data[i]["title"]]
        for check_id, (loaded, data) in checks.items():
            course.checks[check_id], course.data[check_id] = loaded, data
        course.lessons.update(lessons)
        if pages.course_order(course, [p.file.src_uri for p in rec.nav.pages]) != before:
            return False  # the automatic section follows the order of the checks

        files = rec.files
        changed = [
            files.get_file_from_path(rel).page for rel in lessons if not lessons[rel].trainer
        ]
        for check_id in retitled_checks:  # the title is in its page's source (front matter)
            file = files.get_file_from_path(pages.check_page_uri(check_id))
            file.content_string = pages.check_page_source(course, check_id, plugin.markers)
            changed.append(file.page)
        retitled = []
        plugin.content_problems = Problems()  # what the made pages load, as on_env checks it
        for page in changed:
            title = page.title
            mkdocs_build._populate_page(page, config, files)
            if page.title != title:
                retitled.append(page)
        if plugin.content_problems:
            raise CourseProblems(plugin.content_problems)  # nothing written: the last good site
        todo = {id(page): page for page in changed}
        for check_id in checks:
            for uri in (pages.check_page_uri(check_id), pages.OVERVIEW):
                file = files.get_file_from_path(uri)
                if file is not None and file.page is not None:
                    todo[id(file.page)] = file.page
            for rel, lesson in course.lessons.items():
                file = files.get_file_from_path(rel)
                if any(c == check_id for c, _ in lesson.embeds) and file and file.page:
                    todo[id(file.page)] = file.page
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        if retitled:
            todo |= {id(page): page for page in _linking_to(retitled, doc_files)}
        _forget_search_entries(config, todo.values())
        for page in todo.values():
            mkdocs_build._build_page(page, config, doc_files, rec.nav, rec.env)
        if retitled:  # the theme's own pages (404.html) show the nav too
            for name in config.theme.static_templates:
                mkdocs_build._build_theme_template(name, rec.env, files, config, rec.nav)
        for page in changed:
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        for file in plan.static:
            file.copy_file()
        for name in (*SEARCH_PLUGINS, *OFFLINE_PLUGINS):  # the index, then its offline copy
            if name in config.plugins:
                config.plugins[name].on_post_build(config=config)
        return True


def _linking_to(retitled: list[Page], doc_files) -> list[Page]:
    """The pages whose last output links to a retitled page: its title may show there (nav,
    "Weiter"), and which pages show which nav entries is the theme's decision. Their written
    files tell, whatever the theme."""
    found = []
    for file in doc_files:
        page = file.page
        try:
            output = Path(file.abs_dest_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if any(f'href="{normalize_url(r.url, page)}"' in output for r in retitled):
            found.append(page)
    return found


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _reload_checks(course, changed: dict[str, Path], problems: Problems) -> dict:
    """Validate and compile the changed check files: id → (LoadedCheck, data)."""
    if not changed:
        return {}
    # lazy: the models and the compiler load when a check is edited, not for a preview of pages
    from ..core.compile import compile_check
    from ..core.loader import LoadedCheck, load_text
    from ..core.resources import check_data_html

    settings = course.settings
    result = {}
    for check_id, path in changed.items():
        rel = course.checks[check_id].path
        try:
            raw = path.read_bytes()
        except OSError as err:
            problems.add(rel, 1, 1, f"cannot read this file: {why_unreadable(err)}")
            continue
        loaded = load_text(raw, rel, problems)
        if loaded is None:
            continue
        data = compile_check(loaded[0], check_id, course=settings.course, lang=settings.lang)
        source = raw.decode("utf-8-sig", errors="replace")
        check_data_html(data, source, rel, settings.allowed_origins, problems)
        result[check_id] = (LoadedCheck(check_id, rel, loaded[0], None), data)
    return result


def _reread_lessons(course, paths: list[str], problems: Problems) -> dict:
    """The changed pages read and checked again, by path in docs_dir."""
    if not paths:
        return {}
    from ..core.project import read_lessons

    return read_lessons(course.settings, set(course.checks), problems, only=paths)


def _forget_search_entries(config, rebuilt) -> None:
    """Drop the search entries of the pages about to be rebuilt (they add theirs again)."""
    urls = {page.url for page in rebuilt}
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        if index is None:
            continue
        attr = "entries" if hasattr(index, "entries") else "_entries"
        kept = [e for e in getattr(index, attr) if e["location"].split("#", 1)[0] not in urls]
        setattr(index, attr, kept)


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, remembering which paths changed since the last build."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def watch(self, path: str, func=None, *, recursive: bool = True) -> None:
        first = os.path.abspath(path) not in self._watched_paths
        super().watch(path, func, recursive=recursive)
        if not first:
            return
        server = self

        class Changes(watchdog.events.FileSystemEventHandler):
            def on_any_event(self, event):
                if event.is_directory:
                    return
                with server._changed_lock:
                    server.changed.add(event.src_path)
                    if getattr(event, "dest_path", None):
                        server.changed.add(event.dest_path)

        # The same path as MkDocs' own handler, so that both share one poller.
        self.observer.schedule(Changes(), os.path.abspath(path), recursive=recursive)

    def take_changes(self) -> set[str]:
        with self._changed_lock:
            changed, self.changed = self.changed, set()
        return changed


def serve(config_file: Path, *, host: str, port: int, open_browser: bool = False) -> None:
    """Build the site into a temporary folder, serve it and keep it up to date."""
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")  # the prefix marks a preview (handouts/site)
    live = LiveSite(config_file, site_dir, f"{host}:{port}")
    config = live.load()
    mount_path = urlsplit(config.site_url or "/").path
    live.serve_url = config.site_url = _serve_url(host, port, mount_path)

    def builder(config=None) -> None:
        if config is not None:
            live.full(config)
            return
        started = time.perf_counter()
        try:
            what = live.update(server.take_changes())
        except (CourseProblems, PluginError, Abort, ConfigurationError, OSError) as err:
            say_failed_rebuild(err, Path(config_file))
            return
        log.info(f"Rebuilt the {what} in {time.perf_counter() - started:.2f} s")

    server = _Server(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)

    def error_page(code) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if live.config is not None and live.config is not config:
            live.config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
