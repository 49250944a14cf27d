"""pydantic's verdicts said as problems at their line and field, and unknown ids with a guess."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from anthology.files.source import YamlDoc
from anthology.rules import schema
from anthology.rules.limits import MAX_PROBLEMS_PER_FILE
from anthology.rules.problems import Problem

# --- messages --------------------------------------------------------------------------


def validate(kind: type[BaseModel], doc: YamlDoc, shown: str, problems: list[Problem]):
    if not isinstance(doc.data, dict):
        what = "empty" if doc.data is None else f"a {type(doc.data).__name__}, not a mapping of keys to values"
        problems.append(Problem(shown, doc.line_of(()), None, f"the YAML is {what}"))
        return None
    try:
        return kind.model_validate(doc.data)
    except ValidationError as err:
        errors = err.errors()
        for error in errors[:MAX_PROBLEMS_PER_FILE]:
            problems.append(_problem_from(error, kind, doc, shown))
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            problems.append(Problem(shown, None, None, f"and {len(errors) - MAX_PROBLEMS_PER_FILE:,} more problems "
                                    "like these in this file"))
        return None


def _problem_from(error: dict, kind: type[BaseModel], doc: YamlDoc, shown: str) -> Problem:
    loc = error["loc"]
    field = ".".join(str(part) for part in loc) or None
    line = doc.line_of(loc)
    kind_of = error["type"]
    if kind_of == "missing":
        message = schema.MESSAGES["required"]
        line = doc.line_of(loc[:-1])
    elif kind_of == "extra_forbidden":
        message = f"unknown field{did_you_mean(str(loc[-1]), _fields_at(kind, loc[:-1]))}"
    elif kind_of == "string_pattern_mismatch":
        message = schema.MESSAGES["id"].format(value=error["input"])
    elif kind_of in ("string_type", "string_too_short"):
        message = schema.MESSAGES["text"]
    elif kind_of == "string_too_long":
        message = schema.MESSAGES["long"].format(**error["ctx"])
    elif kind_of == "too_long" and loc == ("tags",):
        message = schema.MESSAGES["tags"].format(**error["ctx"])
    else:
        message = error["msg"].removeprefix("Value error, ")
    return Problem(shown, line, field, message)


def _fields_at(kind: type[BaseModel], loc) -> list[str]:
    """The allowed field names of the model found at `loc` (for lists of entries, too)."""
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = kind.model_fields[part].annotation
        kind = getattr(annotation, "__args__", (annotation,))[0]
    return list(kind.model_fields)


MAX_KNOWN_SHOWN = 12  # ids listed in "unknown id" messages: a registry of thousands is not listed


def did_you_mean(word: str, known) -> str:
    """" 'word' (known: a, b, …; did you mean 'x'?)": a few known ids, the closest first."""
    known = sorted(known)
    close = difflib.get_close_matches(word, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    shown = ", ".join(known[:MAX_KNOWN_SHOWN]) + (f", … {len(known) - MAX_KNOWN_SHOWN:,} more"
                                                  if len(known) > MAX_KNOWN_SHOWN else "")
    return f" '{word}' (known: {shown}{hint})" if known else f" '{word}'"


def unknown(shown: str, line: int | None, field: str, value: str, known, hint: str = "") -> Problem:
    return Problem(shown, line, field, f"unknown {field} id{did_you_mean(value, known)}{hint}")
