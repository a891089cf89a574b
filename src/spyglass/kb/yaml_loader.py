"""Strict YAML loading: plain data with the line and column of every key and value.

Refused: duplicate keys, anchors and aliases, tags, deep nesting, more than one document.
Every scalar stays the text as written (`2009-03-19`, `NO` and `1e3` are text); only a plain
empty, `~` or `null` is None. Built from parser events, so nothing is ever constructed from a tag.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from spyglass.diagnostics import Diagnostic, make

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser is ~10x faster
MAX_FILE_BYTES = 1 << 20
MAX_DEPTH = 32
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NULL_TAG = "tag:yaml.org,2002:null"

Path = tuple[str | int, ...]
Mark = tuple[int, int]  # 1-based line and column


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data (None when unusable), positions, and what went wrong."""

    data: Any
    marks: dict[Path, Mark] = field(default_factory=dict)  # where each value starts
    key_marks: dict[Path, Mark] = field(default_factory=dict)  # where each mapping key starts
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def mark(self, path: Path, *, key: bool = False) -> Mark:
        """The position of `path`, or of its nearest enclosing value that has one."""
        table = self.key_marks if key else self.marks
        while path:
            if path in table:
                return table[path]
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))


class _Stop(Exception):
    """The file cannot be read further; its diagnostic is already recorded."""


def decode(raw: bytes, file: str) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text without BOM, or the position of the first byte that is not UTF-8 text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_column(raw[: exc.start].decode("utf-8", "replace"), exc.start)
        return None, make("SG101", file, line, column, f"byte 0x{raw[exc.start]:02x} is not UTF-8")
    if "\x00" in text:
        line, column = _line_column(text, text.index("\x00"))
        return None, make("SG101", file, line, column, "NUL byte: this is binary data, not text")
    return text.removeprefix("\ufeff"), None


def _line_column(text: str, index: int) -> Mark:
    before = text[:index]
    line = before.count("\n") + 1
    return line, index - (before.rfind("\n") + 1) + 1


def load_yaml_bytes(raw: bytes, file: str, max_bytes: int = MAX_FILE_BYTES) -> Loaded:
    """Parse one record file strictly; problems become diagnostics, never exceptions."""
    if len(raw) > max_bytes:
        return Loaded(None, diagnostics=[make("SG102", file, 0, 0, f"{len(raw):,} bytes; the limit is {max_bytes:,}")])
    text, problem = decode(raw, file)
    if text is None:
        return Loaded(None, diagnostics=[problem] if problem else [])
    return load_yaml_text(text, file)


class _TextLoader(_Loader):  # type: ignore[misc]
    """The C loader with a resolver that knows only null and text: the default one costs ~2 us a scalar."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_STR_TAG, _SEQ_TAG, _MAP_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_NEEDS_CARE = ("&", "*", "!")  # anchors, aliases and tags: only the event path refuses them exactly


def load_fast(raw: bytes) -> Any:
    """The data of an ordinary record file, without positions; None when it needs the careful path.

    The C composer builds the node tree; a short walk turns it into data. Anything unusual (a
    problem, an anchor, a tag, a duplicate key, deep nesting) returns None, and the caller parses
    again with `load_yaml_bytes` to report it with its position.
    """
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or any(mark in text for mark in _NEEDS_CARE):
        return None
    try:
        node = yaml.compose(text.removeprefix("\ufeff"), Loader=_TextLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    try:
        return _plain(node, 0)
    except _Stop:
        return None


def _plain(node: Any, depth: int) -> Any:
    """Node tree to data: text stays text, a plain null is None; no duplicate keys, no deep nesting."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag is _NULL_TAG else node.value
    if depth >= MAX_DEPTH:
        raise _Stop
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, depth + 1) for item in node.value]
    mapping: dict[str, Any] = {}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.value in mapping:
            raise _Stop
        mapping[key.value] = _plain(value, depth + 1)
    return mapping


def load_yaml_text(text: str, file: str) -> Loaded:
    """Parse YAML text strictly into plain data with marks."""
    loaded = Loaded(None)
    try:
        _build(yaml.parse(text, Loader=_Loader), loaded, file)
    except _Stop:
        loaded.data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = str(exc.problem or exc.context or "syntax")
        if "nesting depth" in problem:  # libyaml (PyYAML >= 6.0.4) stops deep nesting before we see it
            loaded.diagnostics.append(make("SG107", file, line, column, f"more than {MAX_DEPTH} levels of nesting"))
        else:
            loaded.diagnostics.append(make("SG103", file, line, column, problem))
        loaded.data = None
    except yaml.YAMLError as exc:  # reader errors: characters YAML does not allow
        position = getattr(exc, "position", None)
        line, column = _line_column(text, position) if isinstance(position, int) else (0, 0)
        loaded.diagnostics.append(make("SG103", file, line, column, str(exc).splitlines()[0]))
        loaded.data = None
    return loaded


def _build(events: Any, loaded: Loaded, file: str) -> None:
    """Construct data from parser events with an explicit stack (no recursion, no tags)."""

    def stop(code: str, event: Any, message: str) -> _Stop:
        mark = event.start_mark
        loaded.diagnostics.append(make(code, file, mark.line + 1, mark.column + 1, message))
        return _Stop()

    # Each frame: [container, path, pending key or None]
    stack: list[list[Any]] = []
    documents = 0
    root: Any = None
    for event in events:
        kind = type(event)
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise stop("SG109", event, "a second YAML document; a record file holds one")
            continue
        if kind is yaml.AliasEvent:
            raise stop("SG105", event, f"alias *{event.anchor}")
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            continue
        if event.anchor is not None:
            raise stop("SG105", event, f"anchor &{event.anchor}")
        tag = event.tag
        if tag is not None and not (kind is yaml.ScalarEvent and event.implicit[0]) and tag != "!":
            raise stop("SG106", event, f"tag {tag}")
        position = (event.start_mark.line + 1, event.start_mark.column + 1)
        frame = stack[-1] if stack else None
        if frame is not None and isinstance(frame[0], dict) and frame[2] is None:
            if kind is not yaml.ScalarEvent:
                raise stop("SG111", event, "a mapping or list used as a key")
            key = event.value
            path = (*frame[1], key)
            if key in frame[0]:
                first = loaded.key_marks[path]
                loaded.diagnostics.append(
                    make("SG104", file, *position, f"key '{key}' again (first at line {first[0]})")
                )
                frame[2] = _Duplicate(key)
            else:
                frame[2] = key
                loaded.key_marks[path] = position
            continue
        if kind is yaml.ScalarEvent:
            value: Any = None if event.implicit[0] and event.value in _NULLS else event.value
        elif kind is yaml.MappingStartEvent:
            value = {}
        else:
            value = []
        if frame is None:
            path = ()
            root = value
        elif isinstance(frame[0], dict):
            key = frame[2]
            frame[2] = None
            if isinstance(key, _Duplicate):
                path = (*frame[1], f"<duplicate {key.key}>")
            else:
                path = (*frame[1], key)
                frame[0][key] = value
        else:
            path = (*frame[1], len(frame[0]))
            frame[0].append(value)
        loaded.marks[path] = position
        if kind is not yaml.ScalarEvent:
            if len(stack) >= MAX_DEPTH:
                raise stop("SG107", event, f"more than {MAX_DEPTH} levels of nesting")
            stack.append([value, path, None])
    if documents == 0:
        loaded.diagnostics.append(make("SG108", file, 1, 1, "the file holds no YAML document"))
    loaded.data = root


class _Duplicate:
    """A placeholder for a repeated key, so its value is parsed but not kept."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key
