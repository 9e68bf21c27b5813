"""The handouts as the last phase of a site build (called by the MkDocs plugin).

PDFs go to `<site>/handouts/`, the trainer edition to its own folder outside the site. During
`mkdocs serve` nothing is laid out: the preview rebuilds on every save, and a workbook takes
seconds; `kursbau build` or `kursbau handout` make them.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.kursbau")


class HandoutsFailed(Exception):
    """The handouts could not be made; the message says why and what to do."""


def require_engine() -> None:
    """Fail before anything is written when handouts are enabled but WeasyPrint is missing."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:
        raise HandoutsFailed(
            "handouts are enabled in mkdocs.yml but WeasyPrint is not available: install it with"
            f" pip install 'kursbau[pdf]', or set handouts: {{enabled: false}} ({err})"
        ) from None


def is_preview(config) -> bool:
    """`mkdocs serve` builds into a temporary folder named mkdocs_…"""
    site = Path(config.site_dir)
    return site.name.startswith("mkdocs_") and site.parent == Path(tempfile.gettempdir())


def build_for_site(course, config):
    from . import build_handouts
    from .options import options_from_mkdocs, site_handouts_dir, trainer_dir_of
    from .progress import ProgressBar

    if is_preview(config):
        log.info("Handouts are not laid out during serve; kursbau build makes them.")
        return None
    require_engine()
    try:
        report = build_handouts(
            course,
            site_handouts_dir(config),
            project_root=course.settings.root,
            options=options_from_mkdocs(config),
            trainer_dir=trainer_dir_of(config),
            progress=ProgressBar(label="Handouts") if sys.stderr.isatty() else None,
        )
    except OSError as err:
        where = f" {err.filename}" if err.filename else ""
        raise HandoutsFailed(
            f"the handouts could not be made:{where} {err.strerror or err}"
        ) from None
    except Exception as err:  # noqa: BLE001 - reported as a build failure, not a traceback
        raise HandoutsFailed(
            f"the handouts could not be laid out ({type(err).__name__}: {err})"
        ) from None
    for warning in report.warnings:
        log.warning(f"handouts: {warning}")
    log.info(
        f"Handouts: {len(report.files)} PDFs, {len(report.built)} laid out, "
        f"{len(report.reused)} unchanged, {report.seconds:.1f} s"
    )
    return report
