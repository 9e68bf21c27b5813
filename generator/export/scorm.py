"""`kursbau export scorm`: the built course as a SCORM 1.2 or 2004 package (a zip), or one
package per check.

The site is built by the MkDocs adapter into a temporary folder (never into site/), with plain
file URLs (a platform serves files, not folders) and without PDF workbooks. Then the package
gets what only packages carry (0 bytes of it reach the normal site):

- `kursbau-scorm.html`, the package's start page: it holds the platform session (initialise and
  terminate once per launch) and shows the site in a frame; like every page of the site it
  carries a Content-Security-Policy `<meta>` first (its own files only), and its style is a file;
- `assets/kursbau/scorm/kursbau-scorm.js`, the bridge, linked into every page before
  kursbau.js: it finds the platform's API the standard way, reports by FORMAT 1.1's rules and
  keeps the answers of `lms: score` checks in `cmi.suspend_data`;
- `assets/kursbau/scorm/course.js`, what the bridge needs to know about the course (the
  suspend_data layout, see suspend.py).
"""

from __future__ import annotations

import json
import posixpath
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..core.hosting import SiteFacts, add_policy_meta, policy_for
from ..core.outputs import shown_path
from ..core.project import Course
from ..core.rules import lms_of
from . import ExportFailed, check_output, open_output
from .manifest import identifier, manifest
from .suspend import LIMITS, check_layout, layout_key, worst_case

BRIDGE = Path(__file__).resolve().parent.parent / "assets" / "scorm"
BRIDGE_DIR = "assets/kursbau/scorm"
START = "kursbau-scorm.html"
ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # the same course makes the same bytes
# Files of the built site that only a web host uses: a platform never shows the 404 page (whose
# links start at the host's root, which inside a platform is the platform's) and never reads
# header files.
HOST_ONLY = frozenset({"404.html", "_headers", "nginx-csp.conf"})


@dataclass
class Package:
    path: Path
    check: str | None  # None: the whole course
    files: int
    bytes: int
    suspend_worst: int


@dataclass
class ScormSummary:
    packages: list[Package]
    skipped: list[str]  # checks with lms: none (per-check export)
    seconds: float


def default_out(course: Course, version: str, per_check: bool, root: Path) -> Path:
    tag = "scorm12" if version == "1.2" else "scorm2004"
    name = f"{course.settings.course}-{tag}"
    return root / "dist" / (name if per_check else f"{name}.zip")


def plan(course: Course, version: str, per_check: bool) -> list[tuple[str | None, dict]]:
    """(check id or None, course config for the bridge) of each package to write. Raises
    ExportFailed when a package's suspend_data could outgrow what the platform keeps."""
    reported = [c for c in course.data if lms_of(course.checks[c].model) != "none"]
    groups = [(c, [c]) for c in reported] if per_check else [(None, reported)]
    plans = []
    for check, ids in groups:
        layouts = [check_layout(course.data[c], lms_of(course.checks[c].model)) for c in ids]
        worst = worst_case(layouts)
        if worst > LIMITS[version]:
            raise ExportFailed(_too_big(course, version, layouts, worst))
        plans.append(
            (
                check,
                {
                    "version": version,
                    "course": course.settings.course,
                    "key": layout_key(layouts),
                    "limit": LIMITS[version],
                    "worst": worst,
                    "checks": layouts,
                },
            )
        )
    return plans


def _too_big(course: Course, version: str, layouts: list[dict], worst: int) -> str:
    biggest = max(layouts, key=lambda layout: worst_case([layout]))
    path = course.checks[biggest["id"]].path
    return (
        f"the answers of this course can need {worst} characters in the platform, more than SCORM"
        f" {version} keeps ({LIMITS[version]}); the largest part is {path}"
        f" ({worst_case([biggest])} characters). Export with --version 2004 (64,000 characters),"
        " or with --per-check (one package per check), or set lms: completion on some checks"
    )


