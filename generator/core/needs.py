"""What a site's own markup needs from a Content-Security-Policy besides its inline scripts and
`<style>` elements (hashed by hosting.py): `style="…"` attributes (attr_list, mkdocs-quiz), event
handler attributes (`onsubmit="…"`) and `javascript:` links, which other plugins write.

Each is allowed by the SHA-256 hash of its value with `'unsafe-hashes'`, which allows exactly
those values and nothing else (Chromium checks a `javascript:` link by the hash of the whole
address). What no hash can allow, code that a site's own script makes from text (`eval`), is
reported (`string_code`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field

_LINKING = {"href", "action", "formaction", "xlink:href"}


def csp_hash(source: str) -> str:
    """The CSP source expression of an inline script, style or attribute value (`'sha256-…'`)."""
    # the browser hashes the text after HTML's newline normalisation
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class Needs:
    """Hashes of the attributes a page writes inline."""

    handlers: set[str] = field(default_factory=set)  # on…="…" and javascript: links
    style_attributes: set[str] = field(default_factory=set)  # style="…"


def tree_needs(tree) -> Needs:
    """The handlers, javascript: links and style attributes of one page, as hashes, from the
    tree the scan parsed (attribute values decoded as a browser decodes them). Walking the tree
    costs less than searching the text for candidates first."""
    needs = Needs()
    for node in tree.css("[style]"):
        needs.style_attributes.add(csp_hash(node.attributes.get("style") or ""))
    for node in tree.root.traverse(include_text=False) if tree.root else ():
        for name, value in node.attributes.items():
            name = name.lower()
            if value is None:
                continue
            if name.startswith("on") or (
                name in _LINKING and value.strip().lower().startswith("javascript:")
            ):
                needs.handlers.add(csp_hash(value))
    return needs


_STRING_CODE = re.compile(
    r"\beval\s*\(|\bnew\s+Function\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['\"`]"
)


def string_code(script: str) -> tuple[int, int] | None:
    """Where a script makes code from text (eval, new Function, setTimeout with a string), which
    a policy without 'unsafe-eval' blocks and no hash can allow: (line, column), or None."""
    match = _STRING_CODE.search(script)
    if not match:
        return None
    line = script.count("\n", 0, match.start()) + 1
    return line, match.start() - (script.rfind("\n", 0, match.start()) + 1) + 1
