"""Problems found in the sources, reported all at once, each at its file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, said the way a linter says it."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"

    def github(self) -> str:
        """A GitHub workflow command, so the error shows on the pull request's diff."""
        line = f",line={self.line}" if self.line else ""
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"::error file={_escaped(self.path, property=True)}{line}::{_escaped(what)}"


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
