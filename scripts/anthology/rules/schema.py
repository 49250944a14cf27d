"""The one definition of what a valid essay, prompt, challenge and author look like.

Every rule about a single file's content lives here, as pydantic models. The build hooks,
`check`, `new` and the contributor's guide all read these models; no other module repeats a
rule. Rules that need the whole catalog (does this author id exist? is this id used twice?)
live in `catalog.py`, because one file alone cannot answer them.

To add a front-matter field: add it to `EssayFrontMatter` with a `description` (the
contributor's guide is tested against these descriptions), carry it into `model.Essay`, and
show it in a template.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, TypeAdapter,
                      ValidationError, field_validator)

from anthology.rules.addresses import (
    ID_PATTERN,
    LATIN_LETTERS,
    MAX_AUTHOR_ID,
    MAX_TAG_ADDRESS,
    NOT_IDS,
    RESERVED_IDS,
    SLUG_STEPS,
    WINDOWS_NAMES,
    tag_slug,
    tag_spellings,
)
from anthology.rules.limits import MAX_ESSAY_BYTES, MAX_NUMBER_CHARS, MAX_TAGS
from anthology.rules.text import BIDI_CONTROLS, NOT_TEXT, NOT_WHITESPACE, WHITESPACE

# The first year of an essay's date and of a challenge's start. An essay's date runs to next
# year (`latest_year`): room for a time zone ahead of the checking machine's clock, none for a
# mistyped year (1017, 2071).
FIRST_YEAR = 1900

# What a contributor is told, here and (through the published JSON Schema) by the essay form.
MESSAGES = {
    "required": "is required",
    "text": "must be non-empty text",
    "id": "'{value}' is not an id: use lowercase words joined by hyphens, like 'jane-doe'",
    "reserved": "'{value}' is reserved: it is the address of the list page itself; choose another id",
    "not_id": "'{value}' cannot be an id: 'index' is a list page's own address, and con, prn, aux, nul, "
              "com1-com9 and lpt1-lpt9 are names Windows keeps for devices; choose another",
    "windows": "'{value}' is a name Windows keeps for a device, so no file or folder can have it there; "
               "choose another",
    "character": "holds the character U+{code:04X}, which is not text (a control character, often "
                 "pasted by accident, or written as an escape in quotes); remove it",
    "bidi": "holds U+{code:04X}, an invisible control that reorders the text after it (and, left open, "
            "the rest of the line it is shown in); remove it: the site lays out right-to-left words by itself",
    "plain": "must be plain text: '{found}' is HTML markup, which the site would show letter for letter; "
             "write the words (or the character) themselves",
    "date": "'{value}' is not a date written YYYY-MM-DD",
    "date_range": f"'{{value}}' is outside the years {FIRST_YEAR} to {{last}}: check the year",
    "month": "'{value}' is not a month written YYYY-MM, like 2017-05",
    "yes_no": "'{value}' is not true or false: write true or false",
    "number": "'{value}' is not a whole number: write digits only, like 3 (at most {digits})",
    "url": "must be an http:// or https:// address",
    "url_space": "holds a space or a line break, which no web address has: a browser would not open it as "
                 "written; check it for a typing mistake (a space in a path is written %20)",
    "url_broken": "is not an address a browser opens as written: '{found}' is not a host name (with a port "
                  "from 0 to 65535, if any); check it for a typing mistake",
    "essay_size": "is larger than {max_kb:,} KB; split it or make it smaller",
    "same_original": "the same original as {files}: an essay is in the anthology once",
    "tag_shared": "'{name}' and '{other}' would share one tag page, tags/{slug}/: write the tag the same way in "
                  "both, or tell them apart",
    "author_taken": "{name} is an author of the anthology already (id '{id}'): if that is you, choose your "
                    "name among the authors instead; if not, write your name so that it differs, with a middle "
                    "initial say",
    "no_id_letters": "has no Latin letter or digit, and your author page's address is made of them: write your "
                     "name in Latin letters too, after it in brackets, like '李小龙 (Li Xiaolong)'",
    "unknown": "unknown field '{value}'",
    "example": "'{value}' is the example `make new` printed: write your own{or_leave_out}",
    "long": "is longer than {max_length} characters; shorten it",
    "tag_address": "'{name}' makes a tag page address of {length} characters (symbols, emoji and letters "
                   "beyond Latin are spelled in words), more than {max_length}: write a shorter tag",
    "tags": "more than {max_length} tags: each tag is a page of its own; keep the ones that say most",
}

QUOTED = 40  # characters of what was written that a message quotes at most

def name_key(name: str) -> str:
    """A display name as compared with another: two names that differ only in case and
    spacing read as one."""
    return " ".join(name.split()).casefold()


def check_not_reserved(value: str) -> str:
    if value in RESERVED_IDS:
        raise ValueError(MESSAGES["reserved"].format(value=value))
    if value in WINDOWS_NAMES:
        raise ValueError(MESSAGES["windows"].format(value=value))
    return value


# What a reader would see as markup, not words: a tag or an HTML entity.
MARKUP = re.compile(r"<[A-Za-z/!?][^>]*>?|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
# WHITESPACE (rules.text) is what pydantic's `strip_whitespace` takes off both ends of a value;
# the essay form takes off the same, so that it checks and writes what `make check` reads.

# Plain text's rules in the order they are checked, each with its message: `check_plain_text`
# goes through this list, and the published JSON Schema holds it (`_not_patterns`).
TEXT_RULES = ((NOT_TEXT, "character"), (BIDI_CONTROLS, "bidi"), (MARKUP, "plain"))


def ecma_pattern(pattern: str) -> str:
    """`pattern` with every character outside printable ASCII written as an escape (\\xhh,
    \\uhhhh), which Python's `re` and JavaScript's RegExp (with the `u` flag) read alike: the
    published schema carries no raw control character or lone surrogate. A character past the
    BMP is written as itself, one code point to both (an escape would be two halves to Python)."""
    return "".join(char if " " <= char <= "~" or ord(char) > 0xFFFF else f"\\x{ord(char):02x}" if ord(char) < 0x100
                   else f"\\u{ord(char):04x}" for char in pattern)


def _not_patterns(rules) -> list[dict]:
    """Rules as JSON Schema: `not` a pattern, each with its message (`x-messages`)."""
    return [{"not": {"pattern": ecma_pattern(pattern.pattern)}, "x-messages": {"not": MESSAGES[key]}}
            for pattern, key in rules]


def _refuse(value: str, rules) -> str:
    for pattern, key in rules:
        found = pattern.search(value)
        if found:
            raise ValueError(MESSAGES[key].format(code=ord(found.group()[0]), found=found.group()))
    return value


def check_plain_text(value: str) -> str:
    """Front matter and registries hold plain text, shown exactly as typed: markup in them
    cannot be meant as text, so it is refused rather than shown as a tag's letters."""
    return _refuse(value, TEXT_RULES)


