"""Turn a published blog post into an essay body: a saved HTML page or a plain-text scrape.

HTML goes through trafilatura, a well-kept main-content extractor that also reads the page's
metadata (title, canonical address, site name), then markdownify, made to keep what the post's
reader saw: a <br> a hard break, a line's start that Markdown would read as a list, heading or
quote ("2014. ...") escaped, and so are the characters it would read as markup. The date is
only the page's own metadata's (`page_date`), never guessed from its text or address. Every
change is listed in `changes`, at the line of the body it is on.

Plain text, like the scrapes in
`tests/fixtures/seeds/`, is cleaned here by a few rules: blog boilerplate is removed line by line
(and everything after a comment form or a "first appeared on" footer), and the structure a
scrape loses is restored (headings, lists, quotes). Every removed line is kept in `removed`
so that a person can review what went.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field

from anthology.rules.problems import counted

# Whole lines that are blog furniture, not essay.
NOISE_LINES = [
    r"Table of Contents",
    r"Share (?:with your friends!?|the post|this:?)",
    r"Share on (?:X|Twitter|Facebook|LinkedIn)",
    r"Get Even More Visitors To Your Blog.*",
    r"Subscribe to .+",
    r"Get updates delivered right to your inbox!?",
    r"Thank you for your subscription\.?",
    r"Like this:?|Loading\.\.\.|Related",
]
# A line from which everything to the end is furniture (comment forms, syndication footers).
CUT_FROM = [
    r"Leave a (?:Reply|Comment)",
    r"This post first appeared on (?P<site>.+?) \|.*",
]
GLUED_SHARE = re.compile(r"\s*Share on (?:X|Twitter|Facebook|LinkedIn)(?=[A-Z])")
BYLINE = re.compile(r"By ((?:[A-Z][\w.'’-]+ ?){1,4})")
BULLET = re.compile(r"^(?:[•·▪●◦]|[-*])\s+(.*)")
NUMBERED = re.compile(r"^(\d{1,2})\.\s+(.*)")  # "2014. ..." is a year: it stays a paragraph
QUOTE_WITH_SOURCE = re.compile(r"^“[^”]+”\s*[–—-]\s*\S.*")
CITED_SOURCE = re.compile(r"\([A-Z][^()]{1,40}\)$")


# What a line of text may begin with that CommonMark (GitHub, and the site through
# anthology.rendering.gfm) reads as the start of another block, and what it would read; a
# backslash before the group `at` keeps it text ("2014\\." stays a year, not a list from 2014).
LINE_STARTS = [
    (re.compile(r"\d{1,9}(?P<at>[.)])(?=[ \t]|$)"), "a numbered list"),
    (re.compile(r"(?P<at>[-+*])(?=[ \t]|$)"), "a list"),
    (re.compile(r"(?P<at>#)#{0,5}(?=[ \t]|$)"), "a heading"),
    (re.compile(r"(?P<at>>)"), "a quote"),
    (re.compile(r"(?P<at>=)=*[ \t]*$|(?P<dash>-)-*[ \t]*$"), "a heading's underline"),
    (re.compile(r"(?P<at>`)``|(?P<tilde>~)~~"), "code"),
    (re.compile(r"(?P<at>\[)[^\]]*\]:"), "a link's definition"),
    # (a line of "|", ":" and "-" alone can be read as the line under a table's head.)
    (re.compile(r"[ \t]*(?=[^|-]*[|-])(?P<at>[|:-])[|: \t-]*$"), "a table's line"),
]


@dataclass
class Change:
    """A change the import made to the post: at a line of the body (1 is its first), or to
    the page as a whole (None)."""

    line: int | None
    what: str


def keep_line_start(text: str) -> tuple[str, str | None]:
    """`text`, a line of the writer's text, with a backslash where its start would make another
    block, and a note saying what was kept (None when nothing needed to be)."""
    for pattern, read_as in LINE_STARTS:
        match = pattern.match(text)
        if match:
            at = next(match.start(group) for group in ("at", "dash", "tilde") if group in
                      pattern.groupindex and match.group(group) is not None)
            token = text[: match.end()].strip()
            return (text[:at] + ESCAPED + text[at:],
                    f"'{token}' escaped as '{token[: at] + chr(92) + token[at :]}' so that it is not read as {read_as}")
    return text, None


@dataclass
class Imported:
    body: str
    title: str | None = None
    original_url: str | None = None
    original_site: str | None = None
    date: str | None = None
    author_hint: str | None = None
    removed: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


# --- plain text ------------------------------------------------------------------------


def import_text(text: str, prompt_question: str | None = None) -> Imported:
    """Clean a plain-text scrape. `prompt_question` lets a leading fragment of it go."""
    result = Imported(body="")
    lines = _lines(text, result)
    lines = _cut_tail(lines, result)
    lines = [line for line in lines if not _is_noise(line, result)]
    lines = _strip_head(lines, prompt_question, result)
    blocks, notes = _blocks(lines)
    result.body = "\n\n".join(blocks) + "\n"
    line = 1
    for index, block in enumerate(blocks):
        result.changes += [Change(line, note) for note in notes.get(index, [])]
        line += block.count("\n") + 2
    return result


def _lines(text: str, result: Imported) -> list[str]:
    result.removed += [match.group(0).strip() + " (glued to the next sentence)" for match in GLUED_SHARE.finditer(text)]
    text = GLUED_SHARE.sub("\n", text)
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cut_tail(lines: list[str], result: Imported) -> list[str]:
    for index, line in enumerate(lines):
        for pattern in CUT_FROM:
            match = re.fullmatch(pattern, line)
            if match:
                result.original_site = match.groupdict().get("site") or result.original_site
                result.removed += lines[index:]
                return lines[:index]
    return lines


def _is_noise(line: str, result: Imported) -> bool:
    if any(re.fullmatch(pattern, line) for pattern in NOISE_LINES):
        result.removed.append(line)
        return True
    return False


def _strip_head(lines: list[str], prompt_question: str | None, result: Imported) -> list[str]:
    """Drop a leading prompt fragment and byline; take a leading title-like line as title."""
    while lines:
        first = lines[0]
        if prompt_question and len(first) > 15 and first in prompt_question:
            result.removed.append(first)
        elif BYLINE.fullmatch(first):
            result.author_hint = BYLINE.fullmatch(first).group(1).strip()
            result.removed.append(first)
        elif result.title is None and _is_title(first) and len(lines) > 1:
            result.title = first
            result.changes.append(Change(None, f"the first line, '{first}', taken as the title"))
        else:
            break
        lines = lines[1:]
    return lines


def _is_title(line: str) -> bool:
    return len(line) <= 90 and len(line.split()) <= 12 and not line.endswith((".", ",", ";", ":"))


def _is_heading(line: str) -> bool:
    return (
        len(line) <= 70
        and len(line.split()) <= 10
        and line[0].isupper()
        and not re.search(r"[.,;:…\"”’)]$", line)
        and not (line.endswith(("?", "!")) and len(line.split()) > 8)
        and not BULLET.match(line)
        and not NUMBERED.match(line)
    )


def _blocks(lines: list[str]) -> tuple[list[str], dict[int, list[str]]]:
    """Markdown blocks: headings, lists, quotes and paragraphs, in the order of the lines; and
    what was made of a line, by the block's index, for the list of changes."""
    blocks: list[str] = []
    notes: dict[int, list[str]] = {}
    for index, line in enumerate(lines):
        previous = blocks[-1] if blocks else ""
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        made = None
        if bullet and previous.split("\n")[-1].startswith("- "):
            blocks[-1] += "\n- " + _escape(bullet.group(1), notes.setdefault(len(blocks) - 1, []))
            continue
        elif bullet:
            text, made = "- " + _escape(bullet.group(1), notes.setdefault(len(blocks), [])), "made a list"
        elif numbered:
            text = f"{numbered.group(1)}. **{_escape(numbered.group(2), notes.setdefault(len(blocks), []))}**"
            made = "made a numbered list's item, its text bold (a scrape loses the list)"
        elif NUMBERED.match(previous) and previous.endswith("**"):
            text = "    " + _escape(line, notes.setdefault(len(blocks), []))  # the paragraph that explains a list item
            made = "indented under the list item before it"
        elif QUOTE_WITH_SOURCE.match(line) or (previous.endswith(":") and CITED_SOURCE.search(line)):
            text, made = "> " + _escape(line, notes.setdefault(len(blocks), [])), "made a quote"
        elif _is_heading(line) and index + 1 < len(lines):
            text, made = "## " + _escape(line, notes.setdefault(len(blocks), [])), "a short line made a heading"
        else:
            text = _escape(line, notes.setdefault(len(blocks), []))
        if made:
            notes[len(blocks)].insert(0, made)
        blocks.append(text)
    return blocks, notes


