"""Markdown for the texts inside checks (intro, tips, band texts, feedback, explanations).

Raw HTML is escaped rather than passed through: check texts end up inside the page and inside
inline JSON, so a stray `<script>` or `</div>` in a YAML file must never change the page. What
Markdown itself makes is then cleaned by an allow-list (nh3, the Ammonia sanitiser): only the
elements Markdown writes, only their harmless attributes, and links and images only to `http`,
`https`, `mailto` or a relative address, so `[klick](javascript:…)` is never a link.
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as _markdown

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_TAGS = frozenset(
    {"p", "br", "hr", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li", "blockquote"}
    | {f"h{n}" for n in range(1, 7)}
)
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}


def sanitise(html: str) -> str:
    """HTML made by Markdown, with everything outside the allow-list removed."""
    import nh3  # here: a build whose checks all come from the cache sanitises nothing

    return nh3.clean(
        html, tags=set(_TAGS), attributes=_ATTRIBUTES, url_schemes=set(LINK_SCHEMES), link_rel=None
    )


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
    return sanitise(md.convert(text))


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