def export_scorm(
    config_file: Path, *, version: str = "1.2", per_check: bool = False, out: Path | None = None
) -> ScormSummary:
    """Validate, build into a temporary folder, write the package(s); nothing is written when
    the course has problems or a package could not hold its answers."""
    started = time.perf_counter()
    from ..mkdocs_adapter import build as engine

    target = out.resolve() if out else None
    if target:
        _refuse_inside_site(target, config_file)
        check_output(target, folder=per_check)
    packages: list[Package] = []
    with tempfile.TemporaryDirectory(prefix="kursbau-scorm-") as tmp:
        # The build validates first (the same problems as `kursbau build`) and writes only into
        # the temporary folder.
        site = Path(tmp) / "site"
        try:
            built = engine.build(
                config_file, site_dir=site, handouts=False, use_directory_urls=False
            )
        except engine.BuildFailed as err:
            raise ExportFailed(str(err), err.problems) from None
        course: Course = built.course
        plans = plan(course, version, per_check)  # refuses a course whose answers cannot fit
        target = target or default_out(course, version, per_check, course.settings.root)
        _refuse_inside_site(target, config_file)
        with open_output(target, folder=per_check) as dest:
            for check, config in plans:
                title = course.data[check]["title"] if check else built.site_name
                title = title or course.settings.course
                zip_path = dest / (check.replace("/", "-") + ".zip") if per_check else dest
                final = target / zip_path.name if per_check else target
                packages.append(
                    _write(site, zip_path, final, course, version, check, config, title)
                )
    skipped = [c for c in course.data if per_check and lms_of(course.checks[c].model) == "none"]
    return ScormSummary(packages, skipped, time.perf_counter() - started)


def _refuse_inside_site(target: Path, config_file: Path) -> None:
    from ..mkdocs_adapter import build as engine

    try:
        site_dir = Path(engine.load(config_file).site_dir).resolve()
    except engine.BuildFailed:
        return
    if target == site_dir or site_dir in target.parents:
        raise ExportFailed(
            f"{shown_path(target)} is inside {shown_path(site_dir)}, which every build replaces and which"
            " is published: write the package elsewhere (the default is dist/)"
        )


def _write(
    site: Path,
    dest: Path,
    final: Path,
    course: Course,
    version: str,
    check: str | None,
    config: dict,
    title: str,
) -> Package:
    """One package from the built site into the zip `dest` (which becomes `final`)."""
    start_page = f"checks/{check}.html" if check else "index.html"
    files = _package_files(site, config, start_page, title, course.settings.lang)
    ident = identifier(f"kursbau-{course.settings.course}" + (f"-{check}" if check else ""))
    files["imsmanifest.xml"] = manifest(
        version,
        ident=ident,
        title=title,
        lang=course.settings.lang,
        start=START,
        files=sorted(name for name in files if name != "imsmanifest.xml"),
    ).encode()
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in ["imsmanifest.xml", *sorted(n for n in files if n != "imsmanifest.xml")]:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return Package(final, check, len(files), dest.stat().st_size, config["worst"])


def _package_files(site: Path, config: dict, start_page: str, title: str, lang: str) -> dict:
    """Every file of the package (path → bytes): the site with the bridge linked into each
    page, the bridge, the course config and the start page."""
    files: dict[str, bytes] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        if rel in HOST_ONLY:
            continue
        body = path.read_bytes()
        if rel.endswith(".html"):
            body = link_bridge(body.decode("utf-8"), rel).encode("utf-8")
        files[rel] = body
    for name in ("kursbau-scorm.js", "kursbau-scorm.css"):
        files[f"{BRIDGE_DIR}/{name}"] = (BRIDGE / name).read_bytes()
    files[f"{BRIDGE_DIR}/course.js"] = course_script(config).encode()
    icon = "assets/images/favicon.png" if "assets/images/favicon.png" in files else "data:,"
    # The start page loads only the package's own files: the site's base policy, first in <head>
    # as on every page of the site (inside a platform too, no other origin).
    start = start_html(start_page, title, lang, icon).encode()
    files[START] = add_policy_meta(start, policy_for(SiteFacts()))
    return files


def course_script(config: dict) -> str:
    text = json.dumps(config, ensure_ascii=True, separators=(",", ":"))
    return (
        "/* What kursbau-scorm.js needs to know about this course; written by"
        " `kursbau export scorm`. */\nwindow.KursbauScormCourse = " + text + ";\n"
    )


_HEAD_END = re.compile(r"</head\s*>", re.I)


def link_bridge(html: str, page: str) -> str:
    """The course config and the bridge as classic scripts at the end of <head>: they run
    before kursbau.js, which pages load later (deferred, in the content)."""
    base = posixpath.relpath(BRIDGE_DIR, posixpath.dirname(page) or ".")
    tags = (
        f'<script src="{base}/course.js"></script><script src="{base}/kursbau-scorm.js"></script>'
    )
    match = _HEAD_END.search(html)
    if not match:
        return html
    return html[: match.start()] + tags + html[match.start() :]


def start_html(start_page: str, title: str, lang: str, icon: str) -> str:
    template = (BRIDGE / "kursbau-scorm.html").read_text(encoding="utf-8")
    return (
        template.replace("{{lang}}", escape(lang))
        .replace("{{title}}", escape(title))
        .replace("{{start}}", escape(start_page))
        .replace("{{icon}}", escape(icon))
    )