def _escape(text: str, notes: list[str]) -> str:
    """Keep scraped text literal: no accidental HTML or Markdown syntax at a line start."""
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    text, note = keep_line_start(text)
    notes += [note] if note else []
    return text.replace(ESCAPED, "\\")


# --- HTML ------------------------------------------------------------------------------

# Placeholders while a page is converted (Unicode non-characters: no page holds them as text,
# and any it does hold are taken out first): where a <br> was, a hard break once the lines are
# final; where a line of the writer's text starts; a backslash put in to keep a character as text;
# an "&" written "&amp;"; a <br> in code set in a line, where the reader sees a space.
BREAK, START, ESCAPED, AMPERSAND, SPACED = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3", "\ufdd4"
PLACEHOLDERS = re.compile("[\ufdd0-\ufdd4]")
# A reference to a character an XML tree cannot hold (a control character but tab, line feed and
# carriage return; U+FFFE, U+FFFF): one anywhere makes the page unreadable to trafilatura. A
# browser shows none of them.
NOT_IN_XML = re.compile(r"&#(?:[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
                        r"|0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9]));?")
# Before a placeholder, the markers of the quotes and list items a line of text is in.
CONTAINERS = re.compile(r"(?:[ \t]*(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \t])))*[ \t]*")
# What GitHub and the site read as markup in a line of text, beyond markdownify's own escapes (of
# "*" and "_"): a backslash, code ("`"), a link ("["), HTML or an address ("<b>", "<a@b.c>"),
# strikethrough ("~") and "==" (a highlight in other Markdown); a backslash before it keeps it
# as typed. And a character's reference ("&copy;"): its "&" is written "&amp;".
MARKUP_IN_TEXT = re.compile(r"[\\`~\[<]|=(?==)")
REFERENCE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Embedded things an essay cannot hold (it is Markdown text), listed when a page has them.
EMBEDDED = ("img", "picture", "video", "audio", "iframe", "embed", "object", "svg", "canvas", "form", "script")


