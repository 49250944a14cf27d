"""Feeds carry the writers' words safely: read as a feed reader reads them, nothing in them is
markup. test_reader_extras.py checks what the feeds list and in which order; this file checks
how each field is encoded, on an anthology whose essays hold HTML-like and XML-special text.

A feed reader XML-decodes an RSS `<description>` and then renders it as HTML; titles,
categories and creators are plain text, though some readers render them as HTML too.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import lxml.etree
import lxml.html
import pytest
from bs4 import BeautifulSoup, NavigableString
from pydantic import ValidationError

from anthology.outputs.feeds import Feed, json_feed, rss
from anthology.rules.schema import EssayFrontMatter
from conftest import Project

DC = "{http://purl.org/dc/elements/1.1/}"
BASE = "https://anthology.example.org/"

IMG = 'Hello <img src="x>" onerror="alert(1)"> world'
# The checks refuse that as raw HTML in an essay, but not in a code span, whose backticks the
# opening sentences drop: either way the essay's description is IMG, raw.
IMG_BODY = 'Hello `<img src="x>" onerror="alert(1)">` world'
FISH = 'Fish & "Chips" <3 > 2'  # the schema refuses tags and entities, not these characters
FISH_SUMMARY = FISH + ", it's true."
FISH_TAG = "A & B <3"
FISH_AUTHOR = 'Ann & "Bo" <3 > 2'
PROMPT_TITLE = "Fish & Chips <3"
PROMPT_QUESTION = 'Is 3 > 2 & "why"?'
CHALLENGE_TITLE = "Support Driven Spring 2017 Writing Challenge"  # the registry's, in docs/

ESSAYS = {
    "img-in-the-body": (
        "---\ntitle: An image that is not one\nauthor: sarah-wetzel\nprompt: fish-and-chips\n"
        f"date: 2017-06-02\n---\n\n{IMG_BODY}\n"
    ),
    "fish-and-chips": (
        f"---\ntitle: '{FISH}'\nauthor: fish-fan\nprompt: fish-and-chips\ntags: ['{FISH_TAG}']\n"
        "summary: 'Fish & \"Chips\" <3 > 2, it''s true.'\n---\n\nSome words here.\n"  # YAML: '' is '
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A copy of the anthology with an author, a prompt and essays holding hostile text."""
    project = Project(tmp_path_factory.mktemp("feeds") / "anthology")
    authors = project.docs / "registry" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + (
        f"\n  - id: fish-fan\n    display_name: '{FISH_AUTHOR}'\n    name_known: true\n"), encoding="utf-8")
    prompts = project.docs / "registry" / "prompts.yml"
    prompts.write_text(prompts.read_text(encoding="utf-8") + (
        f"\n  - id: fish-and-chips\n    challenge: spring-2017\n    order: 99\n    title: '{PROMPT_TITLE}'\n"
        f"    question: '{PROMPT_QUESTION}'\n    wording: editors\n"), encoding="utf-8")
    for slug, text in ESSAYS.items():
        project.write(f"essays/{slug}.md", text)
    site = project.root / "site"
    result = project.build(site, ANTHOLOGY_SITE_URL=BASE)
    assert result.returncode == 0, result.stderr
    return site


# --- reading as a reader does -----------------------------------------------------------------


def strict_xml(path: Path) -> ET.Element:
    return strict_xml_bytes(path.read_bytes())


