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
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    md = _renderer()
    md.reset()
    return md.convert(text)


# A line Markdown leaves as it is: it starts with a letter (so it opens no list, heading, quote,
# code block or rule) and holds nothing that starts inline markup, an entity or raw HTML.
_PLAIN_LINE = re.compile(r"[^\W\d_][^\\`*_\[\]<>&\r\t\x00-\x08\x0b-\x1f\x7f]*(?<=\S)")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML Markdown makes of plain sentences (most check texts), without running it;
    None when the text has any markup (or anything else Markdown might change)."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
        elif _PLAIN_LINE.fullmatch(line):
            paragraphs[-1].append(line)
        else:
            return None
    html = "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs if lines)
    return html or None


_P = re.compile(r"^<p>(.*)</p>$", re.S)


def inline(text: str) -> str:
    """One line of Markdown (emphasis, code, links) to HTML without a paragraph around it."""
    html = block(text) or ""
    match = _P.match(html)
    return match.group(1) if match and "<p>" not in match.group(1) else html
