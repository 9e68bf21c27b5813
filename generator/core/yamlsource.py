"""Reads YAML into plain values plus the position of every value and key.

Trainers write these files by hand, so the reader is stricter than YAML itself where YAML would
silently change meaning: duplicate keys, anchors and aliases, merge keys, tags and YAML 1.1
booleans (`yes`, `no`, `on`, `off`) are not accepted as such. Every scalar except `true`, `false`
and null is kept as the text the author wrote, so numbers stay exact (`0.7` is never a binary
float) and text fields accept numbers as text.

    doc = read_yaml(text, "quizzes/a.yml", problems)   # Document, or None with problems added
    doc.data                                            # dicts, lists, str, bool, None
    doc.position(("questions", 0, "text"))             # (line, column), both from 1

How a file is read, in three steps:

1. **Events.** A YAML parser turns the text into events (mapping start, scalar, …). There are
   two: libyaml (C, the *fast path*) and PyYAML's pure-Python parser (the *exact path*).
2. **Nodes.** `_Composer` builds the node tree from those events, the same Python code for both
   parsers, and on the way reports what is not allowed here (anchors, aliases, tags, nesting
   deeper than `MAX_DEPTH`); `_Resolver` types only `true`, `false` and null. A reader is made
   per file with the file's path and the problem list it reports to, and holds no other state.
3. **Values.** `_Converter` turns nodes into plain values with positions, reports duplicate and
   merge keys, and joins back text that YAML split at a comma inside `{ }` (see
   `_Converter._continues_text`).

The fast path is several times faster on a clean file (about 6x on the sample course), but
libyaml words syntax errors its own way and reads a few constructs PyYAML rejects. So it is used
only where it is sure to give the same document: a file with tabs, `#` right after `|` or `>`, or
`?` next to `{ }` / `[ ]` goes to the exact path directly, and any problem on the fast path (a
syntax error, an anchor, a duplicate key, …) throws its result away and reads the file again on
the exact path, which words every problem. tests/test_yamlsource.py holds the two paths equal on
every YAML file of the repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from .problems import Problems

Path = tuple  # a path into the document: keys and list indices

MAX_BYTES = 1_000_000
MAX_DEPTH = 40

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


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


def decode(raw: bytes, path: str, problems: Problems) -> str | None:
    """UTF-8 text of a file (a BOM is dropped), or None with a problem at the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.add(
            path,
            *_line_col(raw, err.start),
            f"this file is not UTF-8 text (byte 0x{raw[err.start]:02x});"
            " save it as UTF-8 in your editor",
        )
        return None


def read_yaml(text: str, path: str, problems: Problems, *, fast: bool = True) -> Document | None:
    """Parse `text`; on any problem add it to `problems` and return None.

    `fast=False` skips the libyaml path (the tests compare the two paths)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        problems.add(path, 1, 1, f"this file is larger than {MAX_BYTES // 1000} kB; split it up")
        return None
    if not _printable(text, path, problems):
        return None
    if fast:
        doc = read_fast(text, path)
        if doc is not None:
            return doc
    return _read_exact(text, path, problems)


# ---------------------------------------------------------------- step 1 and 2: events → nodes


class _TooDeep(Exception):
    def __init__(self, mark):
        super().__init__(mark)
        self.mark = mark


class _Resolver:
    """Types only null and `true`/`false`; every other scalar stays the text as written.

    PyYAML's resolvers keep their rules in a class-level table filled at import time; this one
    answers from two fixed sets instead, so that nothing is shared between readers."""

    # `Null` and `NULL` stay text: in German "Null" is a word (a scale label, a title)
    _NULLS = frozenset({"", "~", "null"})
    _BOOLS = frozenset({"true", "false"})

    def resolve(self, kind, value, implicit):
        """The tag of a node written without one (`implicit[0]`: plain, no quotes)."""
        if kind is yaml.ScalarNode:
            if implicit[0] and value in self._BOOLS:
                return _BOOL
            if implicit[0] and value in self._NULLS:
                return _NULL
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, parent, index) -> None:
        """PyYAML's path resolvers are not used."""

    def ascend_resolver(self) -> None:
        """PyYAML's path resolvers are not used."""


