"""Markdown for the texts inside checks (intro, tips, band texts, feedback, explanations).

Raw HTML is escaped rather than passed through: check texts end up inside the page and inside
inline JSON, so a stray `<script>` or `</div>` in a YAML file must never change the page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as _markdown


@lru_cache(maxsize=1)
def _renderer() -> _markdown.Markdown:
    md = _markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Without these, raw HTML is treated as text and escaped.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def block(text: str | None) -> str | None:
    """Markdown paragraphs, lists and emphasis to HTML; None stays None."""
    if text is None:
        return None
    md = _renderer()
    md.reset()
    return md.convert(text)


_P = re.compile(r"^<p>(.*)</p>$", re.S)


def inline(text: str) -> str:
    """One line of Markdown (emphasis, code, links) to HTML without a paragraph around it."""
    html = block(text) or ""
    match = _P.match(html)
    return match.group(1) if match and "<p>" not in match.group(1) else html
