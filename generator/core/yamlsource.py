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
from yaml.composer import Composer

from .problems import Problems

Path = tuple  # a path into the document: keys and list indices

MAX_BYTES = 1_000_000
MAX_DEPTH = 40


class _TooDeep(Exception):
    def __init__(self, mark):
        super().__init__(mark)
        self.mark = mark


class _Strict(Composer):
    """Composes the document and rejects anchors, aliases, tags and too-deep nesting on the way,
    so each file is parsed once (aliases would hide where a value came from; deep nesting would
    exhaust the stack). Set `kb_path`, `kb_problems` and `kb_text` (or None) before composing."""

    kb_depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            self.kb_problems.add(
                self.kb_path,
                *_pos(event.start_mark),
                f"alias *{event.anchor} is not allowed: write the value out where it is needed",
            )
            return yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        event = self.peek_event()
        if event.anchor is not None:
            self.kb_problems.add(
                self.kb_path,
                *_pos(event.start_mark),
                f"anchor &{event.anchor} is not allowed: write the value out where it is needed",
            )
            event.anchor = None  # reported once; the composer need not remember it
        if event.tag is not None and event.tag.startswith("!["):
            # `text: ![Bild](bild.png) …`: a Markdown image at the start reads as a YAML tag
            self.kb_problems.add(
                self.kb_path,
                *_pos(event.start_mark),
                "a text that starts with '!' (here a Markdown image) must be put in quotes:"
                " write the whole text in double quotes",
            )
        elif event.tag is not None:
            self.kb_problems.add(
                self.kb_path,
                *_pos(event.start_mark),
                f"the YAML tag {event.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed:"
                " remove it (a value is text, a number, true or false by how it is written)",
            )
        nested = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if nested:
            self.kb_depth += 1
            if self.kb_depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
        node = super().compose_node(parent, index)
        if nested:
            self.kb_depth -= 1
        if self.kb_text is not None:  # libyaml's nodes, made to look like PyYAML's
            if getattr(node, "style", None) == "":  # the plain style; PyYAML's is None
                node.style = None
            elif getattr(node, "flow_style", False) and isinstance(node, yaml.MappingNode):
                # libyaml's marks carry no buffer; _source() reads the entries of `{ }` from it
                for entry in node.value:
                    for child in entry:
                        child.start_mark = _mark(child.start_mark, self.kb_text)
                        child.end_mark = _mark(child.end_mark, self.kb_text)
        return node


def _mark(mark, buffer: str) -> yaml.Mark:
    return yaml.Mark(mark.name, mark.index, mark.line, mark.column, buffer, mark.index)


class _Loader(_Strict, yaml.SafeLoader):
    """A loader whose implicit types are only null, `true`/`false` and text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
_Loader.add_implicit_resolver(
    # `Null` and `NULL` stay text: in German "Null" is a word (a scale label, a title)
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|)$"),
    ["~", "n", ""],
)

try:  # libyaml scans and parses in C; composing stays in Python (_Strict), with the same rules
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:

    class _FastLoader(_Strict, CParser, yaml.resolver.Resolver):
        """Only for files without problems: any trouble sends the file to `_Loader`, which words
        every problem exactly."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


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
    if not _printable(text, path, problems):
        return None
    node = _compose_fast(text, path)
    if node is not _EXACT:
        return _document(node, path, problems)
    before = len(problems)
    loader = _Loader(text)
    loader.kb_path, loader.kb_problems, loader.kb_text = path, problems, None
    try:
        node = loader.get_single_node()
    except _TooDeep as err:
        problems.add(path, *_pos(err.mark), f"nesting is deeper than {MAX_DEPTH} levels")
        return None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        what = err.problem or "invalid YAML"
        if err.context == "while scanning a quoted scalar" and err.context_mark:
            # the end of the file is where YAML noticed; the opening quote is what to fix
            mark = err.context_mark
            what = "this quoted text is never closed: add the closing quote"
        elif err.context and "single document" in err.context:
            what = "a check file holds one check, but a second document starts here"
        line, col = _pos(mark) if mark else (1, 1)
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
    if len(problems) > before:  # anchors, aliases or tags
        return None
    return _document(node, path, problems)