class _Composer(Composer):
    """Composes nodes from either parser's events and reports, at their position, what a check
    file may not use: anchors and aliases (they would hide where a value came from), tags, and
    nesting deeper than `MAX_DEPTH` (it would exhaust the stack)."""

    def __init__(self, path: str, problems: Problems) -> None:
        Composer.__init__(self)
        self.path = path
        self.problems = problems
        self.depth = 0

    def compose_node(self, parent, index):
        """PyYAML's composing, with what is not allowed reported and the depth counted."""
        if self.check_event(yaml.AliasEvent):
            return self._refuse_alias(self.get_event())
        event = self.peek_event()
        self._refuse_anchor_and_tag(event)
        nested = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        if nested:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
        node = super().compose_node(parent, index)
        if nested:
            self.depth -= 1
        return node

    def _refuse_alias(self, event) -> yaml.ScalarNode:
        """Reports `*name`; an empty value stands in for it, so that composing goes on."""
        self._report(
            event, f"alias *{event.anchor} is not allowed: write the value out where it is needed"
        )
        return yaml.ScalarNode(_NULL, "", event.start_mark, event.end_mark)

    def _refuse_anchor_and_tag(self, event) -> None:
        if event.anchor is not None:
            self._report(
                event,
                f"anchor &{event.anchor} is not allowed: write the value out where it is needed",
            )
            event.anchor = None  # reported once; PyYAML's composer need not remember it
        if event.tag is not None:
            self._report(event, _tag_message(event.tag))

    def _report(self, event, message: str) -> None:
        self.problems.add(self.path, *_pos(event.start_mark), message)


def _tag_message(tag: str) -> str:
    if tag.startswith("!["):
        # `text: ![Bild](bild.png) …`: a Markdown image at the start reads as a YAML tag
        return (
            "a text that starts with '!' (here a Markdown image) must be put in quotes:"
            " write the whole text in double quotes"
        )
    return (
        f"the YAML tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed:"
        " remove it (a value is text, a number, true or false by how it is written)"
    )


class _ExactReader(Reader, Scanner, Parser, _Composer, _Resolver):
    """PyYAML's own reader, scanner and parser: the messages and positions authors see."""

    def __init__(self, text: str, path: str, problems: Problems) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self, path, problems)


try:  # libyaml scans and parses in C; composing stays in Python (_Composer), with the same rules
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

if CParser is not None:

    class _FastReader(_Composer, CParser, _Resolver):
        """libyaml's scanner and parser under the same composer: only for clean files."""

        def __init__(self, text: str, path: str, problems: Problems) -> None:
            CParser.__init__(self, text)
            _Composer.__init__(self, path, problems)


# Where libyaml reads more than PyYAML (tabs; '#' right after '|' or '>'; '?' inside { } or [ ]),
# PyYAML decides.
_LIBYAML_LENIENT = re.compile(r"\t|[|>][-+0-9]*#")


def fast_path_applies(text: str) -> bool:
    """Whether libyaml may read `text`: it is installed and the text has none of the constructs
    that libyaml accepts and PyYAML does not."""
    return (
        CParser is not None
        and not _LIBYAML_LENIENT.search(text)
        and not ("?" in text and ("{" in text or "[" in text))
    )


def read_fast(text: str, path: str) -> Document | None:
    """The document through libyaml, or None when the exact path must read it: libyaml is
    missing, the text has a construct libyaml reads differently, or the file has any problem
    (the exact path words every problem in its own words)."""
    if not fast_path_applies(text):
        return None
    scratch = Problems()
    reader = _FastReader(text, path, scratch)
    try:
        node = reader.get_single_node()
    except (yaml.YAMLError, _TooDeep, RecursionError):  # the exact path words it
        return None
    finally:
        reader.dispose()
    if scratch:
        return None
    doc = _document(node, text, path, scratch)
    return None if scratch else doc


def _read_exact(text: str, path: str, problems: Problems) -> Document | None:
    before = len(problems)
    reader = _ExactReader(text, path, problems)
    try:
        node = reader.get_single_node()
    except _TooDeep as err:
        problems.add(path, *_pos(err.mark), f"nesting is deeper than {MAX_DEPTH} levels")
        return None
    except yaml.MarkedYAMLError as err:
        problems.add(path, *_syntax_problem(err))
        return None
    except yaml.YAMLError as err:
        problems.add(path, 1, 1, f"YAML syntax: {err}")
        return None
    except RecursionError:
        problems.add(path, 1, 1, f"nesting is deeper than {MAX_DEPTH} levels")
        return None
    finally:
        reader.dispose()
    if len(problems) > before:  # anchors, aliases or tags
        return None
    # Duplicate and merge keys are reported, but the document is returned: the rest of the file
    # is still validated, so that every mistake shows up in one run.
    return _document(node, text, path, problems)


