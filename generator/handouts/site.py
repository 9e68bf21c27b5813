"""The handouts as the last phase of a site build (called by the engine's adapter).

PDFs go to `setup.out_dir` (in the site), the trainer edition to its own folder outside the site.
Whether to make them at all (not while previewing) is the caller's decision.
"""

from __future__ import annotations

import sys

from ..core.project import Course
from . import HandoutReport, build_handouts
from .options import HandoutSetup
from .progress import ProgressBar


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


def build_for_site(course: Course, setup: HandoutSetup) -> HandoutReport:
    require_engine()
    try:
        return build_handouts(
            course,
            setup.out_dir,
            project_root=course.settings.root,
            options=setup.options,
            trainer_dir=setup.trainer_dir,
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
