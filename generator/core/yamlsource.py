"""Reads YAML into plain values plus the position of every value and key.

Trainers write these files by hand, so the reader is stricter than YAML itself where YAML would
silently change meaning: duplicate keys, anchors and aliases, and YAML 1.1 booleans (`yes`, `no`,
`on`, `off`) are not accepted as such. Every scalar except `true`, `false` and null is kept as the
text the author wrote, so numbers stay exact (`0.7` is never a binary float) and text fields accept
numbers as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problems

Path = tuple  # a path into the document: keys and list indices

MAX_BYTES = 1_000_000
MAX_DEPTH = 40


class _Loader(yaml.SafeLoader):
    """A loader whose implicit types are only null, `true`/`false` and text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


@dataclass
class Document:
    """A YAML file read into plain values, with 1-based (line, col) of values and keys."""

    path: str
    data: object = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of the value (or key) at `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text of a file (a BOM is dropped), or None with a problem at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = err.start - (before.rfind(b"\n") + 1) + 1
        problems.add(
            path,
            line,
            col,
            f"this file is not UTF-8 text (byte 0x{raw[err.start]:02x});"
            " save it as UTF-8 in your editor",
        )
        return None


def read_yaml(text: str, path: str, problems: Problems) -> Document | None:
    """Parse `text`; on any problem add it to `problems` and return None."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        problems.add(path, 1, 1, f"this file is larger than {MAX_BYTES // 1000} kB; split it up")
        return None
    loader = _Loader(text)
    try:
        if not _check_events(text, path, problems):
            return None
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        what = err.problem or "invalid YAML"
        problems.add(path, line, col, f"YAML syntax: {what}{_syntax_hint(what)}")
        return None
    except yaml.YAMLError as err:
        problems.add(path, 1, 1, f"YAML syntax: {err}")
        return None
    except RecursionError:
        problems.add(path, 1, 1, f"nesting is deeper than {MAX_DEPTH} levels")
        return None
    finally:
        loader.dispose()
    doc = Document(path)
    if node is None:
        return doc
    # Duplicate keys are reported but the first value is kept, so that the rest of the file is
    # still checked and every mistake shows up in one run.
    doc.data = _convert(node, (), doc, loader, problems, 0)
    return doc


def _syntax_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "; a text containing ': ' must be put in quotes"
    if "found character '\\t'" in what:
        return "; indent with spaces, not tabs"
    return ""


def _check_events(text: str, path: str, problems: Problems) -> bool:
    """Reject anchors, aliases and too-deep nesting before composing (aliases would hide where a
    value came from; deep nesting would exhaust the stack)."""
    ok = True
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            problems.add(
                path,
                *_pos(event.start_mark),
                f"alias *{event.anchor} is not allowed: write the value out where it is needed",
            )
            ok = False
        elif getattr(event, "anchor", None):
            problems.add(
                path,
                *_pos(event.start_mark),
                f"anchor &{event.anchor} is not allowed: write the value out where it is needed",
            )
            ok = False
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                problems.add(
                    path, *_pos(event.start_mark), f"nesting is deeper than {MAX_DEPTH} levels"
                )
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return ok


def _convert(node, path: Path, doc: Document, loader, problems: Problems, depth: int):
    doc.values[path] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.add(doc.path, *_pos(key_node.start_mark), "a key must be plain text")
                continue
            if key_node.value == "<<" and key_node.style is None:
                problems.add(
                    doc.path,
                    *_pos(key_node.start_mark),
                    "merge keys (<<) are not allowed: write the keys out",
                )
                continue
            key = str(key_node.value)
            if key in result:
                first = doc.keys[path + (key,)]
                problems.add(
                    doc.path,
                    *_pos(key_node.start_mark),
                    f"key '{key}' is written twice in this mapping (first on line {first[0]});"
                    " YAML would silently keep only the last one: remove one",
                )
                continue
            doc.keys[path + (key,)] = _pos(key_node.start_mark)
            result[key] = _convert(value_node, path + (key,), doc, loader, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, path + (i,), doc, loader, problems, depth + 1)
            for i, item in enumerate(node.value)
        ]
    if node.tag == "tag:yaml.org,2002:bool":
        return node.value == "true"
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return node.value