# Each rule also in the JSON Schema the build publishes (`essay_json_schema`), with its message,
# so that the essay form checks what `make check` checks and says it the same way.
Id = Annotated[str, StringConstraints(strict=True, max_length=100, pattern=ID_PATTERN), AfterValidator(check_not_reserved),
               Field(json_schema_extra={"not": {"enum": sorted(NOT_IDS)},
                                        "x-messages": {"pattern": MESSAGES["id"], "not": MESSAGES["not_id"]}})]
MAX_TEXT = 1000  # characters: a bio or a question; titles and tags are shorter
MAX_TITLE = 200
MAX_TAG = 50


def _text(max_length: int):
    return Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(check_plain_text),
                     Field(json_schema_extra={"allOf": _not_patterns(TEXT_RULES),
                                              "x-messages": {"minLength": MESSAGES["text"], "type": MESSAGES["text"],
                                                             "maxLength": MESSAGES["long"]}})]


Text = _text(MAX_TEXT)
Title = _text(MAX_TITLE)


def check_tag_address(name: str) -> str:
    """A tag's address is a folder of the site: one spelled long (fifty emoji, each a few words)
    would be a name no file system takes."""
    length = len(tag_slug(name))
    if length > MAX_TAG_ADDRESS:
        raise ValueError(MESSAGES["tag_address"].format(name=name, length=length, max_length=MAX_TAG_ADDRESS))
    return name


