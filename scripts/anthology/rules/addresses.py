"""Addresses, ids and slugs: the one home for what a page, a file or a part of a page is called.

An id is what a URL is made of; every slug maker, every folder of docs/ and of the site, and
every prefix the build puts on a writer's ids is here, so that check, the forms, `make new`,
`make import` and the build name a thing alike.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from urllib.parse import unquote

import regex
from slugify import slugify
from text_unidecode import unidecode

# Folders of docs/: the defaults of the plugin's `essays` and `registry` options, and the images.
ESSAYS_DIR = "essays"
REGISTRY_DIR = "registry"
IMAGES_DIR = "images"
AUTHORS_FILE = "authors.yml"
PROMPTS_FILE = "prompts.yml"
# Every id in an essay starts with this, so none can be one of the page's own (Material's
# `__config`, the site's `swa-...`); in-page links are renamed to match. GitHub does the same.
ID_PREFIX = "user-content-"

# An id is what a URL is made of: lowercase words joined by hyphens.
ID_WORDS = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERN = f"^{ID_WORDS}$"
# `index.md` is a folder's own page (authors/index.md lists the authors): an author, prompt,
# tag or essay with that id would silently take the list's place.
RESERVED_IDS = frozenset({"index"})
# Names Windows gives to devices: a folder or file so named cannot be made there, and every id
# is a folder of the built site (and an essay's file name) on a contributor's machine.
WINDOWS_NAMES = frozenset({"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)})
NOT_IDS = RESERVED_IDS | WINDOWS_NAMES  # a slug made from a title or tag gets a suffix instead

# Latin letters that Unicode's NFKD does not take apart into a base letter and marks, as
# python-slugify (text-unidecode) writes them. The essay form reads this table too (it is in
# the JSON Schema the build publishes), so that the site and the converter make one id.
LATIN_LETTERS = {"Æ": "ae", "æ": "ae", "Ð": "d", "ð": "d", "Đ": "d", "đ": "d", "Ø": "o", "ø": "o",
                 "Þ": "th", "þ": "th", "ß": "ss", "ẞ": "ss", "Ħ": "h", "ħ": "h", "ı": "i", "ĸ": "k",
                 "Ŀ": "l", "ŀ": "l", "Ł": "l", "ł": "l", "Ŋ": "ng", "ŋ": "ng", "Œ": "oe", "œ": "oe",
                 "Ŧ": "t", "ŧ": "t", "Ə": "e", "ə": "e"}
MAX_AUTHOR_ID = 80  # characters, cut at a hyphen: an address stays readable


def author_id_for(name: str) -> str:
    """The id a new author's `name` makes, '' when it has no Latin letter or digit: the table
    above, then NFKD with every mark dropped, lowercased; the ASCII letters and digits left,
    each run a word, joined by hyphens, whole words up to MAX_AUTHOR_ID characters; an id that
    cannot be one (NOT_IDS) gets "-author". Only Latin letters make an id: other scripts are
    left to the writer to spell (MESSAGES["no_id_letters"]), as no table guesses them right."""
    folded = "".join(LATIN_LETTERS.get(char, char) for char in name)
    folded = "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.category(char).startswith("M"))
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + bool(slug) > MAX_AUTHOR_ID:
            break
        slug = f"{slug}-{word}" if slug else word
    slug = slug or (words[0][:MAX_AUTHOR_ID] if words else "")
    return f"{slug}-author" if slug in NOT_IDS else slug


def slug_for(text: str, kind: str = "essay") -> str:
    """An id made of `text` (a title, a name): its words, transliterated, lowercased and joined
    by hyphens; `kind` when none is left, and after one that cannot be an id ("index-essay")."""
    slug = slugify(text, max_length=80, word_boundary=True) or kind
    return f"{slug}-{kind}" if slug in NOT_IDS else slug


MAX_TAG_ADDRESS = 120  # tags/<address>/ is a folder: far below any system's limit on a name

# --- a tag's address: tags/<slug>/ -------------------------------------------------------------
# Symbols that slugify would drop, as words, so that C++ and C# get addresses of their own.
SYMBOL_WORDS = {"+": "plus", "#": "sharp", "&": "and", "@": "at", "%": "percent", "*": "star", "=": "equals"}
# python-slugify's steps on ASCII text (its legacy pipeline with entities off), in order, as
# (pattern, replacement); "lower" lowercases. Published for the essay form; a test holds
# `slug_steps` equal to slugify on every spelling.
SLUG_STEPS = (("'+", "-"), ("lower", ""), ("(?<=[0-9]),(?=[0-9])", ""), ("[^-a-zA-Z0-9]+", "-"), ("-{2,}", "-"),
              ("^-+|-+$", ""))


def tag_spelling(char: str) -> str:
    """One character of a tag's name as its address spells it, in ASCII: a symbol in words
    (SYMBOL_WORDS, else its Unicode name: "🚀" is ROCKET), an ASCII character as itself, any
    other as python-slugify transliterates it (text-unidecode after NFKD: "中" is "Zhong "),
    without the apostrophes that makes, which slugify drops (it makes a hyphen of those written)."""
    if char in SYMBOL_WORDS:
        return f" {SYMBOL_WORDS[char]} "
    if unicodedata.category(char).startswith("S"):
        return f" {unicodedata.name(char, '')} "
    return char if char.isascii() else unidecode(unicodedata.normalize("NFKD", char)).replace("'", "")


def tag_slug(name: str) -> str:
    """A tag's address: its characters spelled one by one (`tag_spelling`), then lowercased
    and joined by hyphens by python-slugify ("C++" -> "c-plus-plus", "🚀 launch" ->
    "rocket-launch", "中文" -> "zhong-wen"); one that cannot be an id gets "-tag". Character by
    character, so that the essay form spells it the same from a published table: the one
    difference from slugify on the whole name is that combining marks typed out of Unicode's
    order are spelled in the order typed (slugify's NFKD reordered them first)."""
    spelled = "".join(map(tag_spelling, name))
    slug = slugify(spelled, entities=False, decimal=False, hexadecimal=False) or "tag"
    return f"{slug}-tag" if slug in NOT_IDS else slug


def slug_steps(spelled: str) -> str:
    """SLUG_STEPS applied to ASCII text, as the essay form applies them."""
    for pattern, replacement in SLUG_STEPS:
        spelled = spelled.lower() if pattern == "lower" else re.sub(pattern, replacement, spelled)
    return spelled


NOT_KEPT = re.compile(r"[^-a-z0-9,']+")  # what slugify makes a hyphen of, in a spelling lowercased


@functools.lru_cache(maxsize=1)
def tag_spellings() -> list[list]:
    """Every character whose spelling is not itself (ASCII) or nothing (beyond ASCII), as runs
    of consecutive code points: [first code point, "spelling|spelling|..."]. Each spelling is
    cut to what slugify keeps of it (lowercase letters, digits, ',', "'", a hyphen for any other
    run), which spells the same address."""
    runs: list[list] = []
    for code in itertools.chain(range(0x40000), range(0xE0000, 0xF0000)):
        char = chr(code)
        # Beyond the BMP, text-unidecode spells nothing: only a symbol or a character that NFKD
        # takes apart can spell something there (a quick test, for a build's sake); a surrogate
        # is no character. A character beyond ASCII that spells nothing is left out of the table.
        # Planes 4 to 13 hold no character and planes 15 and 16 only private use, which spells
        # nothing: not read (test_form_rules holds the table to tag_spelling for every character).
        if 0xD800 <= code <= 0xDFFF or (code > 0xFFFF and unicodedata.category(char)[0] != "S"
                                        and not unicodedata.decomposition(char)):
            continue
        itself = char if code < 0x80 else ""
        spelled = tag_spelling(char)
        if spelled == itself or (spelled := NOT_KEPT.sub("-", spelled.lower())) == itself:
            continue
        if runs and runs[-1][0] + len(runs[-1][1]) == code:
            runs[-1][1].append(spelled)
        else:
            runs.append([code, [spelled]])
    return [[first, "|".join(spellings)] for first, spellings in runs]


# --- a heading's id: as GitHub makes it -----------------------------------------------------------
# What GitHub drops from a heading's text to make its id: github-slugger's set (its
# script/generate-regex, whose tests hold it to the ids GitHub's own pages carry): other numbers
# ("²", "½"), punctuation but "_" and "-", symbols (emoji), controls, format characters,
# unassigned code points and spaces but " ", save what is alphabetic ("Ⓐ"). Letters and marks of
# every script stay, so Russian, Japanese or Hindi keep their words.
NOT_IN_HEADING_ID = regex.compile(r"[[\p{No}\p{Pd}\p{Ps}\p{Pe}\p{Pi}\p{Pf}\p{Po}\p{S}\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Z}]"
                                  r"--[\p{Alphabetic} \-]]", regex.V1)


def heading_slug(text: str) -> str:
    """The id GitHub gives a heading whose text is `text`, before a repeat is numbered:
    lowercased, NOT_IN_HEADING_ID dropped, each space a hyphen ("Why I stay!" -> "why-i-stay")."""
    return NOT_IN_HEADING_ID.sub("", text.lower()).replace(" ", "-")


class HeadingIds:
    """The ids of one document's headings, in order, as GitHub numbers a repeat: "notes",
    "notes-1", "notes-2"; a heading whose own id is taken by a number gets the next one."""

    def __init__(self) -> None:
        self.taken: dict[str, int] = {}  # id -> how many repeats of it were numbered

    def next(self, text: str) -> str:
        slug = base = heading_slug(text)
        while slug in self.taken:
            self.taken[base] += 1
            slug = f"{base}-{self.taken[base]}"
        self.taken[slug] = 0
        return slug


def fragment_id(fragment: str) -> str:
    """The id a link's fragment names, as a browser looks it up: without the prefix the build
    puts on an essay's ids, percent-encoding read as UTF-8 (GitHub's heading links copy as
    `#%D0%BF...`)."""
    return unquote(fragment).removeprefix(ID_PREFIX)


def page_url(folder: str, slug: str) -> str:
    """The address of the page `<folder>/<slug>/`, relative to the site's root."""
    return f"{folder}/{slug}/"