@dataclass
class _Line:
    text: str
    notes: list[str] = field(default_factory=list)


def import_html(html: str, url: str | None = None) -> Imported:
    """Extract the main content of a saved blog page as Markdown, with its metadata; every
    change made to the post's text is in `changes`, at its line of the body."""
    # Imported here: only `import` of an HTML page needs them.
    import lxml.html
    import trafilatura
    from lxml import etree
    from trafilatura.htmlprocessing import convert_to_html

    html, taken = PLACEHOLDERS.subn("", html)
    not_text = NOT_IN_XML.findall(html)
    html = NOT_IN_XML.sub("", html)
    document = trafilatura.bare_extraction(
        html, url=url, include_formatting=True, include_links=True, include_comments=False,
        include_images=False, include_tables=True, with_metadata=True,
    )
    if document is None or document.body is None or not "".join(document.body.itertext()).strip():
        return Imported(body="")
    # trafilatura's own HTML output turns every list into <ul>; keep numbered lists numbered.
    for numbered in document.body.iter("list"):
        if numbered.get("rend") == "ol":
            numbered.tag = "ol"
    content = etree.tostring(convert_to_html(document.body), encoding="unicode")
    page = lxml.html.fromstring(html.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    # The date is the page's own, from its metadata (trafilatura's guesses read the address and the text).
    date, said = page_date(page)
    result = Imported(body="", title=document.title, original_site=document.sitename,
                      date=date, original_url=document.url or url, author_hint=document.author)
    result.changes.append(Change(None, said))
    if taken:
        result.changes.append(Change(None, f"{taken} characters U+FDD0 to U+FDD4 (not text) taken out"))
    if not_text:
        which = "a character that is not text" if len(not_text) == 1 else "characters that are not text"
        shown = ", ".join(list(dict.fromkeys(not_text))[:5])
        result.changes.append(Change(None, f"{counted(len(not_text), 'reference')} to {which} ({shown}) taken out"))
    lines = _lines_of(content)
    lines = _drop_title_heading(lines, result)
    lines = [line for line in lines if not _is_noise(_plain(line.text).strip(), result)]
    result.body, notes = _final(lines)
    result.changes += [Change(number, note) for number, note in notes]
    if result.original_url and not result.original_url.startswith(("http://", "https://")):
        result.original_url = None
    result.removed += _dropped_blocks(page, content)
    result.changes += _dropped_embedded(page)
    return result


def markdown_of(html: str) -> tuple[str, list[Change]]:
    """`html`, a post's content, as Markdown that GitHub and the site show as the page showed
    it, and the changes that took, at their lines."""
    body, notes = _final(_lines_of(html))
    return body, [Change(number, note) for number, note in notes]


def _lines_of(html: str) -> list[_Line]:
    return [_keep_as_text(line) for line in _markdown_converter()().convert(html).split("\n")]


@functools.cache  # the class made once; markdownify is imported only when a page is imported
def _markdown_converter():
    from bs4 import NavigableString, Tag
    from markdownify import MarkdownConverter

    class MarkdownOfHtml(MarkdownConverter):
        """markdownify, keeping what the reader saw: a <br> a line break, the text as typed."""

        def __init__(self):
            super().__init__(heading_style="ATX", bullets="-", strip=["img"])

        def convert_br(self, el, text, parent_tags):
            if "pre" in parent_tags:  # code: a line end as it is
                return "\n"
            if "_noformat" in parent_tags:  # a code span holds no line break
                return SPACED
            return super().convert_br(el, text, parent_tags) if "_inline" in parent_tags else BREAK + "\n"

        def escape(self, text, parent_tags):
            text = REFERENCE.sub(AMPERSAND, MARKUP_IN_TEXT.sub(lambda match: ESCAPED + match.group(0), text))
            return super().escape(text, parent_tags)

        def process_text(self, el, parent_tags=None):
            text = super().process_text(el, parent_tags)
            if "_noformat" in (parent_tags or ()) or "pre" in (parent_tags or ()):
                return text
            text = text.replace("\n", "\n" + START)
            return START + text.lstrip(" \t\n") if _starts_line(el) else text

    def _starts_line(node) -> bool:
        """Whether text `node` is the first of a line: nothing but the start of inline markup
        stands between it and a <br>, a block's start, or the end of a block before it."""
        while (previous := _previous(node)) is None:
            if node.parent is None or node.parent.name in LINE_BLOCKS:
                return True
            node = node.parent
        return isinstance(previous, Tag) and (previous.name == "br" or previous.name in LINE_BLOCKS)

    def _previous(node):
        previous = node.previous_sibling
        while isinstance(previous, NavigableString) and not previous.strip():
            previous = previous.previous_sibling
        return previous

    return MarkdownOfHtml


def _plain(text: str) -> str:
    return PLACEHOLDERS.sub("", text)


def _blank(text: str) -> bool:
    """Whether `text` is a blank line, in quotes or not (an escaped ">" is text)."""
    return not _plain(text.replace(ESCAPED, "\\")).strip(" >")


def _keep_as_text(line: str) -> _Line:
    """`line` with a backslash where its text would start another block, and notes saying what
    was escaped."""
    inline = sorted(set(re.findall(f"{ESCAPED}(.)", line)))
    shown = ", ".join(f"'{char}'" for char in inline)
    notes = [f"{shown} escaped with a backslash so that it shows as typed"] if inline else []
    if AMPERSAND in line:
        notes.append("'&' written '&amp;' so that a character's name after it shows as typed")
    if SPACED in line:
        notes.append("a line break in code set in a line made a space: Markdown's code in a line has none")
    head, start, rest = line.partition(START)
    if not start:
        return _Line(line, notes)
    rest = rest.replace(START, "")
    if not CONTAINERS.fullmatch(head):  # a block made inline: its text does not start the line
        return _Line(head + rest, notes)
    escaped, note = keep_line_start(rest)
    return _Line(head + escaped, ([note] if note else []) + notes)


def _final(lines: list[_Line]) -> tuple[str, list[tuple[int, str]]]:
    """The body's text and its notes, by line: placeholders made Markdown, blank runs one."""
    kept: list[_Line] = []
    for line in lines:
        text = re.sub(f"[ \t]+(?={BREAK})", "", line.text).rstrip()
        if _blank(text):  # blank, or a line of two <br> in a row: a new paragraph
            if BREAK in text and kept and kept[-1].text:
                kept[-1].notes.append("two line breaks in a row: a new paragraph starts after this line")
            text = ""
        if text or (kept and kept[-1].text):
            kept.append(_Line(text, line.notes))
    while kept and not kept[-1].text:
        kept.pop()
    notes: list[tuple[int, str]] = []
    run = 0
    for index, line in enumerate(kept):
        following = kept[index + 1].text if index + 1 < len(kept) else ""
        breaks = line.text.endswith(BREAK) and not _blank(following)
        line.text = line.text.replace(BREAK, "")
        if breaks:
            line.text += "\\"
            run += 1
        if run and (not breaks or index + 1 == len(kept)):
            first = index - run + (1 if breaks else 0)
            kept_as = "a hard break" if run == 1 else "hard breaks"
            notes.append((first + 1, f"{counted(run, 'line break')} kept as {kept_as} (a backslash at the line's end)"))
            run = 0
        line.text = line.text.replace(ESCAPED, "\\").replace(AMPERSAND, "&amp;").replace(SPACED, " ")
        notes += [(index + 1, note) for note in line.notes]
    notes.sort(key=lambda item: item[0])
    return "\n".join(line.text for line in kept) + "\n", notes


def _drop_title_heading(lines: list[_Line], result: Imported) -> list[_Line]:
    """The page shows the title itself: drop it from the body, and keep `#` for the page."""
    first = next((i for i, line in enumerate(lines) if _plain(line.text).strip()), None)
    if first is not None and result.title and _plain(lines[first].text).lstrip("# ").strip() == result.title.strip():
        result.changes.append(Change(None, "the title, a heading at the top of the post, is not repeated in "
                                     "the body: the essay's page shows it"))
        lines = lines[first + 1 :]
    for line in lines:
        if re.match(r"# ", line.text):
            line.text = "#" + line.text
            line.notes.append("a level 1 heading made level 2: the essay's title is the page's one level 1")
    return lines


# The elements markdownify writes as blocks: text after one, or first in one, starts a line.
LINE_BLOCKS = {"[document]", "html", "body", "p", "div", "article", "section", "li", "ul", "ol", "blockquote",
               "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
               "dl", "dt", "dd", "figure", "figcaption", "hr"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "label",
          "figcaption", "dt", "dd", "button", "div", "header", "footer", "aside", "nav", "section"}


def _dropped_blocks(page, kept_html: str) -> list[str]:
    """The page's text blocks that the extraction left out, for a person to review."""
    import lxml.html

    def leaves(tree) -> list:
        for junk in tree.xpath("//script|//style|//noscript|//head"):
            junk.drop_tree()
        return [el for el in tree.iter() if isinstance(el.tag, str) and el.tag in BLOCKS
                and not any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el.iterdescendants())]

    # Compared without spaces: the kept text's line breaks (<br>) stand where the page had spaces.
    kept = " ".join("".join(el.text_content().split()) for el in leaves(lxml.html.fromstring(kept_html)))
    shown = {" ".join(el.text_content().split()): None for el in leaves(copy.deepcopy(page))}
    return [text for text in shown if text and text.replace(" ", "") not in kept]