TagName = Annotated[_text(MAX_TAG), AfterValidator(lambda name: check_tag_address(name))]


def _web_url_pattern() -> str:
    """An http(s) address a browser opens as written, RFC 3986's grammar for the parts a
    browser reads: the scheme (any case), a host (a name, IPv4, or IPv6 in brackets) and a
    port from 0 to 65535, then the path, query or fragment. A host name is
    RFC 3986's letters, digits and marks, or any character beyond ASCII (an international name);
    spaces and characters that are not text are refused before (`WEB_URL_RULES`)."""
    h16 = "[0-9A-Fa-f]{1,4}"
    octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
    ipv4 = rf"{octet}(?:\.{octet}){{3}}"
    ls32 = rf"(?:{h16}:{h16}|{ipv4})"
    ipv6 = "|".join([rf"(?:{h16}:){{6}}{ls32}", rf"::(?:{h16}:){{5}}{ls32}", rf"(?:{h16})?::(?:{h16}:){{4}}{ls32}"] + [
        rf"(?:(?:{h16}:){{0,{n}}}{h16})?::" + tail
        for n, tail in ((1, rf"(?:{h16}:){{3}}{ls32}"), (2, rf"(?:{h16}:){{2}}{ls32}"), (3, rf"{h16}:{ls32}"),
                        (4, ls32), (5, h16), (6, ""))])
    # Labels between single dots (an empty one, "a..b", is no name), none holding a full stop
    # of another script, which a browser reads as a dot ("a。b").
    label = r"(?:[A-Za-z0-9_~!$&'()*+,;=-]|[^\x00-\x7f\u3002\uff0e\uff61])+"
    # A last label that is a number makes the host an IPv4 address to a browser (WHATWG URL: "ends
    # in a number"): then it must be one ("999.1.1.1" and "1.2.3.4.5" are not).
    end = rf"(?:[:/?#]|{WHITESPACE}*$)"
    name = rf"(?:{label}\.)*(?!(?:[0-9]+|0[xX][0-9A-Fa-f]*)\.?{end}){label}\.?"
    port = "(?:[0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
    # No user or password before the host: HTML does not let a link carry them.
    return rf"^{WHITESPACE}*[Hh][Tt][Tt][Pp][Ss]?://(?:\[(?:{ipv6})\]|{ipv4}\.?(?={end})|{name})(?::{port}?)?(?:[/?#][\s\S]*)?{WHITESPACE}*$"


WEB_URL = re.compile(_web_url_pattern())
# An original_url's rules in the order they are checked: (kind, pattern, message). `check_web_url`
# goes through this list, and the published JSON Schema holds it, so the essay form and `make
# check` refuse the same addresses in the same words. `found` quotes the address's host part.
WEB_URL_RULES = (
    ("not", NOT_TEXT, "character"),
    ("pattern", re.compile(rf"^{WHITESPACE}*[Hh][Tt][Tt][Pp][Ss]?://"), "url"),
    ("not", re.compile(NOT_WHITESPACE + WHITESPACE + "+" + NOT_WHITESPACE), "url_space"),
    ("pattern", WEB_URL, "url_broken"),
)
URL_HOST = re.compile(r"://([^/?#]*)")


