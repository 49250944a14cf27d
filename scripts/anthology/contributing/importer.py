"""Turn a published blog post into an essay body: a saved HTML page or a plain-text scrape.

HTML goes through trafilatura, a well-kept main-content extractor that also reads the page's
metadata (title, date, canonical address, site name). Plain text, like the scrapes in
`tests/fixtures/seeds/`, is cleaned here by a few rules: blog boilerplate is removed line by line
(and everything after a comment form or a "first appeared on" footer), and the structure a
scrape loses is restored (headings, lists, quotes). Every removed line is kept in `removed`
so that a person can review what went.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)")
QUOTE_WITH_SOURCE = re.compile(r"^“[^”]+”\s*[–—-]\s*\S.*")
CITED_SOURCE = re.compile(r"\([A-Z][^()]{1,40}\)$")


@dataclass
class Imported:
    body: str
    title: str | None = None
    original_url: str | None = None
    original_site: str | None = None
    date: str | None = None
    author_hint: str | None = None
    removed: list[str] = field(default_factory=list)


# --- plain text ------------------------------------------------------------------------


def import_text(text: str, prompt_question: str | None = None) -> Imported:
    """Clean a plain-text scrape. `prompt_question` lets a leading fragment of it go."""
    result = Imported(body="")
    lines = _lines(text, result)
    lines = _cut_tail(lines, result)
    lines = [line for line in lines if not _is_noise(line, result)]
    lines = _strip_head(lines, prompt_question, result)
    result.body = "\n\n".join(_blocks(lines)) + "\n"
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


def _blocks(lines: list[str]) -> list[str]:
    """Markdown blocks: headings, lists, quotes and paragraphs, in the order of the lines."""
    blocks: list[str] = []
    for index, line in enumerate(lines):
        previous = blocks[-1] if blocks else ""
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet and previous.split("\n")[-1].startswith("- "):
            blocks[-1] += "\n- " + _escape(bullet.group(1))
        elif bullet:
            blocks.append("- " + _escape(bullet.group(1)))
        elif numbered:
            blocks.append(f"{numbered.group(1)}. **{_escape(numbered.group(2))}**")
        elif NUMBERED.match(previous) and previous.endswith("**"):
            blocks.append("    " + _escape(line))  # the paragraph that explains a list item
        elif QUOTE_WITH_SOURCE.match(line) or (previous.endswith(":") and CITED_SOURCE.search(line)):
            blocks.append("> " + _escape(line))
        elif _is_heading(line) and index + 1 < len(lines):
            blocks.append("## " + _escape(line))
        else:
            blocks.append(_escape(line))
    return blocks


def _escape(text: str) -> str:
    """Keep scraped text literal: no accidental HTML or Markdown syntax at a line start."""
    text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
    return re.sub(r"^([#>+=]|\d+\.(?=\s))", r"\\\1", text)


# --- HTML ------------------------------------------------------------------------------


def import_html(html: str, url: str | None = None) -> Imported:
    """Extract the main content of a saved blog page as Markdown, with its metadata."""
    # Imported here: only `import` of an HTML page needs them.
    import trafilatura
    from lxml import etree
    from markdownify import markdownify
    from trafilatura.htmlprocessing import convert_to_html

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
    markdown = markdownify(content, heading_style="ATX", bullets="-", strip=["img"])
    result = Imported(body="", title=document.title, original_site=document.sitename,
                      date=document.date, original_url=document.url or url, author_hint=document.author)
    lines = [line.rstrip() for line in markdown.splitlines()]
    lines = _drop_title_heading(lines, result.title)
    kept = [line for line in lines if not (line.strip() and _is_noise(line.strip(), result))]
    result.body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip() + "\n"
    if result.original_url and not result.original_url.startswith(("http://", "https://")):
        result.original_url = None
    result.removed += _dropped_blocks(html, content)
    return result


def _drop_title_heading(lines: list[str], title: str | None) -> list[str]:
    """The page shows the title itself: drop it from the body, and keep `#` for the page."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and title and lines[first].lstrip("# ").strip() == title.strip():
        lines = lines[first + 1 :]
    return ["#" + line if re.match(r"# ", line) else line for line in lines]


BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "label",
          "figcaption", "dt", "dd", "button", "div", "header", "footer", "aside", "nav", "section"}


def _dropped_blocks(page: str, kept_html: str) -> list[str]:
    """The page's text blocks that the extraction left out, for a person to review."""
    import lxml.html

    def texts(markup: str) -> list[str]:
        # As bytes: lxml refuses text that declares its own encoding (an XHTML page's <?xml ...?>).
        tree = lxml.html.fromstring(markup.encode("utf-8"))
        for junk in tree.xpath("//script|//style|//noscript|//head"):
            junk.drop_tree()
        leaves = [el for el in tree.iter() if isinstance(el.tag, str) and el.tag in BLOCKS
                  and not any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el.iterdescendants())]
        return [" ".join(el.text_content().split()) for el in leaves]

    kept = " ".join(texts(kept_html))
    return [text for text in dict.fromkeys(texts(page)) if text and text not in kept]
