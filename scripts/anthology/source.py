"""Reading source files: text, YAML with line numbers, and essay front matter.

Nothing here judges the content; it only turns bytes into data and remembers, for every key,
the line it stood on, so that `catalog` can point a contributor at the exact line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

Location = tuple  # a path into the YAML data, e.g. ("authors", 2, "display_name")

FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


# libyaml's parser when PyYAML has it: ten times faster on thousands of front matters.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):
    """Safe YAML that leaves dates as text, so that `schema` checks them with the field's
    name and line (PyYAML would fail on 2017-13-45 with no hint of where it was)."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class SourceError(Exception):
    """A file that cannot even be read as data; carries the problems to report."""

    def __init__(self, *problems: Problem):
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = list(problems)


@dataclass
class YamlDoc:
    """Parsed YAML plus the line of every key and item (1-based, in the file)."""

    data: object
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, loc: Location) -> int | None:
        """The line of `loc`, or of its nearest parent that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


@dataclass
class EssaySource:
    """An essay file split into its front matter and its Markdown body."""

    front: YamlDoc
    body: str
    body_line: int


def read_text(path: Path, shown: str) -> str:
    """The file as UTF-8 text with LF line endings; anything else is named at the line where it
    goes wrong. A BOM and CRLF (Windows editors, Git for Windows) read as the same text."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            Problem(shown, line, None, f"is not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8")
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, shown: str, first_line: int = 1) -> YamlDoc:
    """Parse YAML, keeping each key's line; `first_line` is where `text` starts in the file."""
    try:
        refused = _anchors_and_merges(text, shown, first_line)
        if refused:
            raise SourceError(*refused)
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        reason = getattr(err, "problem", None) or str(err)
        raise SourceError(Problem(shown, line, None, f"is not valid YAML: {reason}")) from None
    doc = YamlDoc(data)
    if node is not None:
        _record_lines(node, (), doc.lines, first_line, shown)
    return doc


def _anchors_and_merges(text: str, shown: str, first_line: int) -> list[Problem]:
    """Anchors, aliases and merge keys, found in the event stream, before any alias is
    followed: ten lines of nested aliases expand to billions of nodes (an "alias bomb")."""
    if "&" not in text and "*" not in text and "<<" not in text:
        return []  # most front matter: nothing to look for, so no second parse
    problems = []
    for event in yaml.parse(text, Loader=_SafeLoader):
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            problems.append(Problem(shown, line, None, f"YAML alias '*{event.anchor}' is not allowed: "
                                    "write the value out in full"))
        elif getattr(event, "anchor", None):
            problems.append(Problem(shown, line, None, f"YAML anchor '&{event.anchor}' is not allowed: "
                                    "write the value out in full"))
        elif isinstance(event, yaml.ScalarEvent) and event.value == "<<" and not event.style:  # plain
            problems.append(Problem(shown, line, None,
                                    "YAML merge key '<<' is not allowed: write the keys out in full"))
    return problems


def _record_lines(node, loc: Location, lines: dict, first_line: int, shown: str) -> None:
    lines[loc] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                line = first_line + key_node.start_mark.line
                raise SourceError(Problem(shown, line, str(key), "is given twice; keep one"))
            seen.add(key)
            _record_lines(value_node, loc + (key,), lines, first_line, shown)
            lines[loc + (key,)] = first_line + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, loc + (index,), lines, first_line, shown)


def read_yaml_file(path: Path, shown: str) -> YamlDoc:
    return parse_yaml(read_text(path, shown), shown)


def read_essay(path: Path, shown: str) -> EssaySource:
    """Split `---` front matter from the body. The body starts after the closing fence."""
    text = read_text(path, shown)
    if not text.startswith("---"):
        raise SourceError(
            Problem(shown, 1, None, "has no front matter: start the file with a '---' line, "
                    "then title, author and prompt, then another '---' line")
        )
    fences = list(FENCE.finditer(text))
    if len(fences) < 2 or fences[0].start() != 0:
        raise SourceError(Problem(shown, 1, None, "front matter is not closed: add a '---' line after it"))
    front_text = text[fences[0].end() + 1 : fences[1].start()]
    front = parse_yaml(front_text, shown, first_line=2)
    rest = text[fences[1].end() + 1 :]
    body = rest.lstrip("\n")
    body_line = text.count("\n", 0, fences[1].end()) + 2 + (len(rest) - len(body))
    return EssaySource(front, body, body_line)
