"""HTML to PDF with WeasyPrint, loading nothing but files from the project and the templates.

Runs in worker processes too, so everything here takes and returns plain data.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .render import STYLESHEET, TEMPLATES


@dataclass
class PdfJob:
    html: str
    target: str  # where to write the PDF
    allowed: tuple[str, ...]  # folders whose files may be read
    base_url: str


@dataclass
class PdfResult:
    target: str
    pages: int
    warnings: list[str]
    anchors: dict[str, int] = field(default_factory=dict)  # element id → page number (from 1)
    tops: dict[str, float] = field(default_factory=dict)  # element id → mm from the page top


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Lets WeasyPrint read `data:` URIs and files under the allowed folders, nothing else:
        a handout never reaches the network, and a lesson cannot pull in files from elsewhere."""

        def __init__(self, allowed: tuple[str, ...]):
            super().__init__(allowed_protocols=("file", "data"))
            self.allowed = [Path(a).resolve() for a in allowed]

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"handouts load nothing from the network: {url}")
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not any(path == root or root in path.parents for root in self.allowed):
                raise ValueError(f"{path} is outside the project; handouts use only its files")
            if not path.is_file():
                raise ValueError(f"{path} does not exist")
            return super().fetch(path.as_uri(), headers)

    return LocalFetcher


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # pragma: no cover - a broken log record must not stop a build
            self.messages.append(str(record.msg))


def write_pdf(job: PdfJob) -> PdfResult:
    """Lay out one document and write it to `job.target` (atomically)."""
    from weasyprint import CSS, HTML

    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        fetcher = _fetcher_class()(job.allowed)
        # Tagged PDF: screen readers get headings, lists and tables, and the reading order.
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)], pdf_tags=True
        )
        target = Path(job.target)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        document.write_pdf(partial, pdf_tags=True)
        partial.replace(target)
    finally:
        logger.removeHandler(collect)
    anchors: dict[str, int] = {}
    tops: dict[str, float] = {}
    for number, page in enumerate(document.pages, start=1):
        for name, box in page.anchors.items():  # (left, top, right, bottom) in CSS pixels
            if name not in anchors:
                anchors[name] = number
                tops[name] = box[1] * 25.4 / 96  # to mm
    return PdfResult(job.target, len(document.pages), _unique(collect.messages), anchors, tops)


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def allowed_roots(project_root: Path) -> tuple[str, ...]:
    return (str(Path(project_root).resolve()), str(TEMPLATES))


def engine_version() -> str:
    import weasyprint

    return weasyprint.__version__