def check_web_url(value: str) -> str:
    """Only http(s) links reach a reader (`javascript:`, `data:` and friends run code), and
    only an address a browser opens as written: `https://[myblog].com`, a space in a host or a
    port past 65535 is refused in words."""
    for kind, pattern, key in WEB_URL_RULES:
        found = pattern.search(value)
        if (kind == "not") == bool(found):
            host = URL_HOST.search(value)
            shown = found.group() if kind == "not" else shortened(host.group(1) if host else value)
            raise ValueError(MESSAGES[key].format(code=ord(shown[0]) if shown else 0, found=shown))
    return re.sub(rf"^{WHITESPACE}+|{WHITESPACE}+$", "", value)


WebUrl = Annotated[str, StringConstraints(strict=True),
                   Field(examples=["https://example.com/post"],
                         json_schema_extra={"allOf": [
                             {kind: {"pattern": ecma_pattern(pattern.pattern)} if kind == "not" else
                              ecma_pattern(pattern.pattern), "x-messages": {kind: MESSAGES[key]},
                              "x-found": URL_HOST.pattern, "x-found-length": QUOTED}
                             for kind, pattern, key in WEB_URL_RULES]})]


def shortened(value: object, limit: int = QUOTED) -> str:
    """`value` as text for a message, cut to `limit` characters: a message quotes what was
    written, but never pages of it."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


YES_NO = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def read_yes_no(value: object) -> bool:
    """`true` or `false` (YAML 1.2's spellings: also True, TRUE, False, FALSE) as a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in YES_NO:
        return YES_NO[value]
    raise ValueError(MESSAGES["yes_no"].format(value=shortened(value)))


def read_whole_number(value: object) -> int:
    """Digits as an int, at most MAX_NUMBER_CHARS of them (no sign, no 0x, no 1_000)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(rf"[0-9]{{1,{MAX_NUMBER_CHARS}}}", value):
        return int(value)
    raise ValueError(MESSAGES["number"].format(value=shortened(value), digits=MAX_NUMBER_CHARS))


# English month names, whatever the machine's locale (strftime's %B follows it).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def read_year_month(value: object) -> tuple[int, int]:
    """`YYYY-MM` (or the month's English name and the year, "May 2017", as registries first
    wrote it) as (year, month), a year from 1900 on; ValueError with MESSAGES["month"] otherwise
    (MESSAGES["required"] for an empty value)."""
    if value is None:
        raise ValueError(MESSAGES["required"])
    text = value if isinstance(value, str) else ""
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})", text)
    named = re.fullmatch(r"([A-Z][a-z]+) ([0-9]{4})", text)
    year, month = (int(iso[1]), int(iso[2])) if iso else \
        (int(named[2]), MONTHS.index(named[1]) + 1) if named and named[1] in MONTHS else (0, 0)
    if year >= FIRST_YEAR and 1 <= month <= 12:
        return year, month
    raise ValueError(MESSAGES["month"].format(value=shortened(value)))


YesNo = Annotated[bool, BeforeValidator(read_yes_no)]
YearMonth = Annotated[tuple[int, int], BeforeValidator(read_year_month)]
WholeNumber = Annotated[int, BeforeValidator(read_whole_number)]


def read_date(value: object) -> dt.date:
    """An essay's date: YYYY-MM-DD, a year from FIRST_YEAR to next year (`make import` reads a
    page's dates by it too)."""
    if not isinstance(value, str):
        raise ValueError(MESSAGES["date"].format(value=shortened(value)))
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        # Year 0 is a date (the form's calendar has it) outside the range, not a slip in the
        # writing: read as 2000, which has the same days (a 400-year cycle).
        date = dt.date.fromisoformat(value if value[:4] != "0000" else "2000" + value[4:])
    except ValueError:
        raise ValueError(MESSAGES["date"].format(value=shortened(value))) from None
    if value[:4] == "0000" or not FIRST_YEAR <= date.year <= latest_year():
        raise ValueError(MESSAGES["date_range"].format(value=value, last=latest_year()))
    return date


def latest_year() -> int:
    """The latest year an essay's date may have: next year, by this machine's clock."""
    return dt.date.today().year + 1


class Strict(BaseModel):
    """Unknown keys are errors: a typo such as `auhtor:` must not pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EssayFrontMatter(Strict):
    """The YAML front matter at the top of `docs/essays/<slug>.md`."""

    title: Title = Field(description="The essay’s title, as its author gave it.")
    title_by_editors: YesNo = Field(
        False,
        description="`true` when the author gave no title and the editors chose this one; "
        "the site then marks the title as the editors’.",
    )
    author: Id = Field(description="An author id from `docs/registry/authors.yml`.")
    prompt: Id = Field(description="A prompt id from `docs/registry/prompts.yml`.")
    date: dt.date | None = Field(
        None,
        description="Date of first publication, `YYYY-MM-DD`, a year from 1900 to next year. Leave it out when unknown: "
        "the site then says the date is unknown.",
    )
    original_url: WebUrl | None = Field(
        None,
        description="Where the essay was first published (http or https). The page links "
        "to it and names it as the canonical address.",
    )
    original_site: Text | None = Field(
        None,
        description="The name of the blog or site it first appeared on, when known.",
    )
    tags: list[TagName] = Field(default_factory=list, max_length=MAX_TAGS,
                                json_schema_extra={"x-messages": {"maxItems": MESSAGES["tags"]}},
                                description=f"Topics, a list of short strings (at most {MAX_TAGS}), "
                                "e.g. `[motivation, career path]`.")
    summary: Text | None = Field(
        None, description="One or two sentences shown on prompt and author pages."
    )

    @field_validator("original_url")
    @classmethod
    def _web_url(cls, value: str | None) -> str | None:
        return None if value is None else check_web_url(value)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # The YAML loader leaves dates as text; only the plain ISO form is accepted.
        return None if value is None else read_date(value)  # `date:` left empty: not known


# What `make new` prints for a new writer's authors.yml entry and essay, to be replaced: left as
# printed, each is a problem (anthology.contributing and the checker read these same values).
EXAMPLE_AUTHOR = {"display_name": "Your Name", "bio": "One line about you (optional).",
                  "links": [{"title": "My blog", "url": "https://example.com"}]}
EXAMPLE_BODY = "Write your essay here, in Markdown, in place of this line."


def not_example(value: str, example: str, optional: bool = True) -> str:
    if value == example:
        raise ValueError(MESSAGES["example"].format(value=example, or_leave_out=", or leave the field out"
                                                    if optional else ""))
    return value


class Link(Strict):
    """A link on an author's page."""

    title: Text
    url: WebUrl

    @field_validator("url")
    @classmethod
    def _web_url(cls, value: str) -> str:
        return not_example(check_web_url(value), EXAMPLE_AUTHOR["links"][0]["url"])


class AuthorEntry(Strict):
    """One entry of `docs/registry/authors.yml`."""

    id: Id
    display_name: Text = Field(description="How the site names the author.")
    name_known: YesNo = Field(
        description="`false` when the essays do not give the author's name; the site then "
        "says so next to the display name."
    )
    attribution: Text | None = Field(
        None, description="Where the display name comes from, for readers who wonder."
    )
    bio: Text | None = None
    links: list[Link] = Field(default_factory=list)

    @field_validator("display_name")
    @classmethod
    def _not_example_name(cls, value: str) -> str:
        return not_example(value, EXAMPLE_AUTHOR["display_name"], optional=False)

    @field_validator("bio")
    @classmethod
    def _not_example_bio(cls, value: str | None) -> str | None:
        return value if value is None else not_example(value, EXAMPLE_AUTHOR["bio"])


class ChallengeEntry(Strict):
    """A writing challenge: the season the prompts belong to. Challenges are listed in the
    order they ran, by `started`."""

    id: Id
    title: Text
    organiser: Text
    started: YearMonth = Field(description="The month it started, `YYYY-MM`.")
    cadence: Text | None = None
    description: Text | None = None


class PromptEntry(Strict):
    """One entry of `prompts:` in `docs/registry/prompts.yml`."""

    id: Id
    challenge: Id
    order: WholeNumber = Field(ge=1, description="Where the prompt is listed among its challenge's prompts.")
    number: WholeNumber | None = Field(
        None, ge=1, description="The prompt's number in its challenge, when known."
    )
    title: Title
    question: Text = Field(description="The question as posed, or the editors' wording of it.")
    wording: Literal["original", "editors"] = Field(
        description="`original` when `question` quotes the challenge; `editors` when the "
        "original wording is unknown and the editors phrased the question."
    )


class AuthorsFile(Strict):
    authors: list[AuthorEntry]


class PromptsFile(Strict):
    challenges: list[ChallengeEntry]
    prompts: list[PromptEntry]


_TAGS_FIELD = EssayFrontMatter.model_fields["tags"]
_ESSAY_TAGS = TypeAdapter(Annotated[_TAGS_FIELD.annotation, *_TAGS_FIELD.metadata])


def essay_tags(value: object) -> list[str] | None:
    """`tags` of an essay's front matter as EssayFrontMatter reads them (its own field, whole), or
    None when they would not pass it: read where the rest of the front matter fails, so that a
    wrong date does not hide a tag's clash with another essay's until the next check."""
    try:
        return _ESSAY_TAGS.validate_python(value)
    except ValidationError:
        return None


def essay_json_schema() -> dict:
    """The front matter's rules as JSON Schema, for the essay form (published by the build)."""
    schema = EssayFrontMatter.model_json_schema()
    schema["x-messages"] = {"required": MESSAGES["required"], "additionalProperties": MESSAGES["unknown"],
                            "same_original": MESSAGES["same_original"]}
    date = schema["properties"]["date"]
    in_range = MESSAGES["date_range"].replace("{last}", str(latest_year()))
    date["x-messages"] = {"format": MESSAGES["date"], "pattern": MESSAGES["date"], "type": MESSAGES["date"],
                          "formatMinimum": in_range, "formatMaximum": in_range}
    # formatMinimum and formatMaximum: JSON Schema's proposed keywords for bounds on a format.
    written = next(branch for branch in date["anyOf"] if branch.get("format") == "date")
    written.update({"formatMinimum": f"{FIRST_YEAR}-01-01", "formatMaximum": f"{latest_year()}-12-31"})
    # A new author's id, made as `author_id_for` makes it, and what the form says about the name.
    schema["x-new-author"] = {"latin-letters": LATIN_LETTERS, "max-length": MAX_AUTHOR_ID,
                              "display_name": AuthorEntry.model_json_schema()["properties"]["display_name"],
                              "x-messages": {key: MESSAGES[key] for key in ("author_taken", "no_id_letters")}}
    # The file's own rules, which `source.read_text` holds the essay's text to: its size in
    # UTF-8, and no character that is not text.
    schema["x-file"] = {"maxBytes": MAX_ESSAY_BYTES, "allOf": _not_patterns(TEXT_RULES[:1]),
                        "x-messages": {"maxBytes": MESSAGES["essay_size"].format(max_kb=MAX_ESSAY_BYTES // 1024)}}
    # What every text value loses at both ends before it is checked (pydantic's strip).
    schema["x-whitespace"] = ecma_pattern(WHITESPACE)
    # A tag's address (`tag_slug`): each character's spelling, then slugify's steps. Two tags
    # of one address in the anthology are refused (catalog), so the form spells them too.
    schema["x-tag-address"] = {"spellings": tag_spellings(), "steps": [list(step) for step in SLUG_STEPS],
                               "empty": "tag", "not-ids": sorted(NOT_IDS), "suffix": "-tag",
                               "maxLength": MAX_TAG_ADDRESS,
                               "x-messages": {"shared": MESSAGES["tag_shared"], "maxLength": MESSAGES["tag_address"]}}
    return schema
