"""Problems found in the sources, reported all at once, each at its file and line."""

from __future__ import annotations

from dataclasses import dataclass

from anthology.rules.text import HIDDEN


def counted(count: int, word: str) -> str:
    """"1 essay", "2 essays": a count and its noun (every noun the anthology counts takes an s)."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def visible(text: str) -> str:
    """`text` as it may be shown on a terminal: every character a terminal would act on or hide
    (controls, bidi and invisible formatting characters; see text.HIDDEN) written as `\\uXXXX`, the
    rest as it is, a literal backslash included.

    Contributed text (an author id, a title, a file name, a saved web page) is printed by `make
    check` and `make import`; raw, an ESC sequence in it could clear the screen, retitle the
    window or print a fake green "OK", and U+202E could show a line reversed. One line in, one
    line out: a newline inside the text is escaped too, so it cannot start a forged message.
    """
    return HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, said the way a linter says it."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """`path:line: field: message`, safe to print (see visible): all of it may be contributed."""
        path = visible(self.path)
        where = path if self.line is None else f"{path}:{self.line}"
        return f"{where}: {visible(self._what())}"

    def github(self) -> str:
        """A GitHub workflow command, so the error shows on the pull request's diff: escaped for
        the terminal (the log is one) first, then with GitHub's workflow-command escaping."""
        line = f",line={self.line}" if self.line else ""
        path, what = visible(self.path), visible(self._what())
        return f"::error file={_escaped(path, property=True)}{line}::{_escaped(what)}"

    def _what(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _escaped(text: str, property: bool = False) -> str:
    """GitHub's workflow-command escaping: %, CR and LF always; ':' and ',' in a property."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def in_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line: the order a contributor fixes them in."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))


class AnthologyError(Exception):
    """Raised with every problem found, so a contributor fixes them in one pass."""

    def __init__(self, problems: list[Problem]):
        self.problems = in_order(problems)
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in the anthology sources:\n" + "\n".join(lines))