def _dropped_embedded(page) -> list[Change]:
    """What the page's body embeds that an essay cannot hold, by kind: images, video, frames, forms."""
    body = (page.xpath("//body") or [page])[0]
    said = []
    for tag in EMBEDDED:
        elements = body.xpath(f".//{tag}")
        described = dict.fromkeys(" ".join((element.get("alt") or element.get("title") or "").split())
                                  for element in elements)
        named = ", ".join(f"'{text}'" for text in list(filter(None, described))[:5])
        if elements:
            said.append(f"{len(elements)} <{tag}>" + (f" ({named})" if named else ""))
    return [Change(None, "dropped, as an essay is text: " + "; ".join(said))] if said else []


# --- the page's date -------------------------------------------------------------------

ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?:[T ]|$)")
# The kinds of thing whose datePublished is the post's (schema.org's Article and its kinds).
ARTICLES = {"Article", "BlogPosting", "NewsArticle", "Report", "ScholarlyArticle", "SocialMediaPosting",
            "TechArticle", "WebPage"}


def page_date(page) -> tuple[str | None, str]:
    """The post's date (YYYY-MM-DD) from the page's own metadata, and where it came from: its
    `article:published_time`, else its `<time datetime>`, else its JSON-LD `datePublished`.
    Never from the text or the address: a date written there may be any date."""
    tried = []
    for source, values in (("article:published_time", _meta_published(page)),
                           ("<time datetime>", _time_published(page)),
                           ("JSON-LD datePublished", _json_ld_published(page))):
        for value in values:
            match = ISO_DATE.match(value)
            refused = _refused_date(match.group(1)) if match else " is not a date"
            if not refused:
                said = f"date {match.group(1)} from the page's {source} ({value.strip()[:40]})"
                return match.group(1), "; ".join([said] + tried)
            tried.append(f"{source} '{value.strip()[:40]}'{refused}")
    said = "no date found in the page's metadata: no `date` written (the site says the date is unknown)"
    return None, "; ".join([said] + tried)