def strict_xml_bytes(data: bytes) -> ET.Element:
    """The feed parsed by two strict XML parsers; either raises on a malformed document."""
    lxml.etree.fromstring(data, lxml.etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    return ET.fromstring(data)


def rendered(text: str) -> str:
    """`text` rendered as HTML, as a reader renders a description: it must hold no element
    (no tag, no comment), only text; returns the text the reader shows."""
    fragment = lxml.html.fragment_fromstring(text, create_parent="div")
    assert [node.tag for node in fragment.iterdescendants()] == [], text
    soup = BeautifulSoup(text, "html.parser")
    assert all(type(node) is NavigableString for node in soup.contents), text  # no tag, no comment
    assert soup.get_text() == fragment.text_content()
    return fragment.text_content()


def feeds_in(site: Path) -> list[Path]:
    return sorted(site.rglob("feed.xml"))


def item(channel: ET.Element, title: str) -> ET.Element:
    found = [i for i in channel.findall("item") if i.findtext("title") == title]
    assert len(found) == 1, title
    return found[0]


# --- the premise: the schema keeps markup out of plain-text fields ----------------------------


@pytest.mark.parametrize("field", ["title", "summary"])
@pytest.mark.parametrize("markup", ["<b>bold</b>", "<img src=x onerror=alert(1)>", "Fish &amp; Chips"])
def test_the_schema_refuses_markup_in_front_matter(field, markup):
    # Titles, names and tags go into the RSS as plain text: safe in a reader that renders
    # them as HTML only because no tag or entity can be written in them.
    front = {"title": "T", "author": "a", "prompt": "p", field: markup}
    with pytest.raises(ValidationError):
        EssayFrontMatter.model_validate(front)
    EssayFrontMatter.model_validate({**front, field: FISH})


# --- RSS --------------------------------------------------------------------------------------

HOSTILE = [IMG, "<script>alert(1)</script>", "a <!-- b --> c", "Tom &amp; Jerry &lt;b&gt;", "x]]>y",
           "<![CDATA[<b>]]>", FISH]


@pytest.mark.parametrize("text", HOSTILE + ["A bell \x07 and \x01 start."])
def test_any_description_reaches_the_reader_as_text(text):
    # Whatever the checks upstream let through (the build refuses IMG written as raw HTML, and
    # control characters), the feed itself stays well-formed and shows it as text.
    author = SimpleNamespace(display_name=text, url="authors/a/")
    essay = SimpleNamespace(title=text, url="essays/t/", description=text, author=author, tags=[],
                            prompt=SimpleNamespace(label="P", challenge=SimpleNamespace(title="C")), date=dt.date(2017, 6, 2), original_url=None)
    feed = Feed("", "S", text, "", [essay])
    shown = text.replace("\x07", "").replace("\x01", "")  # XML 1.0 cannot carry them at all
    root = strict_xml_bytes(rss(feed, BASE).encode("utf-8"))
    assert rendered(root.find("channel").findtext("description")) == shown
    assert rendered(root.find("channel/item").findtext("description")) == shown
    assert root.find("channel/item").findtext("title") == shown
    assert root.find("channel/item").findtext(f"{DC}creator") == shown
    assert json.loads(json_feed(feed, BASE))["items"][0]["content_text"] == text


# --- RSS, built -------------------------------------------------------------------------------


def test_every_rss_feed_is_well_formed(built):
    paths = feeds_in(built)
    assert built / "feed.xml" in paths and built / "prompts" / "fish-and-chips" / "feed.xml" in paths
    for path in paths:
        assert strict_xml(path).tag == "rss"


def test_descriptions_are_escaped_html_showing_the_writers_characters(built):
    for path in (built / "feed.xml", built / "prompts" / "fish-and-chips" / "feed.xml"):
        channel = strict_xml(path).find("channel")
        assert rendered(channel.findtext("description"))
        img = item(channel, "An image that is not one")
        # The reader shows the characters the writer typed, and runs nothing.
        assert img.findtext("description") == IMG.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert rendered(img.findtext("description")) == IMG
        assert rendered(item(channel, FISH).findtext("description")) == FISH_SUMMARY
        for each in channel.findall("item"):
            rendered(each.findtext("description"))
    prompt = strict_xml(built / "prompts" / "fish-and-chips" / "feed.xml").find("channel")
    assert rendered(prompt.findtext("description")) == PROMPT_QUESTION


def test_titles_categories_and_creators_are_plain_text_escaped_once(built):
    path = built / "prompts" / "fish-and-chips" / "feed.xml"
    channel = strict_xml(path).find("channel")
    assert channel.findtext("title").startswith(PROMPT_TITLE + " — ")
    fish = item(channel, FISH)  # exactly the writer's characters after XML decoding
    assert fish.findtext(f"{DC}creator") == FISH_AUTHOR
    assert [c.text for c in fish.findall("category")] == [PROMPT_TITLE, CHALLENGE_TITLE, FISH_TAG]
    raw = path.read_text(encoding="utf-8")
    # RSS Profile: "&", "<" and ">" in plain text as hexadecimal character references, once.
    assert "<title>Fish &#x26; \"Chips\" &#x3C;3 &#x3E; 2</title>" in raw
    assert "<dc:creator>Ann &#x26; \"Bo\" &#x3C;3 &#x3E; 2</dc:creator>" in raw
    assert "<category>A &#x26; B &#x3C;3</category>" in raw
    # A reader that renders them as HTML shows the same text: the schema lets no tag in.
    for element in [channel.find("title")] + [e for i in channel.findall("item") for e in i
                                              if e.tag in ("title", "category", f"{DC}creator")]:
        assert rendered(element.text) == element.text


# --- JSON -------------------------------------------------------------------------------------


def test_json_feeds_hold_plain_text(built):
    for path in sorted(built.rglob("feed.json")):
        feed = json.loads(path.read_text(encoding="utf-8"))
        for each in feed["items"]:
            assert "content_html" not in each and each["content_text"] == each["summary"]
    feed = json.loads((built / "prompts" / "fish-and-chips" / "feed.json").read_text(encoding="utf-8"))
    assert feed["description"] == PROMPT_QUESTION and feed["title"].startswith(PROMPT_TITLE + " — ")
    items = {each["url"]: each for each in feed["items"]}
    img = items[BASE + "essays/img-in-the-body/"]
    assert img["content_text"] == IMG  # text, not HTML: no escaping, no markup interpreted
    fish = items[BASE + "essays/fish-and-chips/"]
    assert (fish["title"], fish["content_text"]) == (FISH, FISH_SUMMARY)
    assert fish["authors"][0]["name"] == FISH_AUTHOR and fish["tags"] == [PROMPT_TITLE, CHALLENGE_TITLE, FISH_TAG]


def test_catalog_and_schema_are_json(built):
    catalog = json.loads((built / "anthology.json").read_text(encoding="utf-8"))
    fish = next(e for e in catalog["essays"] if e["id"] == "fish-and-chips")
    assert (fish["title"], fish["summary"], fish["author_name"]) == (FISH, FISH_SUMMARY, FISH_AUTHOR)
    schema = json.loads((built / "essay.schema.json").read_text(encoding="utf-8"))
    assert "title" in schema["properties"]


# --- the real anthology -----------------------------------------------------------------------


def test_the_real_sites_feeds_parse_strictly(site):
    catalog = json.loads((site / "anthology.json").read_text(encoding="utf-8"))
    json.loads((site / "essay.schema.json").read_text(encoding="utf-8"))
    paths = feeds_in(site)
    assert len(paths) == 1 + len(catalog["challenges"]) + len(catalog["prompts"])
    for path in paths:
        channel = strict_xml(path).find("channel")
        assert rendered(channel.findtext("description"))
        for each in channel.findall("item"):
            assert rendered(each.findtext("description"))
        json.loads((path.parent / "feed.json").read_text(encoding="utf-8"))
