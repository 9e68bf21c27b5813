"""Download links to the PDFs on the site's pages (only when handouts are enabled).

The start page links the participant workbook; a check's page links its worksheet and the
workbook. The trainer edition is never linked: it is not part of the site.
"""

from __future__ import annotations

import posixpath
from html import escape

from .strings import ht

HANDOUT_DIR = "handouts"


def _relative(target: str, page_url: str) -> str:
    folder = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    return posixpath.relpath(target, folder or ".")


def download_links(check_id: str | None, homepage: bool, page_url: str, lang: str) -> str:
    """HTML to append to a page's content, or "" for pages that get no links."""
    if check_id is None and not homepage:
        return ""
    links = []
    if check_id is not None:
        href = _relative(f"{HANDOUT_DIR}/checks/{check_id}.pdf", page_url)
        links.append((href, ht("linkWorksheet", lang)))
    href = _relative(f"{HANDOUT_DIR}/{ht('fileParticipant', lang)}", page_url)
    links.append((href, ht("linkWorkbook", lang)))
    items = " · ".join(
        f'<a href="{escape(href)}" download>{escape(text)}</a>' for href, text in links
    )
    label = escape(ht("linksLabel", lang))
    return f'\n<p class="kb-handouts" data-kb-handouts>{label}: {items}</p>\n'
