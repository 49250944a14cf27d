"""The validated anthology: plain dataclasses that pages and templates read.

Objects here are already checked and cross-linked (an essay holds its Prompt and Author, not
ids), so templates only display. Built by `catalog.build_catalog`; never from raw input.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from anthology.rules.schema import MONTHS

TITLE_SHORT, TITLE_LONG = 60, 120  # title widths (in Latin letters) set at full size, a little smaller


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(eq=False)
class Challenge:
    id: str
    title: str
    organiser: str
    started: tuple[int, int]  # (year, month)
    cadence: str | None
    description: str | None
    url: str  # its page: challenges/<id>/
    prompts: list[Prompt] = field(default_factory=list)  # by `order`

    @property
    def folder(self) -> str:
        """Where its page, feeds and printable edition live: challenges/<id>/, whatever the URLs."""
        return f"challenges/{self.id}/"

    @property
    def src_uri(self) -> str:
        return f"{self.folder}index.md"

    @property
    def started_text(self) -> str:
        """"May 2017" on every machine."""
        return f"{MONTHS[self.started[1] - 1]} {self.started[0]}"

    @property
    def started_iso(self) -> str:
        return f"{self.started[0]:04d}-{self.started[1]:02d}"

    @property
    def essays(self) -> list[Essay]:
        return [essay for prompt in self.prompts for essay in prompt.essays]


@dataclass(eq=False)
class Prompt:
    id: str
    challenge: Challenge
    order: int
    number: int | None
    title: str
    question: str
    wording: str  # "original" or "editors"
    url: str
    essays: list[Essay] = field(default_factory=list)
    label: str = ""  # its title, with its challenge's when another challenge has a prompt so titled

    @property
    def src_uri(self) -> str:
        return f"prompts/{self.id}.md"


@dataclass(eq=False)
class Author:
    id: str
    display_name: str
    name_known: bool
    attribution: str | None
    bio: str | None
    links: list[Link]
    url: str
    essays: list[Essay] = field(default_factory=list)

    @property
    def src_uri(self) -> str:
        return f"authors/{self.id}.md"


@dataclass(eq=False)
class Tag:
    name: str
    slug: str
    url: str
    essays: list[Essay] = field(default_factory=list)

    @property
    def src_uri(self) -> str:
        return f"tags/{self.slug}.md"


@dataclass(eq=False)
class Essay:
    id: str  # the file's slug: docs/essays/<id>.md
    src_uri: str
    url: str
    title: str
    title_by_editors: bool
    author: Author
    prompt: Prompt
    date: dt.date | None
    original_url: str | None
    original_site: str | None
    tags: list[Tag]
    summary: str | None
    words: int
    reading_minutes: int
    description: str  # the summary, or the essay's opening sentences: for cards and link previews
    front_matter: dict  # as written in the file
    markdown: str  # the text after the front matter
    html: str  # the text as every output shows it (anthology.rendering.essay), sanitised
    headings: list[dict]  # its table of contents, ids as in `html`
    language: str | None = None  # "zh" or "ja" when written in those (catalog.essays.written_in); None: the site's
    previous: Essay | None = None  # within the same prompt
    next: Essay | None = None
    more: list[Essay] = field(default_factory=list)  # a few more from the same prompt, not previous or next
    by_author: list[Essay] = field(default_factory=list)  # a few more by the same author

    @property
    def title_length(self) -> str:
        """"short", "long" or "longest": how much room the title takes, so that the page can set a
        long one smaller and the essay's first words still come high on a phone's screen. A
        character that Chinese or Japanese text sets full-width counts twice."""
        width = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in self.title)
        return "short" if width <= TITLE_SHORT else "long" if width <= TITLE_LONG else "longest"

    @property
    def date_text(self) -> str | None:
        """"12 May 2017" on every machine: strftime has no portable day without a leading zero."""
        return f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}" if self.date else None


@dataclass
class Catalog:
    """Everything the site shows, in the order the site shows it."""

    challenges: list[Challenge]  # in the order they ran
    prompts: list[Prompt]  # by challenge, then by `order` within it
    authors: list[Author]  # by display name
    essays: list[Essay]  # by prompt (in the order above), then within the prompt
    tags: list[Tag] = field(default_factory=list)  # by name
    by_src_uri: dict[str, Essay] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_src_uri = {essay.src_uri: essay for essay in self.essays}
