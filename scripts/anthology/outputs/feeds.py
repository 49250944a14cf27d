"""Feeds: RSS 2.0 and JSON Feed 1.1, for the whole anthology, each challenge and each prompt.

Written from the catalog rather than with mkdocs-rss-plugin: that plugin makes one feed per
configured instance from page dates (falling back to git or build dates), while the anthology
needs one pair per challenge and prompt in the registry and must not invent a date for an
undated essay.

Order (documented in ARCHITECTURE.md, "Outputs"): dated essays newest first, then undated essays in reading
order (by title). An undated item has no date field at all, so a feed reader shows it as
undated instead of as published at build time.

What each field holds (checked by tests/test_feeds.py): an essay's description is plain text
(its summary, or its opening sentences as written, which may hold an untrusted `<img onerror>`),
and RSS readers render `<description>` as HTML, so it is HTML-escaped before it is XML-escaped:
a reader shows the characters and runs nothing. Titles, categories and creators are plain text
(RSS Advisory Board, RSS Profile "Character Data"), so they are XML-escaped once, `&`, `<` and
`>` as hexadecimal character references as that profile recommends; the schema refuses tags and
entities in them (`schema.check_plain_text`), so a reader that renders them as HTML shows the
same text. JSON Feed's `content_text` and `summary` are plain text by that spec and stay so.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from anthology.catalog.model import Catalog, Challenge, Essay, Prompt

DC = "http://purl.org/dc/elements/1.1/"
ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("dc", DC)
ET.register_namespace("atom", ATOM)

# Elements holding plain text, as ElementTree writes them (their text never holds a raw "<").
PLAIN = re.compile(r"(<(title|category|dc:creator)>)([^<]*)(</\2>)")
ENTITY = re.compile(r"&(?:amp|lt|gt);")
HEX = {"&amp;": "&#x26;", "&lt;": "&#x3C;", "&gt;": "&#x3E;"}
# What XML 1.0 cannot carry at all, not even as a reference: an essay's text may hold a
# control character, and one would make the whole feed unreadable to a strict parser.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Feed:
    """One feed's contents; written as `<folder>feed.xml` and `<folder>feed.json`."""

    folder: str  # "" for the site root, "challenges/<id>/" or "prompts/<id>/"
    title: str
    description: str
    page_url: str  # the site page the feed follows
    essays: list[Essay]

    @property
    def rss_path(self) -> str:
        return self.folder + "feed.xml"

    @property
    def json_path(self) -> str:
        return self.folder + "feed.json"


def feeds(catalog: Catalog, site_name: str) -> list[Feed]:
    everything = Feed("", site_name, "Every essay in the anthology.", "", feed_order(catalog.essays))
    return ([everything] + [challenge_feed(challenge, site_name) for challenge in catalog.challenges]
            + [prompt_feed(prompt, site_name) for prompt in catalog.prompts])


def challenge_feed(challenge: Challenge, site_name: str) -> Feed:
    return Feed(challenge.folder, f"{challenge.title} — {site_name}",
                challenge.description or f"Every essay written for the {challenge.title}.", challenge.url,
                feed_order(challenge.essays))


def prompt_feed(prompt: Prompt, site_name: str) -> Feed:
    return Feed(prompt.url, f"{prompt.title} — {site_name}", prompt.question, prompt.url,
                feed_order(prompt.essays))


def feed_order(essays: list[Essay]) -> list[Essay]:
    dated = sorted((e for e in essays if e.date), key=lambda e: (e.date, e.title), reverse=True)
    return dated + [e for e in essays if not e.date]


def _published(essay: Essay) -> dt.datetime:
    return dt.datetime.combine(essay.date, dt.time(12, 0), tzinfo=dt.timezone.utc)


def rss(feed: Feed, base_url: str) -> str:
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _text(channel, "title", feed.title)
    _text(channel, "link", base_url + feed.page_url)
    _text(channel, "description", _as_html(feed.description))
    ET.SubElement(channel, f"{{{ATOM}}}link", {"href": base_url + feed.rss_path, "rel": "self",
                                                 "type": "application/rss+xml"})
    for essay in feed.essays:
        item = ET.SubElement(channel, "item")
        _text(item, "title", essay.title)
        _text(item, "link", base_url + essay.url)
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = base_url + essay.url
        _text(item, "description", _as_html(essay.description))
        _text(item, f"{{{DC}}}creator", essay.author.display_name)
        _text(item, "category", essay.prompt.label)
        _text(item, "category", essay.prompt.challenge.title)
        for tag in essay.tags:
            _text(item, "category", tag.name)
        if essay.date:
            _text(item, "pubDate", format_datetime(_published(essay)))
    ET.indent(root)
    xml = _hex_references(ET.tostring(root, encoding="unicode"))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"


def json_feed(feed: Feed, base_url: str) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": base_url + feed.page_url,
        "feed_url": base_url + feed.json_path,
        "description": feed.description,
        "items": [_json_item(essay, base_url) for essay in feed.essays],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _json_item(essay: Essay, base_url: str) -> dict:
    item = {
        "id": base_url + essay.url,
        "url": base_url + essay.url,
        "title": essay.title,
        "content_text": essay.description,
        "summary": essay.description,
        "authors": [{"name": essay.author.display_name, "url": base_url + essay.author.url}],
        "tags": [essay.prompt.label, essay.prompt.challenge.title] + [tag.name for tag in essay.tags],
    }
    if essay.original_url:
        item["external_url"] = essay.original_url
    if essay.date:
        item["date_published"] = _published(essay).isoformat()
    return item


def _hex_references(xml: str) -> str:
    # Titles are plain text escaped once, not as HTML: text-showing readers would print "&amp;".
    return PLAIN.sub(lambda m: m[1] + ENTITY.sub(lambda e: HEX[e[0]], m[3]) + m[4], xml)


def _as_html(text: str) -> str:
    """Plain text as the HTML that RSS `<description>` holds: shown as text, never as markup."""
    return html.escape(text, quote=False)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = NOT_XML.sub("", text)
