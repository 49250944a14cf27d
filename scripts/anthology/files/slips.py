"""The slips writers make most in YAML, named at the line they are on.

YAML stumbles after a slip, not at it: `author:maria-lopez` is read as text, and YAML fails at
the next field, or past the file's end. So each slip is looked for on the lines up to where
YAML stumbled, mended, and taken for a slip only when YAML reads the mended line as meant (a
field where the writer wrote one, an entry beside the ones above it). What is inside a value
that spans lines (a quoted text, a `>-` block) is never taken for a slip.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

import yaml
from pydantic import BaseModel

from anthology.rules.limits import MAX_YAML_NODES

# libyaml's parser when PyYAML has it: the pure-Python one is much slower on thousands of front
# matters (ARCHITECTURE.md, "Measurements"). Every reading of YAML in this stage uses it.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_ROUNDS = 10  # each round reads the file two or three times: a file full of slips shows the first ones

# `field:value`, a known field with no space after its colon (a web address has its space:
# `original_url: https://x`).
NO_SPACE = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[A-Za-z_]+):(?P<rest>[^\s:].*)$")
# A field of the top level indented: `  title: ...`.
INDENTED = re.compile(r"^(?P<indent> +)(?P<key>[A-Za-z_]+):(?: |$)")
DASH = re.compile(r"^(?P<indent> *)-(?: |$)(?:(?P<key>[A-Za-z_]+):(?: |$))?")
NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")


@dataclass
class Slip:
    """A slip at line `index` (from 0): the message, and its lines written as meant."""

    index: int
    field: str | None
    message: str
    mended: dict[int, str]


@dataclass
class Reading:
    """How far YAML read: the error, its line, and what it read before it."""

    error: yaml.YAMLError | None
    line: int | None
    inside: set[int]  # lines inside a value that spans lines, after its first
    scalars: set[tuple[int, int, str]]  # (line, column, text) of every value and key
    complete: bool = True  # False: read no further than MAX_YAML_NODES values (said elsewhere)
    more: bool = False  # slips past the ones found may be what YAML stumbles at


def field_names(model: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """The fields of `model`'s top level, and every field in it, nested models' too."""
    top = frozenset(model.model_fields)
    every = set(top)
    for info in model.model_fields.values():
        for nested in _models(info.annotation):
            every |= field_names(nested)[1]
    return top, frozenset(every)


def _models(annotation) -> typing.Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _models(argument)


def found(text: str, model: type[BaseModel] | None, read_as_text: bool = False) -> tuple[list[Slip], list[str], Reading]:
    """The slips in `text`, the lines with them mended, and how far YAML reads those. `text` is
    YAML that did not read, or (`read_as_text`) that read as one text, not as fields: with
    `title:Why I stay` on every line, there is no field at all."""
    top, every = field_names(model) if model is not None else (frozenset(), frozenset())
    lines = text.split("\n")
    slips: list[Slip] = []
    reading = read(lines)
    for _ in range(MAX_ROUNDS):
        if not reading.complete or reading.error is None and not (read_as_text and not slips):
            break
        stumbled = min(reading.line if reading.error is not None else len(lines), last_line(lines))
        done = {slip.index for slip in slips}
        candidates = [slip for slip in _fields(lines, top, every, stumbled)
                      if slip.index not in reading.inside and slip.index not in done]
        confirmed = _as_fields(lines, candidates)
        entry = _entry(lines, stumbled, reading)
        if entry is not None and entry.index not in done:
            confirmed.append(entry)
        if not confirmed:
            break
        for slip in confirmed:
            for index, line in slip.mended.items():
                lines[index] = line
        slips += confirmed
        reading = read(lines)
    else:
        reading.more = reading.error is not None
    return sorted(slips, key=lambda slip: slip.index), lines, reading


def read(lines: list[str]) -> Reading:
    """YAML's events for `lines`, as far as it reads them (at most MAX_YAML_NODES)."""
    inside: set[int] = set()
    scalars: set[tuple[int, int, str]] = set()
    try:
        for count, event in enumerate(yaml.parse("\n".join(lines), Loader=SafeLoader)):
            if count > MAX_YAML_NODES:
                return Reading(None, None, inside, scalars, complete=False)
            if isinstance(event, yaml.ScalarEvent):
                start, end = event.start_mark, event.end_mark
                scalars.add((start.line, start.column, event.value))
                # A block (`>-`) ends where the next line starts: that line is not in it.
                inside.update(range(start.line + 1, end.line + (end.column > 0)))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        return Reading(err, mark.line if mark is not None else 0, inside, scalars)
    return Reading(None, None, inside, scalars)