def _refused_date(text: str) -> str | None:
    """Why an essay cannot have `text` as its date (the essay's own rule), or None."""
    from anthology.rules.schema import read_date

    try:
        read_date(text)
    except ValueError as err:
        return f": {err}"
    return None


def _meta_published(page) -> list[str]:
    return [value for value in page.xpath("//meta[@property='article:published_time']/@content") if value.strip()]


def _time_published(page) -> list[str]:
    """The datetime of the post's <time> elements: one marked as the publishing time first;
    none in comments or beside the post (recent posts, navigation)."""
    times = [time for time in page.xpath("//time[@datetime]")
             if not time.xpath("ancestor::aside|ancestor::nav|ancestor::*[contains(@id, 'comment') or "
                               "contains(@class, 'comment')]")]
    published = [time for time in times if "published" in (time.get("class") or "") or time.get("pubdate") is not None
                 or time.get("itemprop") == "datePublished"]
    return [time.get("datetime") for time in published + times if time.get("datetime").strip()]


def _json_ld_published(page) -> list[str]:
    """datePublished of the articles in the page's JSON-LD, each script read as JSON."""
    import json

    found = []
    for script in page.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python reads
            continue
        stack = [data]
        while stack:  # every object, nested or in @graph, without recursion
            item = stack.pop()
            if isinstance(item, list):
                stack += reversed(item)
            elif isinstance(item, dict):
                kinds = item.get("@type") if isinstance(item.get("@type"), list) else [item.get("@type")]
                if isinstance(item.get("datePublished"), str) and ARTICLES & {str(kind) for kind in kinds}:
                    found.append(item["datePublished"])
                stack += reversed(list(item.values()))
    return found
