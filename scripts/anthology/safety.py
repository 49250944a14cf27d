"""Contributed Markdown is untrusted: report raw HTML and unsafe links at their line.

Raw HTML in an essay may only use the tags, attributes and classes of `anthology.safelist`,
and links and images only its URL schemes (or point within the site). Anything else is
reported, so the contributor fixes it before review; `sanitize.clean_html` removes it again
from the rendered page in case something slips past this check.
"""

from __future__ import annotations

import html
import re

from .problems import Problem
from .safelist import CLASSES, STYLE_PROPERTIES, TAGS, URL_ATTRIBUTES, URL_SCHEMES

# A tag as a Markdown parser sees one: a name right after "<", then attributes up to ">"
# (possibly over several lines).
TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)(?=[\s/>])([^>]*)>")
ATTRIBUTE = re.compile(r"([^\s=/>\"']+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
EMAIL_AUTOLINK = re.compile(r"<[^\s@<>]+@[^\s@<>]+>")
# Link and image targets: [text](target), [ref]: target, and <scheme:...> autolinks.
TARGETS = [
    re.compile(r"\]\(\s*<?([^)>\s]*)"),
    re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE),  # not [^1]: notes
    re.compile(r"<([a-zA-Z][\w+.-]*:[^>\s]*)>"),
]
# Fenced code and code spans are shown as text. Indented blocks are not skipped: four spaces
# also continue a list item, where HTML is live.
CODE = re.compile(
    r"^(```|~~~).*?^\1[^\n]*$"  # fenced blocks
    r"|`[^`\n]*`",  # code spans
    re.MULTILINE | re.DOTALL,
)


def blank_code(body: str) -> str:
    """`body` with fenced code and code spans blanked out, line breaks kept for line numbers:
    what is inside them is shown as text, never read as HTML or Markdown structure."""
    if "`" not in body and "~~~" not in body:  # most essays: skip the scan
        return body
    return CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def unsafe_markdown(body: str, first_line: int, shown: str) -> list[Problem]:
    """Every unsafe piece of `body`, each once at its line (`first_line` is the body's first)."""
    text = blank_code(body)
    found = [(m.start(), _tag_problem(m)) for m in TAG.finditer(text)]
    found += [(m.start(), _url_problem(m.group(1))) for pattern in TARGETS for m in pattern.finditer(text)]
    problems = [
        Problem(shown, first_line + text.count("\n", 0, start), None, message)
        for start, message in sorted(found, key=lambda item: item[0])
        if message
    ]
    return list(dict.fromkeys(problems))  # <script>...</script> on one line: one problem


def _tag_problem(match: re.Match) -> str | None:
    name = match.group(2).lower()
    if re.match(r"[a-z][\w+.-]*:", match.group(0)[1:]) or EMAIL_AUTOLINK.match(match.group(0)):
        return None  # an autolink such as <https://...>, checked as a URL
    if name not in TAGS:
        return (f"raw HTML <{name}> is not allowed in essays; use Markdown "
                f"(HTML tags allowed: {', '.join(sorted(TAGS))})")
    if match.group(1):
        return None  # a closing tag has no attributes
    for key, quoted in ATTRIBUTE.findall(match.group(3)):
        key, value = key.lower(), html.unescape(quoted.strip("\"'"))
        if key not in TAGS[name]:
            allowed = ", ".join(sorted(TAGS[name])) or "none"
            return f"attribute '{key}' on <{name}> is not allowed in essays (allowed: {allowed})"
        if problem := _value_problem(name, key, value):
            return problem
    return None


def _value_problem(tag: str, key: str, value: str) -> str | None:
    if key in URL_ATTRIBUTES:
        return _url_problem(value)
    if key == "class" and tag in CLASSES and not set(value.split()) <= CLASSES[tag]:
        return f"class '{value}' on <{tag}> is not allowed in essays"
    if key == "style":
        properties = {part.split(":")[0].strip().lower() for part in value.split(";") if part.strip()}
        if properties - STYLE_PROPERTIES:
            allowed = ", ".join(sorted(STYLE_PROPERTIES))
            return f"style '{value}' on <{tag}> is not allowed in essays (only {allowed})"
    return None


def _url_problem(url: str) -> str | None:
    scheme = _scheme(url)
    if scheme and scheme not in URL_SCHEMES:
        return (f"{scheme}: links are not allowed; link to an "
                f"{', '.join(s + ':' for s in sorted(URL_SCHEMES))} address or a page of this site")
    return None


def _scheme(url: str) -> str:
    """The scheme a browser would see: entities decoded, blanks and controls removed."""
    decoded = html.unescape(html.unescape(url))
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", decoded).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""
