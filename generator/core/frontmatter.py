"""A lesson's metadata exactly as the site engine reads it, with positions, and the one key Kursbau
gives meaning to: `audience`.

What decides whether a page reaches participants must be read the way MkDocs reads it (its
`mkdocs.utils.meta.get_data`): YAML between `---` lines at the very start, else MultiMarkdown-style
`key: value` lines up to the first blank line (keys lower-cased). Where MkDocs would silently
publish a page whose front matter it could not read, Kursbau reports an error, and `audience` is
validated like every key of a check file: one value, `trainer`, with "did you mean" for near
misses of key and value.

    meta = read_meta(text, path, problems)      # text with line breaks already normalised
    meta.trainer                                # True for `audience: trainer`
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

import yaml

from .problems import Problems

# mkdocs.utils.meta: the same expressions (the text has universal newlines, as MkDocs reads it)
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")

AUDIENCE = "audience"
AUDIENCES = ("trainer",)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Meta:
    """A page's metadata: the values MkDocs sees, and where their keys are written."""

    data: dict = field(default_factory=dict)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    valid: bool = True  # False when something that decides publishing could not be read

    @property
    def trainer(self) -> bool:
        return self.data.get(AUDIENCE) == "trainer"


def normalise_newlines(text: str) -> str:
    """Line breaks as MkDocs (Python's text mode) reads them: CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_meta(text: str, path: str, problems: Problems) -> Meta:
    """The metadata of a Markdown page; problems (broken front matter, a wrong `audience`) go to
    `problems` at their line and column."""
    match = YAML_RE.match(text)
    if match:
        return _yaml_meta(match.group(1), path, problems)
    if text.startswith("---") and _looks_like_front_matter(text):
        problems.add(
            path,
            1,
            1,
            "this page starts with '---' but the front matter is never closed: end it with a line"
            " of its own '---' (otherwise the page is published with these lines as text)",
        )
        return Meta(valid=False)
    return _multimarkdown_meta(text, path, problems)


def _looks_like_front_matter(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.strip() == "---" and "\n" in text and bool(META_RE.match(text.split("\n")[1]))


def _yaml_meta(block: str, path: str, problems: Problems) -> Meta:
    try:
        node = yaml.compose(block, Loader=_Loader)
        data = yaml.load(block, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        what = err.problem or "invalid YAML"
        hint = (
            "; a value containing ': ' must be put in quotes, for example"
            ' title: "Lösungen: Teil 1"'
            if "mapping values are not allowed" in what
            else ""
        )
        problems.add(
            path,
            line,
            col,
            f"the front matter (between the '---' lines) is not valid YAML: {what}{hint}."
            " MkDocs would ignore it and publish the page, whatever it says",
        )
        return Meta(valid=False)
    except yaml.YAMLError as err:
        problems.add(path, 1, 1, f"the front matter is not valid YAML: {err}")
        return Meta(valid=False)
    if data is None:
        return Meta()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.add(
            path,
            2,
            1,
            "the front matter must be keys with values (key: value); MkDocs would ignore it and"
            " publish these lines as text",
        )
        return Meta(valid=False)
    positions = {}
    for key_node, _value in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            positions[str(key_node.value)] = (
                key_node.start_mark.line + 2,
                key_node.start_mark.column + 1,
            )
    meta = Meta({str(k): v for k, v in data.items()}, positions)
    value_positions = {
        str(k.value): (v.start_mark.line + 2, v.start_mark.column + 1)
        for k, v in node.value
        if isinstance(k, yaml.ScalarNode)
    }
    _check_audience(meta, value_positions, path, problems)
    return meta


def _multimarkdown_meta(text: str, path: str, problems: Problems) -> Meta:
    """MkDocs' fallback: `key: value` lines at the very start, up to a blank line."""
    lines = _MultiMarkdown(text)
    meta = Meta(lines.data, lines.positions)
    _check_audience(meta, lines.values, path, problems)
    return meta


class _MultiMarkdown:
    """`key: value` lines at the start of a page read as `mkdocs.utils.meta.get_data` reads
    them: the data, where each key and value starts, and how many lines are metadata (a blank
    line that ends them counts; a line that is not metadata does not)."""

    def __init__(self, text: str):
        self.data: dict[str, str] = {}
        self.positions: dict[str, tuple[int, int]] = {}
        self.values: dict[str, tuple[int, int]] = {}
        self.consumed = 0
        key = None
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip() == "":
                self.consumed = number
                return
            m1 = META_RE.match(line)
            if m1:
                key = m1.group("key").lower().strip()
                self._add(key, m1.group("value").strip(), number, m1)
            elif (m2 := META_MORE_RE.match(line)) and key:
                self.data[key] += " {}".format(m2.group("value").strip())
            else:
                return
            self.consumed = number

    def _add(self, key: str, value: str, number: int, match: re.Match) -> None:
        if key in self.data:
            self.data[key] += f" {value}"
        else:
            self.data[key] = value
            self.positions[key] = (number, match.start("key") + 1)
            self.values[key] = (number, match.start("value") + 1)


def page_body(text: str) -> str:
    """A page's text after its metadata, as MkDocs hands it to Markdown (`get_data`): YAML
    front matter that reads as keys goes, else the `key: value` lines up to a blank line; what
    a printed lesson shows."""
    text = normalise_newlines(text)
    match = YAML_RE.match(text)
    if match:
        try:
            data = yaml.load(match.group(1), Loader=_Loader)
        except yaml.YAMLError:
            return text
        return text[match.end() :].lstrip("\n") if isinstance(data, dict) else text
    consumed = _MultiMarkdown(text).consumed
    return "\n".join(text.split("\n")[consumed:]).lstrip("\n")


def _check_audience(
    meta: Meta, values: dict[str, tuple[int, int]], path: str, problems: Problems
) -> None:
    for key in list(meta.data):
        if key == AUDIENCE:
            continue
        if key.lower().strip() == AUDIENCE or difflib.get_close_matches(
            key.lower(), [AUDIENCE], n=1, cutoff=0.8
        ):
            meta.valid = False
            problems.add(
                path,
                *meta.positions.get(key, (1, 1)),
                f"unknown key '{key}': did you mean '{AUDIENCE}'? Write audience: trainer to keep"
                " this page off the site",
            )
    if AUDIENCE not in meta.data:
        return
    value = meta.data[AUDIENCE]
    if value in AUDIENCES:
        return
    meta.valid = False
    where = values.get(AUDIENCE) or meta.positions.get(AUDIENCE, (1, 1))
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"
        said = f"audience is {kind}, not one word"
    else:
        said = f"unknown audience '{value}'"
    problems.add(
        path,
        *where,
        f"{said}: write audience: trainer to keep this page off the site (it then appears only"
        " in the trainer edition of the handouts), or remove the line",
    )