def last_line(lines: list[str]) -> int:
    """The last line with something on it (YAML stumbles past the end when the slip is there)."""
    return max((index for index, line in enumerate(lines) if line.strip()), default=0)


def _fields(lines: list[str], top: frozenset[str], every: frozenset[str], stumbled: int) -> typing.Iterator[Slip]:
    """Lines up to `stumbled` that may be a field with no space after its colon, or a field of
    the top level indented, each mended."""
    for index, line in enumerate(lines[: stumbled + 1]):
        match = NO_SPACE.match(line)
        if match and match["key"] in every:
            mended = f"{match['lead']}{match['key']}: {match['rest']}"
            yield Slip(index, match["key"], f"column {len(match['lead']) + len(match['key']) + 1}: put a space "
                       f"after the colon: {mended.strip()}", {index: mended})
            continue
        match = INDENTED.match(line)
        if match and match["key"] in top:
            spaces = _spaces(len(match["indent"]))  # "two spaces"
            yield Slip(index, match["key"], f"column 1: this field is indented by {spaces}, and the fields "
                       "beside it are not: remove the indentation, so that it starts its line", {index: line.lstrip(" ")})


def _as_fields(lines: list[str], candidates: list[Slip]) -> list[Slip]:
    """The candidates YAML reads as a field, once mended, where the writer wrote the field."""
    if not candidates:
        return []
    mended = list(lines)
    for slip in candidates:
        mended[slip.index] = slip.mended[slip.index]
    scalars = read(mended).scalars
    return [slip for slip in candidates
            if (slip.index, len(mended[slip.index]) - len(mended[slip.index].lstrip(" -")), slip.field) in scalars]


def _entry(lines: list[str], stumbled: int, reading: Reading) -> Slip | None:
    """A list's entry pasted at another indentation than the entries above it, where YAML
    stumbled: the entry is moved, with the lines under it, to stand where those do."""
    dash = DASH.match(lines[stumbled]) if stumbled < len(lines) else None
    if dash is None or stumbled in reading.inside:
        return None
    indent, above = len(dash["indent"]), _entry_above(lines, stumbled)
    if above is None or above == indent:
        return None
    end = stumbled + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    shift = above - indent
    block = range(stumbled, end)
    if any(lines[i].strip() and _indent(lines[i]) < -shift for i in block):
        return None
    mended = {i: (" " * shift + lines[i] if shift > 0 else lines[i][-shift:]) if lines[i].strip() else lines[i]
              for i in block}
    after = read([mended.get(i, line) for i, line in enumerate(lines)])
    if not after.complete or after.error is not None and after.line < end:
        return None
    written = f"- {dash['key']}:" if dash["key"] else "-"
    message = f"column 1: indent this entry like the ones above it: {_spaces(above)} before '{written}'"
    if any(lines[i].strip() for i in block[1:]):
        message += f", and {_spaces(abs(shift))} {'more' if shift > 0 else 'fewer'} before each of its other lines"
    return Slip(stumbled, dash["key"], message, mended)


def _entry_above(lines: list[str], start: int) -> int | None:
    """The indentation of the entry above line `start` in the same list: the nearest dash that
    every line between is indented beyond."""
    lowest = None
    for index in range(start - 1, -1, -1):
        line = lines[index]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = _indent(line)
        if lowest is None or indent < lowest:
            if DASH.match(line):
                return indent
            lowest = indent
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    word = NUMBERS[count] if count < len(NUMBERS) else str(count)
    return f"{word} space" if count == 1 else f"{word} spaces"