_EXACT = object()
_LENIENT = re.compile(r"\t|[|>][-+0-9]*#")


def _compose_fast(text: str, path: str):
    """The root node through libyaml, or `_EXACT` when the file has any problem (or libyaml is
    missing): then `_Loader` reads it again and reports every problem in its own words."""
    if CParser is None or _LENIENT.search(text) or ("?" in text and ("{" in text or "[" in text)):
        # Where libyaml reads more than PyYAML (tabs; '#' right after '|' or '>'; '?' inside
        # { } or [ ]), PyYAML decides.
        return _EXACT
    scratch = Problems()
    loader = _FastLoader(text)
    loader.kb_path, loader.kb_problems, loader.kb_text = path, scratch, text + "\0"
    try:
        node = loader.get_single_node()
    except Exception:  # any syntax error or limit: the exact reader words it
        return _EXACT
    finally:
        loader.dispose()
    return _EXACT if scratch else node


def _document(node, path: str, problems: Problems) -> Document:
    doc = Document(path)
    if node is None:
        return doc
    # Duplicate keys are reported but the first value is kept, so that the rest of the file is
    # still checked and every mistake shows up in one run.
    doc.data = _convert(node, (), doc, None, problems, 0)
    return doc


def _syntax_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "; a text containing ': ' must be put in quotes"
    if "expected ',' or '}'" in what or "expected ',' or ']'" in what:
        return "; inside { } or [ ] put a text containing ',', '?', ':' or quotes in quotes"
    if "found character '\\t'" in what:
        return "; indent with spaces, not tabs"
    if "expected <block end>" in what:
        return "; check the indentation: the entries of a list, and the keys of one entry, start in the same column"
    if "second document" in what:
        return ": remove the '---' line and put the second check into a file of its own"
    return ""


def _printable(text: str, path: str, problems: Problems) -> bool:
    """YAML refuses control characters (often pasted from a PDF or word processor)."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if not bad:
        return True
    line = text.count("\n", 0, bad.start()) + 1
    col = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
    problems.add(
        path,
        line,
        col,
        f"an invisible control character (U+{ord(bad.group()):04X}) is here: delete it"
        " (it often comes with text copied from a PDF or a word processor)",
    )
    return False


def _convert(node, path: Path, doc: Document, loader, problems: Problems, depth: int):
    doc.values[path] = _pos(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        previous = None  # (key, value node) of the entry before, for comma continuations
        for key_node, value_node in node.value:
            if previous and _continues_text(node, previous[1], key_node, value_node):
                # `{text: Erzähl anderen, wie du das machst.}`: YAML ends the text at the comma
                # and reads the rest as a key without value. The meaning is clear, so the text
                # is joined back together exactly as written.
                result[previous[0]] = _source(previous[1], key_node)
                continue
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
            previous = (key, value_node)
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


def _continues_text(mapping, value_node, key_node, next_value) -> bool:
    """In a `{…}` mapping, a plain key with no `:` after a plain text value continues that text."""
    return (
        mapping.flow_style
        and isinstance(value_node, yaml.ScalarNode)
        and value_node.style is None
        and value_node.tag == "tag:yaml.org,2002:str"
        and isinstance(key_node, yaml.ScalarNode)
        and key_node.style is None
        and isinstance(next_value, yaml.ScalarNode)
        and next_value.tag == "tag:yaml.org,2002:null"
        and next_value.start_mark.index == next_value.end_mark.index
        and ":" not in _source_between(key_node)
    )


def _source_between(key_node) -> str:
    buffer = key_node.end_mark.buffer or ""
    return buffer[key_node.end_mark.index : next_value_end(buffer, key_node.end_mark.index)]


def next_value_end(buffer: str, start: int) -> int:
    """Index of the next `,` or `}` after `start` (the end of a flow entry)."""
    for i in range(start, len(buffer)):
        if buffer[i] in ",}":
            return i
    return len(buffer)


def _source(first_value, last_key) -> str:
    buffer = first_value.start_mark.buffer
    return buffer[first_value.start_mark.index : last_key.end_mark.index]