def _syntax_problem(err: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    mark = err.problem_mark or err.context_mark
    what = err.problem or "invalid YAML"
    if err.context == "while scanning a quoted scalar" and err.context_mark:
        # the end of the file is where YAML noticed; the opening quote is what to fix
        mark = err.context_mark
        what = "this quoted text is never closed: add the closing quote"
    elif err.context and "single document" in err.context:
        what = "a check file holds one check, but a second document starts here"
    line, col = _pos(mark) if mark else (1, 1)
    return line, col, f"YAML syntax: {what}{_syntax_hint(what)}"


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
    problems.add(
        path,
        *_line_col(text, bad.start()),
        f"an invisible control character (U+{ord(bad.group()):04X}) is here: delete it"
        " (it often comes with text copied from a PDF or a word processor)",
    )
    return False


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _line_col(buffer: str | bytes, index: int) -> tuple[int, int]:
    """1-based line and column of `index` in a text (characters) or raw file (bytes)."""
    newline = b"\n" if isinstance(buffer, bytes) else "\n"
    line_start = buffer.rfind(newline, 0, index) + 1
    return buffer.count(newline, 0, index) + 1, index - line_start + 1


# ---------------------------------------------------------------- step 3: nodes → values


def _document(node, text: str, path: str, problems: Problems) -> Document:
    doc = Document(path)
    if node is not None:
        doc.data = _Converter(doc, text, problems).value(node, ())
    return doc


def _is_plain(node) -> bool:
    """Written without quotes or block indicator (PyYAML says None, libyaml "")."""
    return isinstance(node, yaml.ScalarNode) and node.style in (None, "")


def _is_unwritten(node) -> bool:
    """A null the parser made up for a key with nothing after it (`text:`, `{text}`)."""
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == _NULL
        and node.start_mark.index == node.end_mark.index
    )


class _Converter:
    """Plain values with their positions from one document's nodes."""

    def __init__(self, doc: Document, text: str, problems: Problems) -> None:
        self.doc = doc
        self.text = text  # the source, for text that YAML split at a comma
        self.problems = problems

    def value(self, node, path: Path):
        self.doc.values[path] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _BOOL:
            return node.value == "true"
        if node.tag == _NULL:
            return None
        return node.value

    def mapping(self, node, path: Path) -> dict:
        result: dict = {}
        previous = None  # (key, value node) of the entry before, for comma continuations
        for key_node, value_node in node.value:
            if previous and self._continues_text(node, previous[1], key_node, value_node):
                result[previous[0]] = self._rejoin(previous[1], key_node)
                continue
            key = self._key(key_node, path, result)
            if key is None:
                continue
            self.doc.keys[path + (key,)] = _pos(key_node.start_mark)
            result[key] = self.value(value_node, path + (key,))
            if node.flow_style and _is_unwritten(value_node):
                # Inside `{ }` the parsers put a made-up null in different places (in
                # `{text: , …}` libyaml at the comma, PyYAML after the colon; in block style both
                # after the colon): a problem with it is shown at its key, on both paths alike.
                self.doc.values[path + (key,)] = self.doc.keys[path + (key,)]
            previous = (key, value_node)
        return result

    def _key(self, key_node, path: Path, result: dict) -> str | None:
        """The key as text, or None with a problem: not text, a merge key, or written twice."""
        if not isinstance(key_node, yaml.ScalarNode):
            self._report(key_node, "a key must be plain text")
            return None
        if key_node.value == "<<" and _is_plain(key_node):
            self._report(key_node, "merge keys (<<) are not allowed: write the keys out")
            return None
        key = str(key_node.value)
        if key in result:
            first = self.doc.keys[path + (key,)]
            self._report(
                key_node,
                f"key '{key}' is written twice in this mapping (first on line {first[0]});"
                " YAML would silently keep only the last one: remove one",
            )
            return None  # the first value is kept, so the rest of the file is still checked
        return key

    def _continues_text(self, mapping, value_node, key_node, next_value) -> bool:
        """Whether `key_node` is the rest of the text `value_node`, cut off at a comma.

        Trainers write German sentences, and FORMAT.md itself shows
        `{min: "60%", title: Du gibst gern, text: Erzähl anderen, wie du das machst.}`. YAML ends
        a plain text inside `{ }` at the comma and reads `wie du das machst.` as a key without
        value; no YAML library reads it otherwise. The meaning is clear, so such a key, written
        after a plain text with neither ':' nor value, continues that text; `{text: a, b: c}`
        still has a key `b`."""
        return (
            mapping.flow_style
            and _is_plain(value_node)
            and value_node.tag == _STR
            and _is_plain(key_node)
            and _is_unwritten(next_value)
            # the made-up null sits after the ':' or at the next ',' / '}': a ':' between the key
            # and it was written by the author
            and ":" not in self.text[key_node.end_mark.index : next_value.start_mark.index]
        )

    def _rejoin(self, value_node, key_node) -> str:
        """The text from the start of the value to the end of the key, exactly as written."""
        return self.text[value_node.start_mark.index : key_node.end_mark.index]

    def _report(self, node, message: str) -> None:
        self.problems.add(self.doc.path, *_pos(node.start_mark), message)
